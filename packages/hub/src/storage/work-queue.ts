import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { HubDatabase, JobRow } from "./database-schema.js";
import { backoffDelayMs } from "./retry-backoff.js";

export type JobStatus = "pending" | "done" | "failed";

export interface Job {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
}

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueueing a key that exists already returns the existing job (idempotent enqueue). */
  dedupeKey?: string;
}

export interface JobClaim {
  workerId: string;
  limit: number;
  /** A worker that has not finished its job within the lease is presumed dead; the job is retaken. */
  leaseMs: number;
  kinds?: string[];
}

export interface JobBackoff {
  baseMs: number;
  maxMs: number;
}

/**
 * A claim to make in the statement that completes a job (WorkflowWorker.drain): the worker's next job
 * (one, whatever `claim.limit` says), found as the claim right after the completion would find it,
 * without a round trip of its own. `next` is set by the completion: the job claimed, or null when none
 * was due.
 */
export interface ClaimAhead {
  readonly claim: JobClaim;
  /**
   * The claiming worker's clock: which jobs are due is the worker's question, whatever clock the
   * storage that completes the job was made with (a handler's transition may use another).
   */
  readonly now: () => Date;
  next?: Job | null;
}

/** Claims to make on completion, by the id of the job being run (one entry per running drain). */
const claimsAhead = new Map<string, ClaimAhead>();

/**
 * Runs `run` with `ahead` attached to job `jobId`: the queue's `complete` of that job by that worker then
 * also claims `ahead.claim` in the same statement, and sets `ahead.next`.
 */
export async function withClaimAhead<T>(jobId: string, ahead: ClaimAhead, run: () => Promise<T>): Promise<T> {
  claimsAhead.set(jobId, ahead);
  try {
    return await run();
  } finally {
    claimsAhead.delete(jobId);
  }
}

export const DEFAULT_JOB_BACKOFF: JobBackoff = { baseMs: 500, maxMs: 60_000 };
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface WorkQueue {
  enqueue(job: NewJob): Promise<{ job: Job; created: boolean }>;
  /** Claims due jobs not leased by a live worker, FOR UPDATE SKIP LOCKED; each claim counts an attempt. */
  claim(claim: JobClaim): Promise<Job[]>;
  /** False when this worker no longer holds the job (its lease expired and another took it). */
  complete(jobId: string, workerId: string): Promise<boolean>;
  /** Retries after an exponential backoff, or marks the job failed after its last attempt. */
  fail(jobId: string, workerId: string, error: string, backoff?: JobBackoff): Promise<JobStatus | undefined>;
  get(jobId: string): Promise<Job | undefined>;
  countByStatus(): Promise<Record<JobStatus, number>>;
  /** Workers holding leases on pending jobs (to find those of a process that died). */
  leaseHolders(): Promise<string[]>;
  /**
   * Frees the leases of the given workers (or of every worker), so their jobs run at once instead of
   * after the lease; only for workers known to be dead. Returns how many jobs it freed.
   */
  releaseLeases(workerIds?: readonly string[]): Promise<number>;
}

function fromRow(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    status: row.status as JobStatus,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
  };
}

export class PostgresWorkQueue implements WorkQueue {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async enqueue(input: NewJob): Promise<{ job: Job; created: boolean }> {
    const now = this.clock();
    const inserted = await this.db
      .insertInto("jobs")
      .values({
        id: randomUUID(),
        kind: input.kind,
        payload: JSON.stringify(input.payload ?? {}),
        dedupe_key: input.dedupeKey ?? null,
        status: "pending",
        run_at: input.runAt ?? now,
        max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
      })
      .onConflict((conflict) => conflict.column("dedupe_key").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { job: fromRow(inserted), created: true };
    const existing = await this.db
      .selectFrom("jobs")
      .selectAll()
      .where("dedupe_key", "=", input.dedupeKey ?? null)
      .executeTakeFirstOrThrow();
    return { job: fromRow(existing), created: false };
  }

