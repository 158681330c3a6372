import { parseTransaction } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { ExtractionPool } from "../src/index.js";
import { ProbeCache } from "../src/services/submission-probe.js";
import { bookingFile } from "./services-fixtures.js";

describe("probe extraction when a thread dies", () => {
  it("rejects the booking's probe instead of hanging, forgets it, and extracts it again on a new thread", async () => {
    const pool = new ExtractionPool(1);
    const cache = new ProbeCache(pool);
    const booking = parseTransaction(bookingFile("sketch"));
    try {
      const probe = cache.probe("t-1", booking).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await pool.pool.threads[0]?.terminate();
      const hung = new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 30_000).unref());
      const outcome = await Promise.race([probe, hung]);
      expect(String(outcome)).toMatch(/probe extraction thread 0 died/);
      // The rejected promise is not served again: the retried job extracts on the replacement thread.
      const again = await cache.probe("t-1", booking);
      expect(again.map((finger) => finger.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(pool.pool.replaced).toBe(1);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
