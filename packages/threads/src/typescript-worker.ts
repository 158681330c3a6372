import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** The export condition under which @tenprint packages resolve to their TypeScript sources (decision 0013). */
export const SOURCE_CONDITION = "@tenprint/source";

let tsxApi: string | undefined;

/** URL of tsx's ESM API (its "import" export; require.resolve would give the CommonJS build). */
function tsxEsmApiUrl(): string {
  if (tsxApi) return tsxApi;
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  } catch {
    throw new Error(
      "a worker thread was asked to run TypeScript sources, which needs tsx (a development dependency of the " +
        "Tenprint workspace); installed packages run their compiled dist/ and never get here",
    );
  }
  const exports = JSON.parse(readFileSync(manifest, "utf8")).exports as Record<
    string,
    { import?: { default?: string } }
  >;
  const entry = exports["./esm/api"]?.import?.default ?? "./dist/esm/api/index.mjs";
  tsxApi = pathToFileURL(join(dirname(manifest), entry)).href;
  return tsxApi;
}

/**
 * The compiled module to run for `entry`, or undefined when `entry` is a TypeScript source that exists. A
 * caller names its worker by the source beside it (`new URL("./search-worker.ts", import.meta.url)`); once
 * compiled, the caller sits in dist/, where only `search-worker.js` is.
 */
function compiledEntry(entry: URL): URL | undefined {
  if (!entry.pathname.endsWith(".ts")) return entry;
  if (existsSync(fileURLToPath(entry))) return undefined;
  const compiled = new URL(entry.href.replace(/\.ts$/, ".js"));
  if (existsSync(fileURLToPath(compiled))) return compiled;
  throw new Error(`worker module not found: neither ${fileURLToPath(entry)} nor its compiled .js exists`);
}

/**
 * Flags Node accepts for a process but refuses in a worker's execArgv (ERR_WORKER_INVALID_EXEC_ARGV).
 * `--expose-gc` is how the memory benches force a collection (packages/hub/bench/farm.ts,
 * matcher-retained.ts); inherited as is, it stopped every search thread from starting.
 */
const PROCESS_ONLY_FLAGS = new Set(["--expose-gc", "--expose_gc"]);

function workerExecArgv(execArgv: readonly string[]): string[] {
  return execArgv.filter((flag) => !PROCESS_ONLY_FLAGS.has(flag));
}

function withSourceCondition(execArgv: readonly string[]): string[] {
  const flag = `--conditions=${SOURCE_CONDITION}`;
  const kept = workerExecArgv(execArgv);
  return kept.includes(flag) ? kept : [...kept, flag];
}

/**
 * A worker thread running one of Tenprint's modules. Installed packages (and `tenprint serve` in the
 * workspace) run the compiled JavaScript with plain Node. Where the TypeScript source itself is given and
 * present — tests and benches in the workspace — the thread boots from a one-line script that registers
 * tsx's ESM hooks and then imports the entry (Node 20 does not apply `--import` hooks given in a worker's
 * execArgv before loading its entry module), and resolves `@tenprint` packages to their sources as well.
 */
export function typeScriptWorker(entry: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const compiled = compiledEntry(entry);
  if (compiled)
    return new Worker(compiled, {
      ...options,
      execArgv: workerExecArgv(options.execArgv ?? process.execArgv),
    });
  const boot = `import(${JSON.stringify(tsxEsmApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, {
    ...options,
    eval: true,
    execArgv: withSourceCondition(options.execArgv ?? process.execArgv),
  });
}
