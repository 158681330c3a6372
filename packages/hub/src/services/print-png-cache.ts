import { createHash } from "node:crypto";
import { parseTransaction } from "@tenprint/nist";
import type { EnrolledPrint } from "../storage/enrolled-print-store.js";
import { bookingPrintPng, enrolledPrintPng } from "./print-images.js";

const RENDERED_PRINTS = 48;

/**
 * Prints already rendered as PNG, for the pages that show the same print again (an analyst going back to a
 * case, the booking page and the case page showing one booking print). Only the rendering is kept, never
 * the decision to show it: callers read the stored print first, so a purged booking or an erased record is
 * gone at once, and name by `key` exactly the bytes they read. WSQ decoding and PNG encoding are most of a
 * print request's CPU time (docs/benchmarks.md, console section).
 */
export class PrintPngCache {
  readonly #entries = new Map<string, Promise<Uint8Array | undefined>>();
  readonly #limit: number;

  constructor(limit = RENDERED_PRINTS) {
    this.#limit = limit;
  }

  /** The booking's rolled print at `position` of the request file `file` (print-images.ts). */
  booking(file: Uint8Array, position: number): Promise<Uint8Array | undefined> {
    return this.png(`booking:${digest(file)}:${position}`, () =>
      bookingPrintPng(parseTransaction(file), position),
    );
  }

  /** An enrolled print (print-images.ts). */
  enrolled(print: EnrolledPrint): Promise<Uint8Array> {
    return this.png(`enrolled:${digest(print.wsq)}:${print.ppi}`, () => enrolledPrintPng(print));
  }

  /** The PNG rendered under `key`, rendering it with `render` the first time. */
  png<T extends Uint8Array | undefined>(key: string, render: () => T): Promise<T> {
    // A key names the bytes rendered, so what is cached under it is what `render` would return.
    const cached = this.#entries.get(key) as Promise<T> | undefined;
    if (cached) {
      // Most recently used last, so the oldest unused is the one let go.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const made = Promise.resolve().then(render);
    this.#entries.set(key, made);
    made.catch(() => this.#entries.delete(key));
    while (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    return made;
  }
}

const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64url");
