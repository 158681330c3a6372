import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { typeScriptWorker } from "@tenprint/threads";
import type { ImpressionKind } from "./impression-geometry.js";
import { SynthFingerError } from "./synth-finger-error.js";
import { generateTemplateBatch, type TemplateBatch, type TemplateBatchRequest } from "./template-batch.js";
import type { TemplateModelName } from "./template-model.js";

export interface SyntheticGalleryOptions {
  readonly seed: number;
  readonly identities: number;
  /** Finger positions 1…n of every identity (default 10: a tenprint). */
  readonly fingersPerIdentity?: number;
  /** Impression number (default 1, a plain impression; 0 gives the masters). */
  readonly impression?: number;
  /** Plain (default) or rolled impressions. */
  readonly kind?: ImpressionKind;
  /** "baseline" (default) or "competing" (decision 0014; see TemplateBatchRequest.model). */
  readonly model?: TemplateModelName;
  readonly firstIdentity?: number;
  /** Worker threads; 0 generates on the calling thread. Default: available cores. */
  readonly workers?: number;
  /** Identities per batch (default 1,000): the unit of work of a worker and of each yielded batch. */
  readonly batchIdentities?: number;
}

/** Batches in flight per worker: one being generated while the previous one travels back. */
const IN_FLIGHT_PER_WORKER = 2;
const MAX_IDENTITY = 2 ** 53 - 1;

/**
 * The templates of a whole distractor gallery, as batches of consecutive identities in identity order,
 * generated on worker threads. Identity i's templates depend only on (seed, i, finger, impression) —
 * they equal syntheticTemplate's, rounded to float32 — so neither the worker count nor the batch size
 * changes any output. Batches are flat arrays: feed them to a gallery with batchFingers, or keep the
 * arrays. Options are checked before any work starts; stopping the iteration early stops the workers.
 */
export function syntheticGallery(options: SyntheticGalleryOptions): AsyncGenerator<TemplateBatch> {
  const requests = planBatches(options);
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0 || workers > 256) {
    throw new SynthFingerError("workers", `${workers} is not a whole number from 0 to 256`);
  }
  return workers === 0 ? inline(requests) : parallel(requests, Math.min(workers, requests.length));
}

function planBatches(options: SyntheticGalleryOptions): TemplateBatchRequest[] {
  const fingersPerIdentity = options.fingersPerIdentity ?? 10;
  const impression = options.impression ?? 1;
  const firstIdentity = options.firstIdentity ?? 0;
  const batchIdentities = options.batchIdentities ?? 1000;
  requireWhole("seed", options.seed, 0, MAX_IDENTITY);
  requireWhole("identities", options.identities, 0, MAX_IDENTITY);
  requireWhole("fingersPerIdentity", fingersPerIdentity, 1, 10);
  requireWhole("impression", impression, 0, 0xffffffff);
  requireWhole("firstIdentity", firstIdentity, 0, MAX_IDENTITY - options.identities);
  requireWhole("batchIdentities", batchIdentities, 1, 1_000_000);
  const requests: TemplateBatchRequest[] = [];
  for (let from = 0; from < options.identities; from += batchIdentities) {
    requests.push({
      seed: options.seed,
      firstIdentity: firstIdentity + from,
      identities: Math.min(batchIdentities, options.identities - from),
      fingersPerIdentity,
      impression,
      kind: options.kind ?? "plain",
      model: options.model ?? "baseline",
    });
  }
  return requests;
}

function requireWhole(parameter: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SynthFingerError(parameter, `${value} is not a whole number from ${min} to ${max}`);
  }
}

async function* inline(requests: readonly TemplateBatchRequest[]): AsyncGenerator<TemplateBatch> {
  for (const request of requests) yield generateTemplateBatch(request);
}

async function* parallel(
  requests: readonly TemplateBatchRequest[],
  workers: number,
): AsyncGenerator<TemplateBatch> {
  const pool = new BatchWorkers(workers);
  try {
    const inFlight: Promise<TemplateBatch>[] = [];
    let next = 0;
    const submit = () => {
      const batch = pool.run(requests[next++]!);
      // Awaited in order below; until then a failure must not count as unhandled.
      batch.catch(() => undefined);
      inFlight.push(batch);
    };
    while (next < requests.length && inFlight.length < workers * IN_FLIGHT_PER_WORKER) submit();
    while (inFlight.length > 0) {
      const batch = await inFlight.shift()!;
      if (next < requests.length) submit();
      yield batch;
    }
  } finally {
    await pool.close();
  }
}

interface Pending {
  readonly worker: number;
  resolve(batch: TemplateBatch): void;
  reject(error: Error): void;
}

/**
 * Worker threads running template-batch-worker.ts.
 */
class BatchWorkers {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set when a worker dies: every batch in flight and every later one fails with it, none hangs. */
  private failure: Error | undefined;
  private closing = false;

  constructor(size: number) {
    for (let w = 0; w < size; w++) {
      const worker = typeScriptWorker(new URL("./template-batch-worker.ts", import.meta.url));
      worker.on("message", (message: { id: number; batch?: TemplateBatch; error?: string }) => {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        this.busy[pending.worker]!--;
        if (message.batch) pending.resolve(message.batch);
        else pending.reject(new Error(`template batch worker: ${message.error}`));
      });
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`template batch worker ${w} exited with code ${code}`));
      });
      this.workers.push(worker);
      this.busy.push(0);
    }
  }

  /** Sends the request to the worker with the fewest batches queued. */
  run(request: TemplateBatchRequest): Promise<TemplateBatch> {
    if (this.failure) return Promise.reject(this.failure);
    let worker = 0;
    for (let w = 1; w < this.workers.length; w++) if (this.busy[w]! < this.busy[worker]!) worker = w;
    this.busy[worker]!++;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      this.workers[worker]!.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.fail(new Error("template batch workers closed"));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const [, pending] of this.pending) pending.reject(error);
    this.pending.clear();
  }
}
