import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { printsDecision } from "../src/domain/retention-rules.js";
import {
  createHubStorage,
  type HubDatabaseHandle,
  purgeExpired,
  retentionPolicies,
  SubmissionWorker,
  setRetentionPolicy,
} from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys, testApi } from "./api-harness.js";
import {
  bookingFile,
  HUB_ORI,
  knownBooking,
  SIB_ORI,
  seedDirectory,
  tinyGallery,
} from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";
import { withTcn } from "./support/car-mutants.js";

const EBTS = { "content-type": "application/octet-stream" };
const BY = { actor: "retention-test", ori: HUB_ORI };
const DAY_MS = 86_400_000;

describe("retention rules", () => {
  const policies = { prints: { criminal: true, ident: false }, messageDays: {} };

  it("keeps a finished booking's prints while a repository that searched it retains them", () => {
    expect(printsDecision("CLOSED", { criminalMatch: null }, policies)).toMatchObject({
      retained: true,
      retainedBy: ["criminal"],
    });
    const identOnly = { prints: { criminal: false, ident: false }, messageDays: {} };
    expect(printsDecision("CLOSED", { criminalMatch: null, identMatch: null }, identOnly)).toMatchObject({
      retained: false,
      searchedIn: ["criminal", "ident"],
    });
    // Refused at validation: no repository searched it, none retains it.
    expect(printsDecision("REJECTED", {}, policies)).toMatchObject({ retained: false, searchedIn: [] });
  });

  it("decides nothing for a booking still on its way (its searches or an LESC case read the prints)", () => {
    for (const state of ["RECEIVED", "VALIDATED", "CRIMINAL_SEARCHED", "IDENT_SEARCHED", "IAQ_SENT"])
      expect(printsDecision(state, {}, policies), state).toBeUndefined();
  });
});

