import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createHubStorage, openHubDatabase } from "@tenprint/hub";
import { bookingStream } from "@tenprint/synth";
import { afterAll, describe, expect, it } from "vitest";
import { initialisedDataDir } from "../../hub/test/storage-backends.js";
import { waitsForPerson } from "../src/demo/demo-automation.js";
import { demoBookingOrder, willMatchInIdent } from "../src/demo/demo-booking-order.js";
import { DEMO_PARAMETERS } from "../src/demo/demo-parameters.js";
import { demoSummary, formatSummary } from "../src/demo/demo-summary.js";
import { busiestBookingAgency, demoRoleOris, demoWorld } from "../src/demo/demo-world.js";
import { type DemoOptions, DemoPortBusyError, runDemo } from "../src/index.js";

interface Credential {
  role: string;
  ori: string;
  apiKey: string;
}

const SIZES = { people: 300, criminalDistractors: 200, identDistractors: 100 };

/** Starts the demo, waits until `ready(lines)` holds, then stops it; returns what it printed. */
async function demoUntil(
  dataDir: string,
  ready: (lines: string[], url: string | undefined, keys: Credential[] | undefined) => Promise<boolean>,
  options: Partial<DemoOptions> = { automateAll: true },
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
    ...options,
  });
  const url = () => lines.map((line) => /^serving (\S+)/.exec(line)?.[1]).find(Boolean);
  // The keys are written after the port is bound, once the directory is seeded.
  const keys = () =>
    lines.some((line) => line.startsWith("API keys per role")) &&
    existsSync(join(dataDir, "demo-credentials.json"))
      ? (JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as Credential[])
      : undefined;
  // The machines here run many jobs at once: a booking's first render can take a minute.
  const deadline = Date.now() + 480_000;
  let failure: unknown;
  running.catch((error) => {
    failure = error;
  });
  while (!(await ready(lines, url(), keys()))) {
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(`the demo did not get ready:\n${lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  controller.abort();
  await running;
  return { lines, url: url() };
}

async function get<T>(url: string, key: Credential | undefined, path: string): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key?.apiKey}` } });
  return (await response.json()) as T;
}

