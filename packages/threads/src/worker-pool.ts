import type { Transferable, Worker } from "node:worker_threads";

/** A task's thread died (an uncaught error, out of memory, terminated) before it answered. */
export class WorkerCrashedError extends Error {
  override name = "WorkerCrashedError";
}

/** The pool was closed before the task answered, or a task was given to a closed pool. */
export class WorkerPoolClosedError extends Error {
  override name = "WorkerPoolClosedError";
}

/** What a thread answers: the task's id, and its value or an error message. */
export interface WorkerAnswer {
  readonly id: number;
  readonly error?: string;
}

export interface WorkerPoolOptions<Answer extends WorkerAnswer, Value> {
  /** Names the pool in errors: "search worker", "probe extraction". */
  readonly name: string;
  readonly size: number;
  /** Starts one thread; called again for each thread that dies. */
  readonly create: () => Worker;
  /** The task's result from a thread's answer without an error. */
  readonly value: (answer: Answer) => Value;
  /**
   * The error a task's error answer rejects with (default: an Error naming the pool), so a caller can tell
   * the input's fault (a typed error) from a dead thread (`WorkerDiedError`).
   */
  readonly answerError?: (message: string) => Error;
  /** Work to give a new thread before any task (a warm-up); its answers are ignored. */
  readonly onStart?: (post: (message: Record<string, unknown>) => void) => void;
}

interface Slot {
  worker: Worker;
  /** Tasks given to this thread and not yet answered. */
  readonly pending: Map<number, { resolve(value: unknown): void; reject(error: Error): void }>;
  /** Warm-up messages and tasks in flight, for choosing the least busy thread. */
  busy: number;
}

/**
 * A fixed number of worker threads that answer `{id, …}` messages. A thread that dies is replaced at once,
 * and the tasks it held are rejected with `WorkerCrashedError` — never left waiting — so a caller can
 * retry them; the other threads' tasks are untouched. Closing rejects whatever is still in flight.
 */
export class WorkerPool<Answer extends WorkerAnswer, Value> {
  readonly #options: WorkerPoolOptions<Answer, Value>;
  readonly #slots: Slot[] = [];
  #nextId = 0;
  #closed = false;
  /** Threads replaced after dying, since the pool started. */
  replaced = 0;

  constructor(options: WorkerPoolOptions<Answer, Value>) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new RangeError(`${options.name}: a pool needs at least one thread, got ${options.size}`);
    this.#options = options;
    for (let i = 0; i < options.size; i++) {
      const slot: Slot = { worker: undefined as unknown as Worker, pending: new Map(), busy: 0 };
      this.#slots.push(slot);
      this.#start(slot, i);
    }
  }

  get size(): number {
    return this.#slots.length;
  }

  /** The live threads, in slot order (for monitoring, and for tests that kill one). */
  get threads(): readonly Worker[] {
    return this.#slots.map((slot) => slot.worker);
  }

  /**
   * Posts `{id, ...message}` to thread `thread` (modulo the size), or to the least busy one, and resolves
   * with the value of its answer.
   */
  run(
    message: Record<string, unknown>,
    options: { thread?: number; transfer?: readonly Transferable[] } = {},
  ): Promise<Value> {
    if (this.#closed)
      return Promise.reject(new WorkerPoolClosedError(`${this.#options.name} threads were closed`));
    const slot =
      options.thread === undefined
        ? this.#slots.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best))
        : (this.#slots[options.thread % this.#slots.length] as Slot);
    const id = this.#nextId++;
    return new Promise<Value>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      slot.worker.ref();
      slot.busy++;
      slot.worker.postMessage({ ...message, id }, options.transfer as Transferable[] | undefined);
    });
  }

  /** Stops the threads; tasks still running reject with `WorkerPoolClosedError`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closing = Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
    for (const slot of this.#slots)
      this.#fail(slot, new WorkerPoolClosedError(`${this.#options.name} threads were closed`));
    await closing;
  }

  #start(slot: Slot, index: number): void {
    const worker = this.#options.create();
    slot.worker = worker;
    slot.busy = 0;
    let died = false;
    const die = (why: string) => {
      if (died || slot.worker !== worker) return;
      died = true;
      worker.removeAllListeners("message");
      // Terminating a thread that threw is harmless; one that exited is already gone.
      void worker.terminate().catch(() => undefined);
      this.#fail(slot, new WorkerCrashedError(`${this.#options.name} thread ${index} died: ${why}`));
      if (this.#closed) return;
      this.replaced++;
      this.#start(slot, index);
    };
    worker.on("message", (answer: Answer) => {
      slot.busy = Math.max(0, slot.busy - 1);
      const pending = slot.pending.get(answer.id);
      if (!pending) return;
      slot.pending.delete(answer.id);
      if (slot.pending.size === 0) worker.unref();
      if (answer.error !== undefined)
        pending.reject(
          this.#options.answerError?.(answer.error) ?? new Error(`${this.#options.name}: ${answer.error}`),
        );
      else {
        try {
          pending.resolve(this.#options.value(answer));
        } catch (error) {
          pending.reject(error as Error);
        }
      }
    });
    worker.on("error", (error) => die(error.message));
    worker.on("exit", (code) => die(`exited with code ${code}`));
    worker.on("messageerror", (error) => die(`sent a message that could not be read: ${error.message}`));
    // An idle pool never keeps the process alive, a task in flight does (its caller awaits the answer).
    // Only after the listeners: adding a "message" listener refs the thread's port again.
    worker.unref();
    this.#options.onStart?.((message) => {
      slot.busy++;
      worker.postMessage({ ...message, id: this.#nextId++ });
    });
  }

  #fail(slot: Slot, error: Error): void {
    const pending = [...slot.pending.values()];
    slot.pending.clear();
    slot.busy = 0;
    for (const task of pending) task.reject(error);
  }
}