  /** The ids of the jobs a claim may take at `now`, oldest due first (claim and #completeAndClaim). */
  #due(now: Date, kinds: JobClaim["kinds"]) {
    let due = this.db
      .selectFrom("jobs")
      .select("id")
      .where("status", "=", "pending")
      .where("run_at", "<=", now)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]));
    if (kinds !== undefined) due = due.where("kind", "in", kinds);
    return due.orderBy("run_at");
  }

  async claim({ workerId, limit, leaseMs, kinds }: JobClaim): Promise<Job[]> {
    if (kinds?.length === 0) return [];
    const now = this.clock();
    const rows = await this.db
      .updateTable("jobs")
      .set({
        attempts: sql`attempts + 1`,
        locked_by: workerId,
        locked_until: new Date(now.getTime() + leaseMs),
      })
      .where("id", "in", this.#due(now, kinds).limit(limit).forUpdate().skipLocked())
      .returningAll()
      .execute();
    return rows.map(fromRow).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
  }

  async complete(jobId: string, workerId: string): Promise<boolean> {
    const ahead = claimsAhead.get(jobId);
    if (
      ahead &&
      ahead.claim.workerId === workerId &&
      ahead.next === undefined &&
      ahead.claim.kinds?.length !== 0
    )
      return this.#completeAndClaim(jobId, ahead);
    const result = await this.db
      .updateTable("jobs")
      .set({ status: "done", locked_by: null, locked_until: null })
      .where("id", "=", jobId)
      .where("locked_by", "=", workerId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * The completion and the next claim in one statement (data-modifying WITHs). Both parts see the
   * statement's snapshot, where the completed job is still pending, so it is left out by id: the job
   * claimed is the one the claim would take right after the completion. Nothing is claimed when the
   * completion found the job no longer this worker's.
   */
  async #completeAndClaim(jobId: string, ahead: ClaimAhead): Promise<boolean> {
    const { workerId, leaseMs, kinds } = ahead.claim;
    const now = ahead.now();
    const next = this.#due(now, kinds).where("id", "<>", jobId).limit(1).forUpdate().skipLocked();
    const { rows } = await sql<JobRow & { completed: string | number }>`with done as (
        update jobs set status = 'done', locked_by = null, locked_until = null
        where id = ${jobId} and locked_by = ${workerId} and status = 'pending'
        returning id),
      next as (
        update jobs set attempts = attempts + 1, locked_by = ${workerId},
          locked_until = ${new Date(now.getTime() + leaseMs)}::timestamptz
        where exists (select 1 from done) and id in ${next}
        returning *)
      select (select count(*) from done) as completed, next.* from (select 1) as one left join next on true`.execute(
      this.db,
    );
    const completed = Number(rows[0]?.completed ?? 0) === 1;
    const claimed = rows.filter((row) => row.id !== null);
    ahead.next = completed ? (claimed.length > 0 ? fromRow(claimed[0]!) : null) : undefined;
    return completed;
  }

  async fail(
    jobId: string,
    workerId: string,
    error: string,
    backoff = DEFAULT_JOB_BACKOFF,
  ): Promise<JobStatus | undefined> {
    const row = await this.db
      .selectFrom("jobs")
      .select(["attempts", "max_attempts"])
      .where("id", "=", jobId)
      .where("locked_by", "=", workerId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (!row) return undefined;
    const exhausted = row.attempts >= row.max_attempts;
    const runAt = new Date(
      this.clock().getTime() + backoffDelayMs(row.attempts, backoff.baseMs, backoff.maxMs),
    );
    await this.db
      .updateTable("jobs")
      .set({
        status: exhausted ? "failed" : "pending",
        run_at: runAt,
        locked_by: null,
        locked_until: null,
        last_error: error.slice(0, 2000),
      })
      .where("id", "=", jobId)
      .where("locked_by", "=", workerId)
      .execute();
    return exhausted ? "failed" : "pending";
  }

  async get(jobId: string): Promise<Job | undefined> {
    const row = await this.db.selectFrom("jobs").selectAll().where("id", "=", jobId).executeTakeFirst();
    return row && fromRow(row);
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const rows = await this.db
      .selectFrom("jobs")
      .select(["status", (eb) => eb.fn.countAll<string>().as("count")])
      .groupBy("status")
      .execute();
    const counts: Record<JobStatus, number> = { pending: 0, done: 0, failed: 0 };
    for (const row of rows) counts[row.status as JobStatus] = Number(row.count);
    return counts;
  }

  async leaseHolders(): Promise<string[]> {
    const rows = await this.db
      .selectFrom("jobs")
      .select("locked_by")
      .distinct()
      .where("status", "=", "pending")
      .where("locked_by", "is not", null)
      .execute();
    return rows.flatMap((row) => (row.locked_by === null ? [] : [row.locked_by]));
  }

  async releaseLeases(workerIds?: readonly string[]): Promise<number> {
    if (workerIds?.length === 0) return 0;
    let query = this.db
      .updateTable("jobs")
      .set({ locked_by: null, locked_until: null })
      .where("status", "=", "pending")
      .where("locked_by", "is not", null);
    if (workerIds) query = query.where("locked_by", "in", [...workerIds]);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
