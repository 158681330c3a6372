import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { demoSummary, formatSummary } from "../src/demo/demo-summary.js";
import { createHubStorage, openHubDatabase, runDemo } from "../src/index.js";
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

  it("prints /v1/stats' names on the live line, and leaves bookings from before this run out of the latency", async () => {
    const dataDir = await initialisedDataDir();
    dirs.push(dataDir);
    const handle = await openHubDatabase({ dataDir });
    try {
      const now = Date.now();
      const runStartedAt = new Date(now - 60_000);
      const booking = async (tcn: string, receivedAt: number, idrAfterMs: number, srf: string) => {
        const at = { clock: () => new Date(receivedAt) };
        const { transaction } = await createHubStorage(handle.db, at).transactions.createOrGet({
          tcn,
          tot: "CAR",
          submitterOri: "VASIB0000",
          jurisdictionOri: "51059",
          state: "CLOSED",
          stateData: {},
        });
        await createHubStorage(handle.db, at).outbox.enqueue({
          transactionId: transaction.id,
          type: "SRE",
          recipientOri: "VASIB0000",
          payloadJson: { srf },
        });
        await createHubStorage(handle.db, { clock: () => new Date(receivedAt + idrAfterMs) }).outbox.enqueue({
          transactionId: transaction.id,
          type: "IDR",
          recipientOri: "VASIB0000",
        });
      };
      // Received before the demo was stopped, answered after it restarted: 5 minutes that were no work.
      await booking("BEFORE-STOP", now - 300_000, 299_000, "I");
      await booking("THIS-RUN-1", now - 30_000, 200, "N");
      await booking("THIS-RUN-2", now - 20_000, 400, "N");
      const summary = await demoSummary(handle.db, runStartedAt);
      expect(summary.counts).toMatchObject({ bookings: 3, sreIdent: 1, sreNonIdent: 2 });
      expect(summary.idrLatencyP99).toBeLessThan(1000);
      expect(summary.idrLatencyP50).toBeCloseTo(300, 0);
      const line = formatSummary(summary);
      expect(line).toMatch(/^bookings 3 \| errt 0 \| sreIdent 1 \| sreNonIdent 2 \| identMatches 0 \| iaq 0/);
      expect(line).not.toMatch(/SRE idents/);
    } finally {
      await handle.close();
    }
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
