import type { Worker } from "node:worker_threads";
import { typeScriptWorker } from "@tenprint/threads";
import type { FingerBatch } from "./finger-batch.js";
import type { GalleryArrays } from "./gallery-store.js";
import type { SearchTask, WorkerReply, WorkerTask } from "./search-worker.js";

interface Pending {
  resolve(value: WorkerReply): void;
  reject(error: Error): void;
}

/** A small pool of worker threads for search and for preparing fingers to enrol. */
export class SearchWorkers {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const worker = typeScriptWorker(new URL("./search-worker.ts", import.meta.url));
      worker.unref();
      worker.on("message", (message: { id: number; reply?: WorkerReply; error?: string }) => {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.error) pending.reject(new Error(`search worker: ${message.error}`));
        else pending.resolve(message.reply);
      });
      worker.on("error", (error) => {
        for (const [, pending] of this.pending) pending.reject(error);
        this.pending.clear();
      });
      this.workers.push(worker);
    }
  }

  async run(worker: number, task: SearchTask): Promise<Float32Array | undefined> {
    return (await this.post(worker, task)) as Float32Array | undefined;
  }

  /** Stores a batch of fingers in fresh arrays on a worker (see prepareFingerBatch); the batch moves there. */
  async prepare(worker: number, batch: FingerBatch): Promise<GalleryArrays> {
    const { minutiaStart, x, y, direction, quality, type, position, plain } = batch;
    const buffers = [minutiaStart, x, y, direction, quality, type, position, plain].map((a) => a.buffer);
    return (await this.post(worker, { kind: "prepare", batch }, buffers)) as GalleryArrays;
  }

  /** Stops the threads; tasks still running or posted later reject instead of waiting forever. */
  async close(): Promise<void> {
    this.closed = true;
    const closing = Promise.all(this.workers.map((w) => w.terminate()));
    for (const [, pending] of this.pending) pending.reject(new Error("search workers were closed"));
    this.pending.clear();
    await closing;
    this.workers.length = 0;
  }

  private post(worker: number, task: WorkerTask, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new Error("search workers were closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[worker % this.size]!.postMessage({ id, task }, transfer);
    });
  }
}
