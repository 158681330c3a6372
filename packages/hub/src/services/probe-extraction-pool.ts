import type { Worker } from "node:worker_threads";
import { typeScriptWorker } from "@tenprint/threads";
import type { ExtractionReply, ExtractionRequest } from "./probe-extraction-worker.js";
import type { ProbeImage } from "./probe-image.js";

interface Pending {
  resolve(templates: readonly { position: number; bytes: Uint8Array }[]): void;
  reject(error: Error): void;
}

/**
 * Worker threads that decode and extract booking images, one booking per task, least busy thread first.
 * Templates come back in our binary format: small, and structured-clone friendly.
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
        else pending.resolve(reply.templates);
      });
      worker.on("error", (error) => {
        for (const [, pending] of this.#pending) pending.reject(error);
        this.#pending.clear();
      });
      this.#workers.push(slot);
    }
  }

  extract(images: readonly ProbeImage[]): Promise<readonly { position: number; bytes: Uint8Array }[]> {
    const slot = this.#workers.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    const id = this.#next++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, images } satisfies ExtractionRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
    this.#workers.length = 0;
  }
}
