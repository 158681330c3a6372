import { lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../../demo/src/index.js";

/** Every path under `root` whose mode lets the group or others read, write or enter it. */
function exposed(root: string): string[] {
  const found: string[] = [];
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    if ((lstatSync(dir).mode & 0o077) !== 0)
      found.push(`${dir} ${(lstatSync(dir).mode & 0o777).toString(8)}`);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if ((lstatSync(path).mode & 0o077) !== 0)
        found.push(`${path} ${(lstatSync(path).mode & 0o777).toString(8)}`);
    }
  }
  return found;
}

describe("the embedded data directory", () => {
  const parent = mkdtempSync(join(tmpdir(), "tenprint-perms-"));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it("holds nothing the group or others can read after a demo's first start and its bookings", async () => {
    // What a usual shell gives; the hub must not depend on the operator's umask.
    process.umask(0o022);
    const dataDir = join(parent, "data");
    const lines: string[] = [];
    const controller = new AbortController();
    const running = runDemo({
      dataDir,
      port: 0,
      rate: 5,
      sizes: { people: 40, criminalDistractors: 20, identDistractors: 10 },
      print: (line) => lines.push(line),
      signal: controller.signal,
    });
    let failure: unknown;
    running.catch((error) => {
      failure = error;
    });
    const deadline = Date.now() + 240_000;
    // Past the first start's initdb and seeding, with bookings written (new relation and WAL files).
    while (!lines.some((line) => /^galleries loaded/.test(line))) {
      if (failure) throw failure;
      if (Date.now() > deadline) throw new Error(`the demo did not start:\n${lines.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    controller.abort();
    await running;
    const files = readdirSync(dataDir);
    expect(files).toEqual(
      expect.arrayContaining(["PG_VERSION", "demo-credentials.json", "audit-signing-key.pem"]),
    );
    expect(exposed(dataDir)).toEqual([]);
  }, 300_000);
});
