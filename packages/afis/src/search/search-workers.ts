import { typeScriptWorker, WorkerPool } from "@tenprint/threads";
import type { FingerBatch } from "./finger-batch.js";
import type { GalleryArrays } from "./gallery-store.js";
import type { SearchTask, WorkerReply, WorkerTask } from "./search-worker.js";

/** A small pool of worker threads for search and for preparing fingers to enrol; a thread that dies is replaced. */
export class SearchWorkers {
  readonly pool: WorkerPool<{ id: number; reply?: WorkerReply; error?: string }, WorkerReply>;

  constructor(readonly size: number) {
    this.pool = new WorkerPool({
      name: "search worker",
      size,
      create: () => typeScriptWorker(new URL("./search-worker.ts", import.meta.url)),
      value: (answer) => answer.reply,
    });
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
    await this.pool.close();
  }

  private post(worker: number, task: WorkerTask, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    return this.pool.run({ task }, { thread: worker, transfer });
  }
}
