import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { WorkerCrashedError, WorkerPool, WorkerPoolClosedError } from "../src/index.js";

/** Answers `{id, ms}` after ms milliseconds with its thread id; `{id, crash: true}` throws uncaught. */
const SLOW_ECHO = `
const { parentPort, threadId } = require("node:worker_threads");
parentPort.on("message", (m) => {
  if (m.crash) setTimeout(() => { throw new Error("boom in the worker"); }, 5);
  else setTimeout(() => parentPort.postMessage({ id: m.id, thread: threadId }), m.ms ?? 0);
});`;

function pool(size: number) {
  return new WorkerPool<{ id: number; thread: number }, number>({
    name: "echo",
    size,
    create: () => new Worker(SLOW_ECHO, { eval: true }),
    value: (answer) => answer.thread,
  });
}

const settleWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms)),
  ]);

describe("WorkerPool", () => {
  it("rejects the tasks of a thread that is killed, keeps the others', and replaces the thread", async () => {
    const echo = pool(2);
    try {
      const [first, second] = echo.threads.map((worker) => worker.threadId);
      const onFirst = Array.from({ length: 5 }, () => echo.run({ ms: 300 }, { thread: 0 }));
      const onSecond = Array.from({ length: 5 }, () => echo.run({ ms: 300 }, { thread: 1 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await echo.threads[0]?.terminate();
      const settled = await settleWithin(Promise.allSettled([...onFirst, ...onSecond]), 5000);
      expect(settled.slice(0, 5).map((s) => s.status)).toEqual(Array(5).fill("rejected"));
      for (const s of settled.slice(0, 5))
        expect((s as PromiseRejectedResult).reason).toBeInstanceOf(WorkerCrashedError);
      expect(settled.slice(5)).toEqual(Array(5).fill({ status: "fulfilled", value: second }));
      expect(echo.replaced).toBe(1);
      const replacement = await settleWithin(echo.run({}, { thread: 0 }), 5000);
      expect(replacement).not.toBe(first);
      expect(replacement).not.toBe(second);
    } finally {
      await echo.close();
    }
  });

  it("survives an uncaught error in a thread, and rejects everything at close", async () => {
    const echo = pool(1);
    // Outcomes are captured at once: a rejection with no handler yet would count as unhandled.
    const waiting = echo.run({ ms: 10_000 }).catch((error: unknown) => error);
    const crash = echo.run({ crash: true });
    await expect(settleWithin(crash, 5000)).rejects.toThrow(/echo thread 0 died: boom in the worker/);
    expect(await waiting).toBeInstanceOf(WorkerCrashedError);
    expect(typeof (await settleWithin(echo.run({}), 5000))).toBe("number");
    const inFlight = echo.run({ ms: 10_000 }).catch((error: unknown) => error);
    await echo.close();
    expect(await inFlight).toBeInstanceOf(WorkerPoolClosedError);
    await expect(echo.run({})).rejects.toBeInstanceOf(WorkerPoolClosedError);
  });
});
