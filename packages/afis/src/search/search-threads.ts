import { availableParallelism } from "node:os";
import { SearchWorkers } from "./search-workers.js";

/**
 * Search threads that several galleries share (GalleryOptions.threads): a booking searched in two
 * galleries then has its probe fingers indexed once on these threads, not once per gallery, because
 * the threads keep the matchers of the latest probe fingers whichever gallery asked (search-worker.ts).
 * The threads start with the first task and stop with `close`; a gallery's own `close` leaves them
 * running for the others.
 */
export class SearchThreads {
  readonly size: number;
  #workers: SearchWorkers | undefined;

  constructor(size: number = availableParallelism()) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`shared search threads need at least one thread, got ${size}`);
    this.size = size;
  }

  /** The worker pool, started when first asked for (and again after `close`). */
  get workers(): SearchWorkers {
    this.#workers ??= new SearchWorkers(this.size);
    return this.#workers;
  }

  /** Stops the threads; a later search starts them again. */
  async close(): Promise<void> {
    await this.#workers?.close();
    this.#workers = undefined;
  }
}
