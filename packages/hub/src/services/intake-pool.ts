import type { Worker } from "node:worker_threads";
import { typeScriptWorker } from "@tenprint/threads";
import type { ErrtContext, IntakeOutcome } from "./intake-check.js";
import type { IntakeReply, IntakeRequest } from "./intake-worker.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";

/** A file whose check ran out of time or memory: refused as too costly, never half-checked. */
export class IntakeLimitError extends Error {
  override name = "IntakeLimitError";
}

interface Task {
  readonly request: Omit<IntakeRequest, "id">;
  resolve(outcome: IntakeOutcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  task?: { id: number; task: Task; timer: NodeJS.Timeout };
}

export interface IntakePoolOptions {
  readonly threads?: number;
  readonly checkTimeoutMs?: number;
  readonly maxHeapMb?: number;
}

/**
 * Worker threads that parse and validate submitted files (`checkSubmission`), so that a costly file
 * delays only the files behind it, never the API. Each check has a time limit and each thread a heap
 * limit; a thread that overruns either, or dies, is replaced and its file refused with IntakeLimitError.
 */
export class IntakePool {
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  readonly #timeoutMs: number;
  readonly #maxHeapMb: number;
  #next = 0;
  #closed = false;

  constructor(options: IntakePoolOptions = {}) {
    const P = SERVICE_PARAMETERS.intake;
    this.#timeoutMs = options.checkTimeoutMs ?? P.checkTimeoutMs;
    this.#maxHeapMb = options.maxHeapMb ?? P.maxHeapMb;
    for (let i = 0; i < (options.threads ?? P.threads); i++) {
      const slot = {} as Slot;
      this.#start(slot);
      this.#slots.push(slot);
    }
  }

  check(bytes: Uint8Array, errt: ErrtContext): Promise<IntakeOutcome> {
    if (this.#closed) return Promise.reject(new Error("the intake pool is closed"));
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: { bytes, errt }, resolve, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.reject(new Error("the intake pool closed"));
    await Promise.all(this.#slots.map((slot) => this.#retire(slot, new Error("the intake pool closed"))));
    this.#slots.length = 0;
  }

  /** Gives the slot a new thread, listened to for as long as it is the slot's thread. */
  #start(slot: Slot): void {
    const worker = typeScriptWorker(new URL("./intake-worker.ts", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.#maxHeapMb },
    });
    slot.worker = worker;
    worker.on("message", (reply: IntakeReply) => {
      if (slot.worker !== worker) return;
      const running = slot.task;
      if (!running || running.id !== reply.id) return;
      clearTimeout(running.timer);
      slot.task = undefined;
      worker.unref();
      if ("error" in reply) running.task.reject(new Error(`intake check failed: ${reply.error}`));
      else running.task.resolve(reply.outcome);
      this.#dispatch();
    });
    const lost = (why: string) => {
      if (slot.worker !== worker || this.#closed) return;
      this.#replace(slot, new IntakeLimitError(why));
    };
    worker.on("error", (error) =>
      lost(
        (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `checking the file needed more than ${this.#maxHeapMb} MB`
          : `the intake thread failed: ${error.message}`,
      ),
    );
    worker.on("exit", (code) => lost(`the intake thread exited (code ${code})`));
    // An idle thread never keeps the process alive, one checking a file does. Only after the listeners:
    // adding a "message" listener refs the thread's port again.
    worker.unref();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.task) continue;
      const task = this.#queue.shift();
      if (!task) return;
      const id = this.#next++;
      const timer = setTimeout(
        () =>
          this.#replace(
            slot,
            new IntakeLimitError(`checking the file took longer than ${this.#timeoutMs} ms`),
          ),
        this.#timeoutMs,
      );
      timer.unref();
      slot.task = { id, task, timer };
      slot.worker.ref();
      slot.worker.postMessage({ id, ...task.request } satisfies IntakeRequest);
    }
  }

  /** Fails the slot's file, terminates its thread and puts a fresh one in its place. */
  #replace(slot: Slot, error: Error): void {
    void this.#retire(slot, error);
    this.#start(slot);
    this.#dispatch();
  }

  async #retire(slot: Slot, error: Error): Promise<void> {
    const running = slot.task;
    const worker = slot.worker;
    slot.task = undefined;
    if (running) {
      clearTimeout(running.timer);
      running.task.reject(error);
    }
    await worker.terminate();
  }
}

let shared: IntakePool | undefined;

/** The process's intake threads, started on first use; they never keep the process alive. */
export function sharedIntakePool(): IntakePool {
  shared ??= new IntakePool();
  return shared;
}
