import { hostname } from "node:os";
import { headers, type Msg, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { ExtractionPool } from "../services/probe-extraction-pool.js";
import { ProbeImageError } from "../services/probe-image.js";
import { extractImage } from "../services/probe-image-extraction.js";
import {
  EXTRACTOR_HEADER,
  ExtractionProtocolError,
  type ExtractorStatus,
  extractionSubject,
  extractorStatusSubject,
  FAILURE_HEADER,
  IMAGE_ERROR_HEADER,
  imageOf,
  waitOf,
} from "./extraction-protocol.js";
import { FARM_PARAMETERS } from "./farm-parameters.js";
import { encodeJson } from "./search-protocol.js";

export interface ExtractionServiceOptions {
  readonly nc: NatsConnection;
  readonly prefix?: string;
  /** Extraction worker threads (0 extracts on the main thread, one image at a time). */
  readonly workers: number;
  /** This extractor's name in replies (default host:pid). */
  readonly name?: string;
  readonly log?: (line: string) => void;
}

/**
 * One `tenprint extractor`: takes booking images from the farm's extraction queue group and answers
 * each with its template, extracted exactly as the hub's own threads would (the same function on the
 * same kind of worker thread), so a template does not depend on where it was made.
 */
export class ExtractionService {
  readonly #pool: ExtractionPool | undefined;
  readonly #name: string;
  readonly #workers: number;
  readonly #startedAt = new Date();
  #subscription: Subscription | undefined;
  #status: Subscription | undefined;
  #lastJobAt: Date | undefined;
  #answered = 0;
  #skipped = 0;
  readonly #threads: number;
  #busy = 0;
  readonly #waiting: (() => void)[] = [];

  private constructor(options: ExtractionServiceOptions) {
    this.#pool = options.workers > 0 ? new ExtractionPool(options.workers) : undefined;
    this.#name = options.name ?? `${hostname()}:${process.pid}`;
    this.#threads = Math.max(1, options.workers);
    this.#workers = options.workers;
  }

  static async start(options: ExtractionServiceOptions): Promise<ExtractionService> {
    const service = new ExtractionService(options);
    const subject = extractionSubject(options.prefix ?? FARM_PARAMETERS.defaultPrefix);
    service.#subscription = options.nc.subscribe(subject, {
      queue: subject,
      callback: (error, msg) => {
        if (!error) void service.#answer(msg);
      },
    });
    // Every extractor answers (no queue group), so `tenprint cluster status` lists them all.
    service.#status = options.nc.subscribe(
      extractorStatusSubject(options.prefix ?? FARM_PARAMETERS.defaultPrefix),
      {
        callback: (error, msg) => {
          if (!error) msg.respond(encodeJson(service.status()));
        },
      },
    );
    // Registered on the server before anyone is told the extractor is ready.
    await options.nc.flush();
    options.log?.(`extractor ${service.#name} ready: ${options.workers} worker thread(s) on ${subject}`);
    return service;
  }

  get answered(): number {
    return this.#answered;
  }

  status(): ExtractorStatus {
    return {
      extractor: this.#name,
      workers: this.#workers,
      jobsDone: this.#answered,
      skipped: this.#skipped,
      busy: this.#busy,
      startedAt: this.#startedAt.toISOString(),
      lastJobAt: this.#lastJobAt?.toISOString() ?? null,
    };
  }

  /** Images dropped because the hub's wait for them was over before a thread was free. */
  get skipped(): number {
    return this.#skipped;
  }

  /** Waits for a free thread: images queue here, where their age can be checked, not in the threads. */
  #turn(): Promise<void> {
    if (this.#busy < this.#threads) {
      this.#busy++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy--;
  }

  async #answer(msg: Msg): Promise<void> {
    const received = performance.now();
    const wait = waitOf(msg.headers);
    const h = headers();
    h.set(EXTRACTOR_HEADER, this.#name);
    let bytes: Uint8Array = new Uint8Array(0);
    try {
      const image = imageOf(msg.data, msg.headers);
      await this.#turn();
      try {
        // The hub stopped waiting and extracted it itself: the threads go to images still awaited.
        if (performance.now() - received > wait) {
          this.#skipped++;
          return;
        }
        bytes = this.#pool ? (await this.#pool.extract([image]))[0]!.bytes : extractImage(image);
      } finally {
        this.#release();
      }
      this.#answered++;
      this.#lastJobAt = new Date();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ProbeImageError || error instanceof ExtractionProtocolError)
        h.set(IMAGE_ERROR_HEADER, message.replace(/^probe extraction: /, ""));
      else if (this.#pool) h.set(FAILURE_HEADER, message);
      // On the main thread, any throw is the image's own (decoding, extraction).
      else h.set(IMAGE_ERROR_HEADER, `finger ${msg.headers?.get("Tenprint-Position")}: ${message}`);
    }
    msg.respond(bytes, { headers: h });
  }

  /** Stops taking images (those in hand are answered first), then stops the threads. */
  async close(): Promise<void> {
    await this.#subscription?.drain();
    this.#status?.unsubscribe();
    await this.#pool?.close();
  }
}
