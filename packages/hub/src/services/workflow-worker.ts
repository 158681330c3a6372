import type { Kysely } from "kysely";
import type { WorkKind } from "../domain/domain-effects.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage } from "../storage/hub-storage.js";
import {
  type ClaimAhead,
  type Job,
  type JobClaim,
  type JobStatus,
  withClaimAhead,
} from "../storage/work-queue.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";

export type WorkOutcome =
  | { readonly kind: "idle" }
  | {
      readonly kind: "done";
      readonly jobId: string;
      readonly work: WorkKind;
      readonly transactionId: string;
      /** The state the job's object reached (a submission or a detainer status). */
      readonly status: string;
    }
  /** The job's step had already happened (a replayed job): completed without doing it twice. */
  | {
      readonly kind: "skipped";
      readonly jobId: string;
      readonly work: WorkKind;
      readonly transactionId: string;
    }
  | {
      readonly kind: "failed";
      readonly jobId: string;
      readonly work: string;
      readonly error: string;
      /** `pending` while attempts remain (retried after backoff), `failed` when exhausted. */
      readonly jobStatus: JobStatus | undefined;
    };

/** Runs one kind of job. It completes the job itself, in the transaction that records the step. */
export interface JobHandler {
  readonly kinds: readonly WorkKind[];
  handle(job: Job, workerId: string): Promise<WorkOutcome>;
  /** Called once a job's last attempt failed: the handler ends its object in a terminal state. */
  onExhausted?(job: Job, error: string, workerId: string): Promise<void>;
}

export interface WorkflowWorkerOptions {
  readonly clock?: () => Date;
  readonly leaseMs?: number;
}

/** A job whose payload or object cannot be processed as it stands; retried, then left failed for a person. */
export class JobError extends Error {
  override name = "JobError";
}

/**
 * Claims due jobs of the kinds its handlers know and runs them. A handler that throws leaves its job to be
 * retried with backoff and nothing else written, since each handler writes in one transaction at its end.
 */
export class WorkflowWorker {
  readonly #db: Kysely<HubDatabase>;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #options: WorkflowWorkerOptions;

  constructor(db: Kysely<HubDatabase>, handlers: readonly JobHandler[], options: WorkflowWorkerOptions = {}) {
    this.#db = db;
    this.#options = options;
    for (const handler of handlers) for (const kind of handler.kinds) this.#handlers.set(kind, handler);
  }

  async processNext(workerId: string): Promise<WorkOutcome> {
    const [job] = await this.#storage().queue.claim(this.#claim(workerId));
    if (!job) return { kind: "idle" };
    return this.#run(job, workerId);
  }

  /**
   * Runs due jobs one after another until none is due, giving each outcome to `onOutcome`: what calling
   * `processNext` until it answers `idle` does, with each job's completion also claiming the next job in
   * the same statement (`ClaimAhead`), so a job costs one round trip fewer and the last, empty claim
   * none. For a caller that runs nothing else meanwhile (a simulation's clock stands still in a drain):
   * a job enqueued by anyone else after a completion waits for the next drain. Handlers must complete
   * their job as their last write, as they all do.
   */
  async drain(workerId: string, onOutcome: (outcome: WorkOutcome) => void = () => {}): Promise<void> {
    const claim = this.#claim(workerId);
    let next: Job | null | undefined;
    for (;;) {
      const job = next === undefined ? (await this.#storage().queue.claim(claim))[0] : next;
      if (!job) return;
      const ahead: ClaimAhead = { claim, now: this.#options.clock ?? (() => new Date()) };
      const outcome = await withClaimAhead(job.id, ahead, () => this.#run(job, workerId));
      // A failed job's handler may have rolled back the statement that claimed ahead: claim afresh.
      next = outcome.kind === "failed" ? undefined : ahead.next;
      onOutcome(outcome);
    }
  }

  #storage() {
    return createHubStorage(this.#db, this.#options.clock ? { clock: this.#options.clock } : {});
  }

  #claim(workerId: string): JobClaim {
    return {
      workerId,
      limit: 1,
      leaseMs: this.#options.leaseMs ?? SERVICE_PARAMETERS.worker.leaseMs,
      kinds: [...this.#handlers.keys()],
    };
  }

  async #run(job: Job, workerId: string): Promise<WorkOutcome> {
    try {
      const handler = this.#handlers.get(job.kind);
      if (!handler) throw new JobError(`job ${job.id}: no handler for ${job.kind}`);
      return await handler.handle(job, workerId);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const jobStatus = await this.#storage().queue.fail(job.id, workerId, message);
      const handler = this.#handlers.get(job.kind);
      if (jobStatus === "failed" && handler?.onExhausted) await handler.onExhausted(job, message, workerId);
      return { kind: "failed", jobId: job.id, work: job.kind, error: message, jobStatus };
    }
  }
}

/** The transaction a job is about; every workflow job carries it in its payload. */
export function jobTransactionId(job: Job): string {
  const transactionId = job.payload.transactionId;
  if (typeof transactionId !== "string")
    throw new JobError(`job ${job.id} (${job.kind}) names no transactionId in its payload`);
  return transactionId;
}
