import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle } from "../src/index.js";
import { type JobHandler, WorkflowWorker, type WorkOutcome } from "../src/services/workflow-worker.js";
import { runTransition } from "../src/storage/hub-storage.js";
import { backoffDelayMs } from "../src/storage/retry-backoff.js";
import type { Job } from "../src/storage/work-queue.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

describe("backoffDelayMs", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffDelayMs(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
  });
});

/** A clock the test moves by hand, so leases and backoff are checked without waiting. */
function manualClock(start = Date.UTC(2026, 10, 29, 12)) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe.each(BACKENDS)("work queue and outbox on $name", (backend) => {
  let handle: HubDatabaseHandle;

  beforeAll(async () => {
    handle = await backend.open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
  });

  it("frees the leases of dead workers only, so their jobs run again at once", async () => {
    const queue = createHubStorage(handle.db).queue;
    for (let i = 0; i < 4; i++) await queue.enqueue({ kind: "search", payload: { n: i } });
    await queue.claim({ workerId: "host:111:w0", limit: 2, leaseMs: 300_000 });
    await queue.claim({ workerId: "host:222:w0", limit: 2, leaseMs: 300_000 });
    expect((await queue.leaseHolders()).sort()).toEqual(["host:111:w0", "host:222:w0"]);
    expect(await queue.claim({ workerId: "fresh", limit: 4, leaseMs: 1000 })).toEqual([]);
    expect(await queue.releaseLeases(["host:111:w0"])).toBe(2);
    const retaken = await queue.claim({ workerId: "fresh", limit: 4, leaseMs: 1000 });
    expect(retaken).toHaveLength(2);
    expect(await queue.releaseLeases([])).toBe(0);
    expect(await queue.releaseLeases()).toBe(4);
  });

  it("drains due jobs in the order processNext takes them, each completion claiming the next", async () => {
    const clock = manualClock();
    /** Runs jobs as a transition: a "first" job enqueues a "second" one, then completes. */
    const handler = (ran: string[]): JobHandler => ({
      // Kinds of this test's own: the queue does not care what a kind means.
      kinds: ["first", "second"] as unknown as JobHandler["kinds"],
      async handle(job: Job, workerId: string): Promise<WorkOutcome> {
        ran.push(`${job.kind}:${job.payload.n}`);
        if (job.payload.n === "bad") throw new Error("refused");
        return runTransition(
          handle.db,
          async (tx) => {
            if (job.kind === "first")
              await tx.queue.enqueue({
                kind: "second",
                payload: { n: job.payload.n },
                dedupeKey: `s${job.payload.n}`,
              });
            await tx.queue.complete(job.id, workerId);
            return {
              kind: "done",
              jobId: job.id,
              work: "VALIDATE",
              transactionId: "t",
              status: "x",
            } as const;
          },
          { clock: clock.now },
        );
      },
    });
    const enqueueAll = async () => {
      const queue = createHubStorage(handle.db, { clock: clock.now }).queue;
      for (const n of [0, 1, "bad", 2]) {
        await queue.enqueue({ kind: "first", payload: { n } });
        clock.advance(1000);
      }
      // Not due yet: neither way runs it.
      await queue.enqueue({
        kind: "first",
        payload: { n: 9 },
        runAt: new Date(clock.now().getTime() + 60_000),
      });
    };
    const run = async (drain: boolean) => {
      await resetTables(handle);
      await enqueueAll();
      const ran: string[] = [];
      const worker = new WorkflowWorker(handle.db, [handler(ran)], { clock: clock.now });
      const outcomes: string[] = [];
      if (drain) await worker.drain("w", (outcome) => outcomes.push(outcome.kind));
      else
        for (;;) {
          const outcome = await worker.processNext("w");
          if (outcome.kind === "idle") break;
          outcomes.push(outcome.kind);
        }
      const counts = await createHubStorage(handle.db).queue.countByStatus();
      return { ran, outcomes, counts, holders: await createHubStorage(handle.db).queue.leaseHolders() };
    };
    const polled = await run(false);
    const drained = await run(true);
    expect(drained).toEqual(polled);
    expect(drained.ran).toEqual([
      "first:0",
      "first:1",
      "first:bad",
      "first:2",
      "second:0",
      "second:1",
      "second:2",
    ]);
    expect(drained.counts).toEqual({ pending: 2, done: 6, failed: 0 });
    // The failed job waits for its backoff, leased by nobody; the future job is untouched.
    expect(drained.holders).toEqual([]);
  });

  it("claims ahead only the jobs due on the worker's clock, whatever clock completes the job", async () => {
    // A simulated year's clock, years before the wall clock: a job due tomorrow on it is due long ago on
    // the wall clock, which a handler's transition uses when it is given no clock.
    const clock = manualClock(Date.UTC(2011, 0, 3, 12));
    const queue = createHubStorage(handle.db, { clock: clock.now }).queue;
    await queue.enqueue({ kind: "first", payload: { n: 0 } });
    await queue.enqueue({ kind: "first", payload: { n: 1 } });
    await queue.enqueue({
      kind: "first",
      payload: { n: "tomorrow" },
      runAt: new Date(clock.now().getTime() + 86_400_000),
    });
    const ran: string[] = [];
    const handler: JobHandler = {
      kinds: ["first"] as unknown as JobHandler["kinds"],
      async handle(job: Job, workerId: string): Promise<WorkOutcome> {
        ran.push(String(job.payload.n));
        return runTransition(handle.db, async (tx) => {
          await tx.queue.complete(job.id, workerId);
          return { kind: "done", jobId: job.id, work: "VALIDATE", transactionId: "t", status: "x" } as const;
        });
      },
    };
    const worker = new WorkflowWorker(handle.db, [handler], { clock: clock.now });
    await worker.drain("w");
    expect(ran).toEqual(["0", "1"]);
    expect(await queue.countByStatus()).toEqual({ pending: 1, done: 2, failed: 0 });
    clock.advance(86_400_000);
    await worker.drain("w");
    expect(ran).toEqual(["0", "1", "tomorrow"]);
  });

  it("never hands one job to two concurrent workers", async () => {
    const queue = createHubStorage(handle.db).queue;
    const total = 60;
    for (let i = 0; i < total; i++) await queue.enqueue({ kind: "search", payload: { n: i } });
    const claimed: string[] = [];
    const worker = async (workerId: string) => {
      for (;;) {
        const jobs = await queue.claim({ workerId, limit: 3, leaseMs: 60_000 });
        if (jobs.length === 0) return;
        for (const job of jobs) {
          claimed.push(job.id);
          expect(await queue.complete(job.id, workerId)).toBe(true);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, i) => worker(`w${i}`)));
    expect(claimed).toHaveLength(total);
    expect(new Set(claimed).size).toBe(total);
    expect(await queue.countByStatus()).toEqual({ pending: 0, done: total, failed: 0 });
  });

  it("retakes a job whose worker died once its lease expires", async () => {
    const clock = manualClock();
    const queue = createHubStorage(handle.db, { clock: clock.now }).queue;
    const { job } = await queue.enqueue({ kind: "deliver" });
    expect(await queue.claim({ workerId: "dead", limit: 5, leaseMs: 30_000 })).toHaveLength(1);
    expect(await queue.claim({ workerId: "alive", limit: 5, leaseMs: 30_000 })).toEqual([]);
    clock.advance(30_001);
    const [retaken] = await queue.claim({ workerId: "alive", limit: 5, leaseMs: 30_000 });
    expect(retaken).toMatchObject({ id: job.id, attempts: 2, lockedBy: "alive" });
    expect(await queue.complete(job.id, "dead")).toBe(false);
    expect(await queue.complete(job.id, "alive")).toBe(true);
  });

  it("retries a failed job after an exponential backoff, then gives up", async () => {
    const clock = manualClock();
    const queue = createHubStorage(handle.db, { clock: clock.now }).queue;
    const backoff = { baseMs: 1000, maxMs: 10_000 };
    const { job } = await queue.enqueue({ kind: "webhook", maxAttempts: 3 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [claimed] = await queue.claim({ workerId: "w", limit: 1, leaseMs: 5000 });
      expect(claimed?.attempts).toBe(attempt);
      const status = await queue.fail(job.id, "w", `HTTP 503 on attempt ${attempt}`, backoff);
      expect(status).toBe(attempt < 3 ? "pending" : "failed");
      const stored = await queue.get(job.id);
      delays.push((stored?.runAt.getTime() ?? 0) - clock.now().getTime());
      if (attempt < 3) {
        clock.advance((delays[attempt - 1] ?? 0) - 1);
        expect(await queue.claim({ workerId: "w", limit: 1, leaseMs: 5000 })).toEqual([]);
        clock.advance(1);
      }
    }
    expect(delays.slice(0, 2)).toEqual([1000, 2000]);
    expect(await queue.get(job.id)).toMatchObject({ status: "failed", lastError: "HTTP 503 on attempt 3" });
  });

  it("enqueues a job once per dedupe key and honours run_at and kinds", async () => {
    const clock = manualClock();
    const queue = createHubStorage(handle.db, { clock: clock.now }).queue;
    const first = await queue.enqueue({
      kind: "hold-expiry",
      dedupeKey: "detainer/1",
      runAt: new Date(clock.now().getTime() + 60_000),
    });
    const again = await queue.enqueue({ kind: "hold-expiry", dedupeKey: "detainer/1" });
    expect(again).toEqual({ job: first.job, created: false });
    await queue.enqueue({ kind: "other" });
    expect(await queue.claim({ workerId: "w", limit: 10, leaseMs: 1000, kinds: ["hold-expiry"] })).toEqual(
      [],
    );
    clock.advance(60_000);
    const claimed = await queue.claim({ workerId: "w", limit: 10, leaseMs: 1000, kinds: ["hold-expiry"] });
    expect(claimed.map((job) => job.id)).toEqual([first.job.id]);
  });

  it("delivers each outbox message once across concurrent deliverers", async () => {
    const outbox = createHubStorage(handle.db).outbox;
    const total = 40;
    for (let i = 0; i < total; i++)
      await outbox.enqueue({ transactionId: null, type: "SRE", recipientOri: `LEA${i % 3}` });
    await outbox.enqueue({ transactionId: null, type: "IDR", recipientOri: "LEA0", suppressed: true });
    const delivered: string[] = [];
    const deliverer = async () => {
      for (;;) {
        const batch = await outbox.claimDue({ limit: 4, leaseMs: 60_000 });
        if (batch.length === 0) return;
        for (const message of batch) if (await outbox.markDelivered(message.id)) delivered.push(message.id);
      }
    };
    await Promise.all(Array.from({ length: 5 }, deliverer));
    expect(new Set(delivered).size).toBe(total);
    expect(delivered).toHaveLength(total);
    expect((await outbox.listForRecipient("LEA0", { status: "suppressed" })).map((m) => m.type)).toEqual([
      "IDR",
    ]);
    expect(await outbox.markDelivered(delivered[0] ?? "")).toBe(false);
  });

  it("redelivers a message after a failed attempt with backoff and after a lost lease", async () => {
    const clock = manualClock();
    const outbox = createHubStorage(handle.db, { clock: clock.now }).outbox;
    const { message } = await outbox.enqueue({ transactionId: null, type: "IAR", recipientOri: "ERO000001" });
    expect(await outbox.claimDue({ limit: 1, leaseMs: 10_000 })).toHaveLength(1);
    expect(await outbox.claimDue({ limit: 1, leaseMs: 10_000 })).toEqual([]);
    clock.advance(10_000);
    const [again] = await outbox.claimDue({ limit: 1, leaseMs: 10_000 });
    expect(again?.attempts).toBe(2);
    const policy = { baseMs: 500, maxMs: 5000, maxAttempts: 3 };
    expect(await outbox.markFailed(message.id, "connection refused", policy)).toBe("pending");
    // Two attempts made: the third waits base · 2^(2−1) = 1000 ms.
    clock.advance(999);
    expect(await outbox.claimDue({ limit: 1, leaseMs: 10_000 })).toEqual([]);
    clock.advance(1);
    expect(await outbox.claimDue({ limit: 1, leaseMs: 10_000 })).toHaveLength(1);
    expect(await outbox.markFailed(message.id, "connection refused", policy)).toBe("failed");
    expect(await outbox.get(message.id)).toMatchObject({
      status: "failed",
      attempts: 3,
      lastError: "connection refused",
    });
  });
});
