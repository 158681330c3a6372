import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { typeScriptWorker } from "../src/index.js";

describe("typeScriptWorker", () => {
  it("runs a TypeScript module on a worker thread, with its workerData", async () => {
    const worker = typeScriptWorker(new URL("./echo-worker.ts", import.meta.url), { workerData: "hello" });
    try {
      worker.postMessage("thread");
      const [reply] = await once(worker, "message");
      expect(reply).toBe("hello thread");
    } finally {
      await worker.terminate();
    }
  });
});
