import type { Worker } from "node:worker_threads";
import { typeScriptWorker } from "@tenprint/threads";
import type { ExtractionReply, ExtractionRequest } from "./probe-extraction-worker.js";
import type { ProbeImage } from "./probe-image.js";

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}

export interface ExtractedFinger {
  readonly position: number;
  /** The template in our binary format: small, and structured-clone friendly. */
  readonly bytes: Uint8Array;
}

/**
 * Worker threads that decode and extract booking images. Each image is its own task, given to the
 * least busy thread: on an idle hub one booking's ten images spread over every thread, so a booking
 * waits for a fraction of its extraction time, and on a busy hub whole images balance the threads.
 * Threads take their tasks in order, so an earlier booking's images are not overtaken by a later one's.
 */
export class ExtractionPool {
  readonly #workers: { worker: Worker; busy: number }[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = typeScriptWorker(new URL("./probe-extraction-worker.ts", import.meta.url));
      worker.unref();
      const slot = { worker, busy: 0 };
      worker.on("message", (reply: ExtractionReply) => {
        slot.busy--;
        const pending = this.#pending.get(reply.id);
        if (!pending) return;
        this.#pending.delete(reply.id);
        if ("error" in reply) pending.reject(new Error(`probe extraction: ${reply.error}`));
        else pending.resolve(reply.bytes);
      });
      worker.on("error", (error) => {
        for (const [, pending] of this.#pending) pending.reject(error);
        this.#pending.clear();
      });
      this.#workers.push(slot);
    }
  }

  extract(images: readonly ProbeImage[]): Promise<ExtractedFinger[]> {
    return Promise.all(
      images.map(async (image) => ({ position: image.position, bytes: await this.#extractOne(image) })),
    );
  }

  #extractOne(image: ProbeImage): Promise<Uint8Array> {
    const slot = this.#workers.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    const id = this.#next++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, image } satisfies ExtractionRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
    this.#workers.length = 0;
  }
}
