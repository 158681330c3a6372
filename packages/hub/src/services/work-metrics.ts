import { Histogram, Registry } from "prom-client";

/**
 * Times of the workflow's costly steps, for `GET /v1/metrics`. One registry per process: the searches and
 * extractions run in the runtime, the API only exposes them, and a process runs one hub (tests that make
 * several share it, which only adds observations).
 */
export const WORK_METRICS_REGISTRY = new Registry();

const SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A 1:N tenprint search in one repository (criminal or ident), from probe to candidate list. */
export const searchSeconds = new Histogram({
  name: "tenprint_search_duration_seconds",
  help: "1:N tenprint searches by repository: time from probe to candidate list",
  labelNames: ["repository"] as const,
  buckets: SECONDS,
  registers: [WORK_METRICS_REGISTRY],
});

/** Extraction of a booking's probe (its ten prints), on the pool's threads or inline. */
export const extractionSeconds = new Histogram({
  name: "tenprint_extraction_duration_seconds",
  help: "Template extraction of a booking's ten prints (a probe), cache misses only",
  buckets: SECONDS,
  registers: [WORK_METRICS_REGISTRY],
});

/** Times `work` and reports its seconds (also when it throws: a failed step took its time too). */
export async function timed<T>(observe: (seconds: number) => void, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    observe((performance.now() - started) / 1000);
  }
}