describe.each(BACKENDS)("retention purge on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;
  let car: Buffer;

  const submit = (payload: Buffer) =>
    app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), ...EBTS },
      payload,
    });
  const request = (id: string, what: "request" | "prints/1") =>
    app.inject({
      url: `/v1/transactions/${id}/${what}`,
      headers: { ...bearer(keys.SIB), "x-purpose": "retention test" },
    });

  /** A searched and closed booking, and one accepted but not yet searched (another TCN, same prints). */
  async function twoBookings(): Promise<{ closed: string; waiting: string }> {
    const closed = (await submit(car)).json().id as string;
    const gallery = await tinyGallery(2);
    try {
      const worker = new SubmissionWorker(handle.db, {
        hubOri: HUB_ORI,
        criminal: gallery.repository,
        ident: gallery.repository,
      });
      expect(await worker.processNext("retention")).toMatchObject({ kind: "done", status: "CLOSED" });
    } finally {
      await gallery.close();
    }
    const tcn = knownBooking().tcn;
    const waiting = (await submit(withTcn(car, tcn, `${tcn.slice(0, -6)}000777`))).json().id as string;
    return { closed, waiting };
  }

  beforeAll(async () => {
    handle = await backend.open();
    car = Buffer.from(bookingFile("sketch"));
    app = testApi(handle);
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    await handle.db.deleteFrom("retention_policies").execute();
    await handle.db
      .insertInto("retention_policies")
      .values([
        { kind: "BOOKING_PRINTS", subject: "criminal", retain: true, keep_days: null },
        { kind: "BOOKING_PRINTS", subject: "ident", retain: false, keep_days: null },
      ])
      .execute();
    keys = await issueRoleKeys(handle);
    await seedDirectory(handle);
  });

  it("under the default policy keeps the prints the criminal repository searched", async () => {
    const { closed, waiting } = await twoBookings();
    const report = await purgeExpired(handle.db, { by: BY });
    expect(report.prints).toEqual({ purged: 0, transactions: [] });
    expect((await request(closed, "request")).statusCode).toBe(200);
    expect((await request(waiting, "request")).statusCode).toBe(200);
  });

  it("deletes a finished non-retained booking's prints, audited, and answers 410 for them after", async () => {
    const { closed, waiting } = await twoBookings();
    await setRetentionPolicy(
      handle.db,
      { kind: "BOOKING_PRINTS", repository: "criminal", retain: false },
      BY,
    );
    const dry = await purgeExpired(handle.db, { by: BY, dryRun: true });
    expect(dry.prints).toEqual({ purged: 1, transactions: [closed] });
    expect((await request(closed, "request")).statusCode).toBe(200);
    expect(await createHubStorage(handle.db).audit.query({ action: "PRINTS_PURGED" })).toEqual([]);

    const report = await purgeExpired(handle.db, { by: BY });
    expect(report.prints.transactions).toEqual([closed]);
    for (const what of ["request", "prints/1"] as const) {
      const gone = await request(closed, what);
      expect(gone.statusCode, what).toBe(410);
      expect(gone.json()).toMatchObject({ error: "purged" });
      expect(gone.json().message).toContain("retention policy");
    }
    // Not finished: its search still needs the prints.
    expect((await request(waiting, "request")).statusCode).toBe(200);
    const row = await handle.db
      .selectFrom("transactions")
      .select(["request", "prints_purged_at", "state", "request_sha256"])
      .where("id", "=", closed)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ request: null, state: "CLOSED" });
    expect(row.prints_purged_at).toBeInstanceOf(Date);
    // The hash stays: a resubmission of the same file is still recognised as the same booking.
    expect(row.request_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await submit(car)).json()).toMatchObject({ id: closed, created: false });

    const audit = createHubStorage(handle.db).audit;
    const purged = await audit.query({ action: "PRINTS_PURGED" });
    expect(purged.map((e) => e.object)).toEqual([`transaction:${closed}`]);
    expect(purged[0]?.details).toMatchObject({
      searchedIn: ["criminal"],
      state: "CLOSED",
    });
    const [run] = await audit.query({ action: "RETENTION_PURGE_RUN" });
    expect(run?.details).toMatchObject({ printsPurged: 1 });
    const [set] = await audit.query({ action: "RETENTION_POLICY_SET" });
    expect(set).toMatchObject({
      object: "retention:BOOKING_PRINTS:criminal",
      details: { before: { retain: true }, after: { retain: false } },
    });
    // A second run finds nothing more.
    expect((await purgeExpired(handle.db, { by: BY })).prints.purged).toBe(0);
  });

  it("deletes messages of a type after its days, keeps other types and undelivered ones", async () => {
    const { closed } = await twoBookings();
    // A refused file's ERRT, besides the closed booking's SRE.
    expect((await submit(car.subarray(0, 3000))).statusCode).toBe(422);
    const storage = createHubStorage(handle.db);
    const messages = await storage.outbox.listForRecipient(SIB_ORI);
    const sre = messages.find((m) => m.type === "SRE" && m.transactionId === closed);
    const errts = messages.filter((m) => m.type === "ERRT");
    expect(sre).toBeDefined();
    expect(errts).toHaveLength(1);
    // The SRE was delivered; the ERRT still waits for delivery.
    await storage.outbox.markDelivered(sre?.id ?? "");
    await setRetentionPolicy(handle.db, { kind: "MESSAGES", type: "SRE", keepDays: 30 }, BY);
    await setRetentionPolicy(handle.db, { kind: "MESSAGES", type: "ERRT", keepDays: 30 }, BY);
    expect((await retentionPolicies(handle.db)).messageDays).toEqual({ SRE: 30, ERRT: 30 });

    const early = await purgeExpired(handle.db, { by: BY, clock: () => new Date(Date.now() + 29 * DAY_MS) });
    expect(early.messages.map((m) => m.deleted)).toEqual([0, 0]);
    const late = await purgeExpired(handle.db, { by: BY, clock: () => new Date(Date.now() + 31 * DAY_MS) });
    expect(Object.fromEntries(late.messages.map((m) => [m.type, m.deleted]))).toEqual({ SRE: 1, ERRT: 0 });
    expect(await storage.outbox.get(sre?.id ?? "")).toBeUndefined();
    expect(await storage.outbox.get(errts[0]?.id ?? "")).toBeDefined();
    const [event] = await storage.audit.query({ action: "MESSAGES_PURGED" });
    expect(event).toMatchObject({
      object: "messages:SRE",
      details: { type: "SRE", keepDays: 30, deleted: 1 },
    });
  });

  it("refuses a policy for an unknown repository or message type, or a day count below 1", async () => {
    await expect(
      setRetentionPolicy(handle.db, { kind: "BOOKING_PRINTS", repository: "civil", retain: false }, BY),
    ).rejects.toThrow("repository civil is not one of criminal, ident");
    await expect(
      setRetentionPolicy(handle.db, { kind: "MESSAGES", type: "FAX", keepDays: 3 }, BY),
    ).rejects.toThrow("message type FAX");
    await expect(
      setRetentionPolicy(handle.db, { kind: "MESSAGES", type: "SRE", keepDays: 0 }, BY),
    ).rejects.toThrow("at least 1");
  });
});
