import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { SearchTask } from "./search-worker.js";

interface Pending {
  resolve(value: Float32Array | undefined): void;
  reject(error: Error): void;
}

/**
 * A small pool of search worker threads. The sources are TypeScript run through tsx, so each worker
 * boots from a one-line script that registers tsx's ESM hooks (resolved from this package) and then
 * imports the worker module; this works the same under vitest, the CLI and benchmarks (Node 20 does
 * not apply `--import` hooks given in a worker's execArgv before loading its entry module).
 */
export class SearchWorkers {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(readonly size: number) {
    const tsxApi = tsxEsmApiUrl();
    const entry = new URL("./search-worker.ts", import.meta.url).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(boot, { eval: true });
      worker.unref();
      worker.on("message", (message: { id: number; scores?: Float32Array; error?: string }) => {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.error) pending.reject(new Error(`search worker: ${message.error}`));
        else pending.resolve(message.scores);
      });
      worker.on("error", (error) => {
        for (const [, pending] of this.pending) pending.reject(error);
        this.pending.clear();
      });
      this.workers.push(worker);
    }
  }

  run(worker: number, task: SearchTask): Promise<Float32Array | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[worker % this.size]!.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

/** URL of tsx's ESM API (its "import" export; require.resolve would give the CommonJS build). */
function tsxEsmApiUrl(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const exports = JSON.parse(readFileSync(manifest, "utf8")).exports as Record<
    string,
    { import?: { default?: string } }
  >;
  const entry = exports["./esm/api"]?.import?.default ?? "./dist/esm/api/index.mjs";
  return pathToFileURL(join(dirname(manifest), entry)).href;
}
