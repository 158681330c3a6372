import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../src/index.js";
import { initialisedDataDir } from "./storage-backends.js";

interface Credential {
  role: string;
  ori: string;
  apiKey: string;
}

const SIZES = { people: 300, criminalDistractors: 200, identDistractors: 100 };

/** Starts the demo, waits until `ready(lines)` holds, then stops it; returns what it printed. */
async function demoUntil(
  dataDir: string,
  ready: (lines: string[], url: string | undefined) => Promise<boolean>,
) {
  const lines: string[] = [];
  const controller = new AbortController();
  const running = runDemo({
    dataDir,
    port: 0,
    rate: 5,
    sizes: SIZES,
    print: (line) => lines.push(line),
    signal: controller.signal,
  });
  const url = () => lines.map((line) => /^serving (\S+)/.exec(line)?.[1]).find(Boolean);
  const deadline = Date.now() + 240_000;
  let failure: unknown;
  running.catch((error) => {
    failure = error;
  });
  while (!(await ready(lines, url()))) {
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(`the demo did not get ready:\n${lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  controller.abort();
  await running;
  return { lines, url: url() };
}

describe("tenprint demo", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("seeds a state, serves the API with one key per role, streams bookings through the flow, and restarts on its data", async () => {
    const dataDir = await initialisedDataDir();
    dirs.push(dataDir);
    let stats: { overall: { bookings: number; sre: number } } | undefined;
    const first = await demoUntil(dataDir, async (_lines, url) => {
      if (!url) return false;
      const credentials = JSON.parse(
        readFileSync(join(dataDir, "demo-credentials.json"), "utf8"),
      ) as Credential[];
      const pmo = credentials.find((c) => c.role === "PMO");
      const response = await fetch(`${url}/v1/stats`, {
        headers: { authorization: `Bearer ${pmo?.apiKey}` },
      });
      stats = (await response.json()) as typeof stats;
      return (stats?.overall.sre ?? 0) >= 1;
    });
    expect(first.lines[0]).toMatch(/SYNTHETIC/);
    expect(first.lines.some((line) => /seeding criminal gallery: 200\/200/.test(line))).toBe(true);
    const credentials = JSON.parse(
      readFileSync(join(dataDir, "demo-credentials.json"), "utf8"),
    ) as Credential[];
    expect(credentials.map((c) => c.role).sort()).toEqual([
      "AUDITOR",
      "CJIS",
      "ERO",
      "IDENT",
      "LEA",
      "LESC",
      "PMO",
      "SIB",
    ]);
    expect(stats?.overall.bookings).toBeGreaterThanOrEqual(1);
    expect(first.lines.at(-1)).toMatch(/^stopped after/);

    const second = await demoUntil(dataDir, async (lines, url) => {
      if (!url || !lines.some((line) => line.startsWith("galleries loaded"))) return false;
      return (await fetch(`${url}/health`)).ok;
    });
    expect(second.lines.some((line) => /seeding/.test(line))).toBe(false);
    expect(second.lines.join("\n")).toMatch(/galleries loaded: 2\d\d criminal/);
    const again = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as Credential[];
    expect(again).toEqual(credentials);
  }, 300_000);
});