const role = (keys: Credential[] | undefined, name: string) => keys?.find((c) => c.role === name);

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
          jurisdictionId: "51059",
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

  it("leaves about the stated shares of LESC cases and ERO reviews to a person, independently", () => {
    const ids = Array.from(
      { length: 3000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    const lesc = ids.filter((id) => waitsForPerson("lesc", id, 1 / 3)).length / ids.length;
    const ero = ids.filter((id) => waitsForPerson("ero", id, 1 / 2)).length / ids.length;
    expect(lesc).toBeGreaterThan(0.3);
    expect(lesc).toBeLessThan(0.37);
    expect(ero).toBeGreaterThan(0.46);
    expect(ero).toBeLessThan(0.54);
    const both =
      ids.filter((id) => waitsForPerson("lesc", id, 1 / 3) && waitsForPerson("ero", id, 1 / 2)).length /
      ids.length;
    expect(both).toBeGreaterThan(0.13);
    expect(both).toBeLessThan(0.2);
    expect(ids.some((id) => !waitsForPerson("lesc", id, 0) && waitsForPerson("lesc", id, 1))).toBe(true);
  });

  it("says which option to use when its port is taken, before it opens or seeds anything", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const lines: string[] = [];
    const dataDir = join(await initialisedDataDir(), "never-created");
    dirs.push(dataDir);
    try {
      const started = runDemo({
        dataDir,
        port,
        print: (line) => lines.push(line),
        signal: new AbortController().signal,
      });
      await expect(started).rejects.toThrow(DemoPortBusyError);
      await expect(started).rejects.toThrow(new RegExp(`port ${port} .*--port ${port + 1}`));
      expect(existsSync(dataDir)).toBe(false);
      expect(lines.some((line) => /seeding|database/.test(line))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("stops while it seeds its galleries, between batches, and goes on from there at the next start", async () => {
    const dataDir = await initialisedDataDir();
    dirs.push(dataDir);
    const sizes = { ...SIZES, criminalDistractors: 50 * DEMO_PARAMETERS.seedBatch };
    const { lines } = await demoUntil(
      dataDir,
      async (printed) => printed.some((line) => line.startsWith("seeding criminal gallery")),
      { automateAll: true, sizes },
    );
    expect(lines.at(-1)).toMatch(/^stopped after/);
    expect(lines.some((line) => line.startsWith("galleries loaded"))).toBe(false);
    const handle = await openHubDatabase({ dataDir });
    try {
      const seeded = await createHubStorage(handle.db).subjects.count(
        "criminal",
        DEMO_PARAMETERS.distractorPrefix,
      );
      expect(seeded).toBeGreaterThan(0);
      expect(seeded).toBeLessThan(sizes.criminalDistractors);
    } finally {
      await handle.close();
    }
  });

  it("names an LEA that books among the demo's first bookings, which begin with people IDENT will match", () => {
    const world = demoWorld(SIZES);
    const lea = busiestBookingAgency(world);
    expect(demoRoleOris(world).LEA).toBe(lea.ori);
    const order = demoBookingOrder(
      bookingStream({
        population: world.population,
        jurisdictions: world.jurisdictions,
        seed: world.seed,
        state: world.state,
      }),
      DEMO_PARAMETERS.earlyMatchLookahead,
    );
    const first = Array.from({ length: 20 }, () => order.next().value);
    expect(first.filter((b) => b.agencyOri === lea.ori).length).toBeGreaterThanOrEqual(1);
    expect(first.filter(willMatchInIdent).length).toBe(10);
    expect(willMatchInIdent(first[0]!)).toBe(true);
    // In stream order the first such booking came far later.
    const plain = bookingStream({
      population: world.population,
      jurisdictions: world.jurisdictions,
      seed: world.seed,
      state: world.state,
    });
    expect(Array.from({ length: 20 }, () => plain.next().value).filter(willMatchInIdent).length).toBeLessThan(
      3,
    );
    // A person's re-arrest never comes before their first booking.
    const seen = new Set<string>();
    const ordered = demoBookingOrder(
      bookingStream({
        population: world.population,
        jurisdictions: world.jurisdictions,
        seed: world.seed,
        state: world.state,
      }),
      DEMO_PARAMETERS.earlyMatchLookahead,
    );
    for (let i = 0; i < 600; i++) {
      const booking = ordered.next().value;
      if (booking.truth.earlierBookingsInStream > 0) expect(seen.has(booking.truth.personId)).toBe(true);
      seen.add(booking.truth.personId);
    }
  });

  it("binds its port before seeding, leaves cases to the console's LESC and ERO, streams bookings, and restarts on its data", async () => {
    const dataDir = await initialisedDataDir();
    dirs.push(dataDir);
    let queue: { count: number; items: { transactionId: string }[] } | undefined;
    let reviews: { items: { transactionId: string }[] } | undefined;
    let stats: { overall: { bookings: number; sreIdent: number; sreNonIdent: number } } | undefined;
    let determined = false;
    const first = await demoUntil(
      dataDir,
      async (_lines, url, keys) => {
        if (!url || !keys) return false;
        queue = await get(url, role(keys, "LESC"), "/v1/lesc/queue");
        const waiting = queue?.items[0];
        if (waiting && !determined) {
          // The analyst confirms in the console; the ERO review then waits for an officer too.
          const response = await fetch(`${url}/v1/lesc/reviews/${waiting.transactionId}/determination`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${role(keys, "LESC")?.apiKey}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ analyst: "demo-test" }),
          });
          determined = response.ok;
        }
        reviews = await get(url, role(keys, "ERO"), "/v1/ero/reviews");
        stats = await get(url, role(keys, "PMO"), "/v1/stats");
        return (reviews?.items.length ?? 0) >= 1;
      },
      { waitForPerson: { lesc: 1, ero: 1 } },
    );
    const index = (prefix: string) => first.lines.findIndex((line) => line.startsWith(prefix));
    expect(first.lines[0]).toMatch(/SYNTHETIC/);
    expect(index("serving")).toBeGreaterThan(-1);
    expect(index("serving")).toBeLessThan(index("API keys per role"));
    expect(index("serving")).toBeLessThan(index("seeding"));
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
    expect(role(credentials, "LEA")?.ori).toBe(busiestBookingAgency(demoWorld(SIZES)).ori);
    expect(stats?.overall.bookings).toBeGreaterThanOrEqual(1);
    expect((stats?.overall.sreIdent ?? 0) + (stats?.overall.sreNonIdent ?? 0)).toBeGreaterThanOrEqual(1);
    expect(reviews?.items.map((r) => r.transactionId)).toContain(
      queue?.items[0]?.transactionId ?? reviews?.items[0]?.transactionId,
    );
    expect(first.lines.at(-1)).toMatch(/^stopped after/);
    const handle = await openHubDatabase({ dataDir });
    try {
      // Every case waited for a person: no worker decided one by the rules.
      const decided = await handle.db
        .selectFrom("audit_events")
        .select(["actor", "action"])
        .where("action", "in", ["IAR_RETURNED", "DETAINER_ISSUED"])
        .execute();
      expect(decided.filter((e) => e.actor.startsWith("worker:"))).toEqual([]);
      // The first booking the stream sent was of a person IDENT matched.
      const booked = await handle.db
        .selectFrom("transactions")
        .select(["state_data"])
        .orderBy("created_at")
        .limit(1)
        .executeTakeFirstOrThrow();
      expect((booked.state_data as { identMatch?: unknown }).identMatch).toBeTruthy();
    } finally {
      await handle.close();
    }

    const second = await demoUntil(dataDir, async (lines, url) => {
      if (!url || !lines.some((line) => line.startsWith("galleries loaded"))) return false;
      return (await fetch(`${url}/health`)).ok;
    });
    expect(second.lines.some((line) => /seeding/.test(line))).toBe(false);
    expect(second.lines.join("\n")).toMatch(/galleries loaded: 2\d\d criminal/);
    const again = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as Credential[];
    expect(again).toEqual(credentials);
  }, 900_000);
});
