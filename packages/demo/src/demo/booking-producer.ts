import type { Worker } from "node:worker_threads";
import { typeScriptWorker } from "@tenprint/threads";
import type { RenderedBooking, RenderInit, RenderReply, RenderRequest } from "./booking-render-worker.js";

/** Rendered bookings from the render thread, one at a time, rendering the next while the caller submits. */
export class BookingProducer {
  readonly #worker: Worker;
  #pending: { resolve: (booking: RenderedBooking) => void; reject: (error: Error) => void }[] = [];
  #prefetched: Promise<RenderedBooking> | undefined;

  constructor(init: RenderInit) {
    this.#worker = typeScriptWorker(new URL("./booking-render-worker.ts", import.meta.url));
    this.#worker.on("message", (reply: RenderReply) => {
      const waiter = this.#pending.shift();
      if (!waiter) return;
      if (reply.type === "booking") waiter.resolve(reply.booking);
      else waiter.reject(new Error(`booking renderer: ${reply.message}`));
    });
    this.#worker.on("error", (error) => {
      for (const waiter of this.#pending.splice(0)) waiter.reject(error);
    });
    this.#post({ type: "init", init });
    this.#prefetched = this.#request();
  }

  /** The next booking of the stream; the one after it starts rendering at once. */
  async next(): Promise<RenderedBooking> {
    const current = this.#prefetched ?? this.#request();
    this.#prefetched = this.#request();
    return current;
  }

  async close(): Promise<void> {
    this.#prefetched?.catch(() => {});
    await this.#worker.terminate();
  }

  #request(): Promise<RenderedBooking> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#post({ type: "next" });
    });
  }

  #post(request: RenderRequest): void {
    this.#worker.postMessage(request);
  }
}
