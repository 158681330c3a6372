import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

let tsxApi: string | undefined;

/** URL of tsx's ESM API (its "import" export; require.resolve would give the CommonJS build). */
function tsxEsmApiUrl(): string {
  if (tsxApi) return tsxApi;
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const exports = JSON.parse(readFileSync(manifest, "utf8")).exports as Record<
    string,
    { import?: { default?: string } }
  >;
  const entry = exports["./esm/api"]?.import?.default ?? "./dist/esm/api/index.mjs";
  tsxApi = pathToFileURL(join(dirname(manifest), entry)).href;
  return tsxApi;
}

/**
 * A worker thread running a TypeScript module. The sources run through tsx (decision 0001), so the
 * worker boots from a one-line script that registers tsx's ESM hooks and then imports the entry: Node 20
 * does not apply `--import` hooks given in a worker's execArgv before loading its entry module. Works the
 * same under vitest, the CLI and benchmarks.
 */
export function typeScriptWorker(entry: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const boot = `import(${JSON.stringify(tsxEsmApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
