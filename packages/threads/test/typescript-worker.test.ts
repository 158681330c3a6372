import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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

  it("starts when the process runs with --expose-gc, which Node refuses in a worker's execArgv", async () => {
    const worker = typeScriptWorker(new URL("./echo-worker.ts", import.meta.url), {
      workerData: "gc",
      execArgv: ["--expose-gc"],
    });
    try {
      worker.postMessage("off");
      const [reply] = await once(worker, "message");
      expect(reply).toBe("gc off");
    } finally {
      await worker.terminate();
    }
  });

  it("runs the compiled twin with plain Node when only the .js is there (a build's dist/)", async () => {
    const dist = mkdtempSync(join(tmpdir(), "tenprint-threads-"));
    try {
      // Plain JavaScript that tsx is not needed for; it reports whether the source condition was added.
      writeFileSync(
        join(dist, "echo-worker.js"),
        'import { parentPort } from "node:worker_threads";\n' +
          "parentPort.postMessage(process.execArgv.some((flag) => flag.includes('@tenprint/source')));\n",
      );
      const worker = typeScriptWorker(new URL("echo-worker.ts", pathToFileURL(`${dist}/`)), { execArgv: [] });
      try {
        const [sourceCondition] = await once(worker, "message");
        expect(sourceCondition).toBe(false);
      } finally {
        await worker.terminate();
      }
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it("names the entry when neither the source nor its compiled twin exists", () => {
    expect(() => typeScriptWorker(new URL("./no-such-worker.ts", import.meta.url))).toThrow(
      /no-such-worker\.ts/,
    );
  });
});
