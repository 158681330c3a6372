import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MessageType } from "../src/domain/domain-effects.js";
import { aggregateStatistics, type TransactionOutcome } from "../src/domain/transaction-statistics.js";
import { createHubStorage, type HubDatabaseHandle } from "../src/index.js";
import {
  bearer,
  issueRoleKeys,
  JURISDICTION,
  type RoleKeys,
  roleOris,
  seedPlannedJurisdiction,
  testApi,
} from "./api-harness.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/** A small deterministic generator, so the statistics fixture is the same on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe.each(BACKENDS)("API programme functions on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;

  beforeAll(async () => {
    handle = await backend.open();
    app = testApi(handle);
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    keys = await issueRoleKeys(handle);
    await seedPlannedJurisdiction(handle);
  });

  describe("jurisdictions", () => {
    const activation = (payload: object, jurisdictionId = JURISDICTION) =>
      app.inject({
        method: "POST",
        url: `/v1/jurisdictions/${jurisdictionId}/activation`,
        headers: bearer(keys.PMO),
        payload,
      });

    it("walks PLANNED → SCHEDULED → DEFERRED → SCHEDULED → ACTIVATED, refusing steps out of turn", async () => {
      expect((await activation({ event: "ACTIVATE", date: "2026-04-01" })).statusCode).toBe(409);
      const scheduled = await activation({ event: "SCHEDULE", date: "2026-04-01" });
      expect(scheduled.json()).toMatchObject({ activationStatus: "SCHEDULED", scheduledAt: "2026-04-01" });
      const deferred = await activation({ event: "DEFER", reason: "county asked for a meeting" });
      expect(deferred.json()).toMatchObject({
        activationStatus: "DEFERRED",
        deferredReason: "county asked for a meeting",
      });
      await activation({ event: "SCHEDULE", date: "2026-05-01" });
      const activated = await activation({ event: "ACTIVATE", date: "2026-05-01" });
      expect(activated.json()).toMatchObject({
        activationStatus: "ACTIVATED",
        activatedAt: "2026-05-01T00:00:00.000Z",
        deferredReason: null,
      });
      const illegal = await activation({ event: "DEFER", reason: "too late" });
      expect(illegal.statusCode).toBe(409);
      expect(illegal.json()).toMatchObject({ error: "illegal_transition" });
      expect(illegal.json().message).toContain("ACTIVATED");
      const stored = await createHubStorage(handle.db).directory.getJurisdiction(JURISDICTION);
      expect(stored).toMatchObject({ activationStatus: "ACTIVATED", activation: { status: "ACTIVATED" } });
      const events = await createHubStorage(handle.db).audit.query({
        object: `jurisdiction:${JURISDICTION}`,
      });
      expect(events.map((e) => e.action)).toEqual([
        "JURISDICTION_SCHEDULED",
        "JURISDICTION_DEFERRED",
        "JURISDICTION_SCHEDULED",
        "JURISDICTION_ACTIVATED",
      ]);
      expect(new Set(events.map((e) => `${e.ori} ${e.actor.slice(0, 7)}`))).toEqual(
        new Set([`${roleOris().PMO} apikey:`]),
      );
    });

    it("shows one jurisdiction with its booking agencies and its activation history", async () => {
      await createHubStorage(handle.db).directory.putAgency({
        ori: "VA0590100",
        kind: "LEA",
        name: "Synthetic County Sheriff",
        parentOri: null,
        jurisdictionId: JURISDICTION,
      });
      await activation({ event: "SCHEDULE", date: "2026-04-01" });
      await activation({ event: "DEFER", reason: "county asked for a meeting" });
      const response = await app.inject({
        url: `/v1/jurisdictions/${JURISDICTION}`,
        headers: bearer(keys.PMO),
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.jurisdiction).toMatchObject({ jurisdictionId: JURISDICTION, activationStatus: "DEFERRED" });
      expect(body.agencies).toEqual([{ ori: "VA0590100", kind: "LEA", name: "Synthetic County Sheriff" }]);
      expect(body.history.map((e: { action: string }) => e.action)).toEqual([
        "JURISDICTION_SCHEDULED",
        "JURISDICTION_DEFERRED",
      ]);
      expect(body.history[1].details).toMatchObject({ reason: "county asked for a meeting" });
      const missing = await app.inject({ url: "/v1/jurisdictions/99999", headers: bearer(keys.PMO) });
      expect(missing.statusCode).toBe(404);
    });

    it("names the missing or invalid property of an activation", async () => {
      for (const [payload, field] of [
        [{ event: "SCHEDULE" }, "body.date"],
        [{ event: "DEFER" }, "body.reason"],
        [{ event: "SCHEDULE", date: "next week" }, "body.date"],
        [{ event: "LAUNCH", date: "2026-04-01" }, "body.event"],
        [{}, "body.event"],
      ] as const) {
        const response = await activation(payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(response.json().field).toBe(field);
      }
      const impossible = await activation({ event: "SCHEDULE", date: "2026-02-30" });
      expect([400, 422]).toContain(impossible.statusCode);
      expect(impossible.json().field).toBe("body.date");
      expect((await activation({ event: "SCHEDULE", date: "2026-04-01" }, "99999")).statusCode).toBe(404);
    });

    it("sets receipt preferences without touching activation, and lists jurisdictions", async () => {
      const response = await app.inject({
        method: "PUT",
        url: `/v1/jurisdictions/${JURISDICTION}/preferences`,
        headers: bearer(keys.PMO),
        payload: { receiptIar: false },
      });
      expect(response.json()).toMatchObject({
        activationStatus: "PLANNED",
        receiptIdr: true,
        receiptIar: false,
      });
      const empty = await app.inject({
        method: "PUT",
        url: `/v1/jurisdictions/${JURISDICTION}/preferences`,
        headers: bearer(keys.PMO),
        payload: {},
      });
      expect(empty.statusCode).toBe(400);
      const list = await app.inject({ url: "/v1/jurisdictions?state=VA", headers: bearer(keys.SIB) });
      expect(list.json().items).toEqual([
        expect.objectContaining({ jurisdictionId: JURISDICTION, receiptIar: false }),
      ]);
      const [event] = await createHubStorage(handle.db).audit.query({ action: "RECEIPT_PREFERENCE_SET" });
      expect(event?.details).toEqual({ idr: true, iar: false });
    });
  });

  describe("audit", () => {
    it("queries the log by action and object, pages it, and audits the query itself", async () => {
      const storage = createHubStorage(handle.db);
      for (let i = 0; i < 5; i++)
        await storage.audit.append({
          actor: "t",
          ori: "VA0010000",
          action: "TEST_EVENT",
          object: `o:${i % 2}`,
        });
      const query = (q: string) => app.inject({ url: `/v1/audit${q}`, headers: bearer(keys.AUDITOR) });
      const page = (await query("?action=TEST_EVENT&limit=2")).json();
      expect(page.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
      expect(page.nextAfterSeq).toBe(2);
      const rest = (await query(`?action=TEST_EVENT&afterSeq=${page.nextAfterSeq}`)).json();
      expect(rest.items.map((e: { seq: number }) => e.seq)).toEqual([3, 4, 5]);
      expect(rest.nextAfterSeq).toBeNull();
      expect((await query("?object=o:1")).json().items).toHaveLength(2);
      const window = (await query("?from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z")).json();
      expect(window.items).toEqual([]);
      expect((await query("?from=yesterday")).json().field).toBe("querystring.from");
      const audited = await storage.audit.query({ action: "AUDIT_QUERIED" });
      // Four queries answered; the refused one disclosed nothing.
      expect(audited).toHaveLength(4);
      expect(audited[0]?.ori).toBe(roleOris().AUDITOR);
    });

    it("verifies the chain and reports the first altered event", async () => {
      const verify = () => app.inject({ url: "/v1/audit/verify", headers: bearer(keys.AUDITOR) });
      await createHubStorage(handle.db).audit.append({ actor: "t", ori: "VA0010000", action: "TEST_EVENT" });
      expect((await verify()).json()).toMatchObject({ ok: true, events: 1 });
      await sql`update audit_events set actor = 'someone else' where seq = 1`.execute(handle.db);
      expect((await verify()).json()).toMatchObject({ ok: false, seq: 1, problem: "altered" });
    });
  });

  describe("statistics", () => {
    const TYPES: MessageType[] = ["SRE", "IDR", "IAQ", "IAR"];

    /** Bookings spread over three jurisdictions and around month ends, with random responses and detainers. */
    async function seedBookings(count: number): Promise<void> {
      const random = lcg(20260301);
      let at = new Date("2026-01-30T20:00:00Z").getTime();
      const clock = () => new Date(at);
      const storage = createHubStorage(handle.db, { clock });
      for (let i = 0; i < count; i++) {
        // Steps of up to ~3.6 days cross the Jan/Feb and Feb/Mar ends at different hours of the day.
        at += Math.floor(random() * 3.6 * 86_400_000);
        const identMatch = random() < 0.4;
        const { transaction } = await storage.transactions.createOrGet({
          tcn: `T${i}`,
          tot: "CAR",
          submitterOri: i % 5 === 0 ? "VA0010000" : "VASIB0000",
          jurisdictionId: random() < 0.1 ? null : `VA00${Math.floor(random() * 3)}0000`,
          state: "CLOSED",
          stateData: { identMatch: identMatch ? { identity: `FIN${i}`, score: 9 } : null },
        });
        for (const type of TYPES) {
          if (random() < 0.3) continue;
          for (const recipient of type === "IAR" ? ["LEA", "ERO"] : ["SIB"])
            await storage.outbox.enqueue({
              transactionId: transaction.id,
              type,
              recipientOri: `${recipient}${i}`,
              suppressed: random() < 0.3,
              ...(type === "SRE" ? { payloadJson: { srf: i % 2 ? "I" : "N" } } : {}),
            });
        }
        if (random() < 0.2)
          await storage.detainers.create({
            id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            transactionId: transaction.id,
            leaOri: "LEA",
            eroOri: "ERO",
            status: "ISSUED",
            state: {},
            priority: {},
          });
      }
      // An ERRT for a file that never became a transaction is no booking; its rejection counts as errt.
      for (let i = 0; i < 7; i++) {
        at += (i + 1) * 4 * 86_400_000;
        const { message } = await storage.outbox.enqueue({
          transactionId: null,
          type: "ERRT",
          recipientOri: "VASIB0000",
        });
        await storage.rejectedSubmissions.record({
          submitterOri: i % 3 ? "VASIB0000" : "VA0010000",
          fileSha256: `sha${i}`,
          jurisdictionId: i % 2 ? "VA0000000" : null,
          tcn: null,
          problems: 1,
          errtMessageId: message.id,
          receivedAt: new Date(at),
        });
      }
    }

    async function rejections() {
      return (await createHubStorage(handle.db).rejectedSubmissions.list()).map((r) => ({
        jurisdictionId: r.jurisdictionId,
        submitterOri: r.submitterOri,
        receivedAt: r.receivedAt,
      }));
    }

    /** The same tables read into the pure aggregation's input. */
    async function outcomes(): Promise<TransactionOutcome[]> {
      const storage = createHubStorage(handle.db);
      const transactions = await storage.transactions.list({ limit: 10_000 });
      return Promise.all(
        transactions.map(async (t) => ({
          jurisdictionId: t.jurisdictionId ?? "UNKNOWN",
          submitterOri: t.submitterOri,
          receivedAt: t.createdAt,
          messages: (await storage.outbox.listForTransaction(t.id)).map((m) => ({
            type: m.type as MessageType,
            delivery: m.status === "suppressed" ? ("suppressed" as const) : ("delivered" as const),
            ...(typeof m.payloadJson.srf === "string" ? { srf: m.payloadJson.srf } : {}),
          })),
          identMatch: typeof t.stateData.identMatch === "object" && t.stateData.identMatch !== null,
          detainers: (await storage.detainers.getByTransaction(t.id)) ? 1 : 0,
        })),
      );
    }

    it("counts each rejected file as errt for its submitter, once however often it is sent, and audits each", async () => {
      const submit = (apiKey: string, payload: Buffer) =>
        app.inject({
          method: "POST",
          url: "/v1/transactions",
          headers: { ...bearer(apiKey), "content-type": "application/octet-stream" },
          payload,
        });
      for (const [key, file] of [
        [keys.LEA, "1.001:garbage"],
        [keys.LEA, "1.001:garbage"],
        [keys.LEA, "1.001:other garbage"],
        [keys.SIB, "1.001:garbage"],
      ] as const)
        expect((await submit(key, Buffer.from(file))).statusCode).toBe(422);
      const stats = (await app.inject({ url: "/v1/stats", headers: bearer(keys.PMO) })).json();
      expect(stats.overall).toMatchObject({ bookings: 0, errt: 3 });
      expect(stats.bySubmitter[roleOris().LEA].errt).toBe(2);
      expect(stats.bySubmitter[roleOris().SIB].errt).toBe(1);
      expect(stats.byJurisdiction.UNKNOWN.errt).toBe(3);
      const audited = await handle.db
        .selectFrom("audit_events")
        .select(["ori", "object"])
        .where("action", "=", "SUBMISSION_REJECTED")
        .execute();
      expect(audited).toHaveLength(4);
      expect(audited.filter((e) => e.ori === roleOris().LEA)).toHaveLength(3);
    });

    it("counts in SQL exactly what aggregateStatistics counts, in UTC and in a state's zone, and by period", async () => {
      await seedBookings(60);
      const all = await outcomes();
      const rejected = await rejections();
      const stats = (query: string, apiKey = keys.PMO) =>
        app.inject({ url: `/v1/stats${query}`, headers: bearer(apiKey) });
      const utc = (await stats("")).json();
      expect(utc).toEqual(aggregateStatistics(all, "UTC", rejected));
      expect(utc.overall.errt).toBe(7);
      expect(utc.overall.sreIdent).toBeGreaterThan(0);
      expect(utc.overall.sreNonIdent).toBeGreaterThan(0);
      expect(utc.bySubmitter.VA0010000.errt).toBe(3);
      expect(Object.keys(utc.byMonth).slice(0, 3)).toEqual(["2026-01", "2026-02", "2026-03"]);
      expect(utc.overall.bookings).toBe(60);
      expect(utc.overall.detainers).toBeGreaterThan(0);
      expect(utc.overall.iarSuppressed).toBeGreaterThan(0);
      const eastern = (await stats("?timeZone=America/New_York")).json();
      expect(eastern).toEqual(aggregateStatistics(all, "America/New_York", rejected));
      expect(eastern.byMonth).not.toEqual(utc.byMonth);
      const [from, to] = ["2026-02-10T00:00:00.000Z", "2026-03-10T00:00:00.000Z"];
      const period = (await stats(`?from=${from}&to=${to}`, keys.AUDITOR)).json();
      const inPeriod = all.filter((o) => {
        const at = new Date(o.receivedAt).toISOString();
        return at >= from && at < to;
      });
      const rejectedInPeriod = rejected.filter((r) => {
        const at = r.receivedAt.toISOString();
        return at >= from && at < to;
      });
      expect(period).toEqual(aggregateStatistics(inPeriod, "UTC", rejectedInPeriod));
      const bad = await stats("?timeZone=Mars/Olympus_Mons");
      expect(bad.statusCode).toBe(400);
      expect(bad.json().field).toBe("querystring.timeZone");
    });
  });
});
