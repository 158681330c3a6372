import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const POOL = pathToFileURL(fileURLToPath(new URL("../src/worker-pool.ts", import.meta.url))).href;
const folder = mkdtempSync(join(tmpdir(), "tenprint-pool-lifetime-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs a script in a child Node with tsx; resolves with its output, or "hung" after `ms`. */
function runChild(body: string, ms: number): Promise<{ code: number | null; out: string } | "hung"> {
  const file = join(folder, `child-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(
    file,
    `import { Worker } from "node:worker_threads";
import { WorkerPool } from ${JSON.stringify(POOL)};
const ECHO = 'const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => setTimeout(() => parentPort.postMessage({ id: m.id, value: m.value }), m.ms ?? 0));';
const pool = new WorkerPool<{ id: number; value: string }, string>({
  name: "echo", size: 2, create: () => new Worker(ECHO, { eval: true }), value: (a) => a.value,
});
${body}
`,
  );
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", file], { cwd: ROOT }, (error, stdout) =>
      resolve({ code: child.exitCode ?? (error ? 1 : 0), out: stdout }),
    );
    setTimeout(() => {
      if (child.exitCode === null) {
        child.kill("SIGKILL");
        resolve("hung");
      }
    }, ms);
  });
}

describe("WorkerPool and the process's lifetime", () => {
  it("lets the process end once its tasks are answered, without close()", async () => {
    const result = await runChild(
      `console.log(await Promise.all([pool.run({ value: "a" }), pool.run({ value: "b", ms: 50 })]));`,
      30_000,
    );
    expect(result).not.toBe("hung");
    expect(result).toMatchObject({ code: 0 });
    expect((result as { out: string }).out).toContain("[ 'a', 'b' ]");
  }, 40_000);

  it("keeps the process alive while a task is in flight, although nothing else does", async () => {
    const result = await runChild(
      `void pool.run({ value: "late", ms: 300 }).then((value) => console.log("answered", value));`,
      30_000,
    );
    expect(result).toMatchObject({ code: 0 });
    expect((result as { out: string }).out).toContain("answered late");
  }, 40_000);
});
