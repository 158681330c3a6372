import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle, verifyAuditChain } from "../src/index.js";
import { auditEventHash, GENESIS_HASH, PostgresAuditLog } from "../src/storage/audit-log.js";
import { canonicalJson } from "../src/storage/canonical-json.js";
import { runTransition } from "../src/storage/hub-storage.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined members", () => {
    expect(canonicalJson({ b: [{ z: 1, y: null }], a: "x", c: undefined })).toBe(
      '{"a":"x","b":[{"y":null,"z":1}]}',
    );
    expect(canonicalJson(new Date(Date.UTC(2026, 0, 2)))).toBe('"2026-01-02T00:00:00.000Z"');
  });

  it("refuses values without a JSON form", () => {
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});

describe.each(BACKENDS)("audit log on $name", (backend) => {
  let handle: HubDatabaseHandle;

  beforeAll(async () => {
    handle = await backend.open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
  });

  async function appendEvents(count: number): Promise<void> {
    const audit = createHubStorage(handle.db).audit;
    for (let i = 0; i < count; i++) {
      await audit.append({
        actor: `analyst-${i}`,
        ori: "LESC00001",
        action: i % 2 ? "read" : "search",
        purpose: "immigration status determination",
        object: `transaction/${i}`,
        details: { score: 41.5 + i, ids: [i, i + 1] },
      });
    }
  }

  it("chains each event to the one before it", async () => {
    await appendEvents(3);
    const events = await createHubStorage(handle.db).audit.query();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    for (const event of events) expect(event.hash).toBe(auditEventHash(event.prevHash, event));
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: true,
      events: 3,
      headSeq: 3,
      headHash: events[2]?.hash,
    });
  });

  it("chains from the real head when the head this process knew has moved", async () => {
    // Two logs keyed to different chains: each knows the head it wrote last, which the other moves.
    const first = new PostgresAuditLog(handle.db, () => new Date(), {});
    const second = new PostgresAuditLog(handle.db, () => new Date(), {});
    await first.append({ actor: "a", ori: "DCFBIWA00", action: "search", details: { n: 1 } });
    await second.append({ actor: "b", ori: "DCFBIWA00", action: "search", details: { n: 2 } });
    await first.appendMany([
      { actor: "a", ori: "DCFBIWA00", action: "read", object: null, details: { n: 3 } },
      { actor: "a", ori: "DCFBIWA00", action: "read", purpose: "p", details: { n: 4 } },
    ]);
    // A head rewound behind the process's back (a restore): the next append must not skip it.
    await sql`delete from audit_events where seq = 4`.execute(handle.db);
    const third = await sql<{ hash: string }>`select hash from audit_events where seq = 3`.execute(handle.db);
    await sql`update audit_head set seq = 3, hash = ${third.rows[0]!.hash} where id = 1`.execute(handle.db);
    await first.append({ actor: "a", ori: "DCFBIWA00", action: "read", details: { n: 5 } });
    await runTransition(handle.db, (storage) =>
      storage.audit.append({ actor: "w", ori: "DCFBIWA00", action: "search", object: "t/1" }),
    );
    await runTransition(handle.db, (storage) =>
      storage.audit.append({ actor: "w", ori: "DCFBIWA00", action: "search", object: "t/2" }),
    );
    const events = await createHubStorage(handle.db).audit.query();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.map((e) => (e.details as { n?: number }).n ?? e.object)).toEqual([
      1,
      2,
      3,
      5,
      "t/1",
      "t/2",
    ]);
    expect(events[2]?.purpose).toBeNull();
    expect(events[2]?.object).toBeNull();
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it("keeps the chain linear when many transitions append at once", async () => {
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        runTransition(handle.db, (storage) =>
          storage.audit.append({
            actor: `worker-${i}`,
            ori: "DCFBIWA00",
            action: "search",
            object: `t/${i}`,
          }),
        ),
      ),
    );
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createHubStorage(handle.db).audit.append({ actor: `api-${i}`, ori: "TX0000001", action: "read" }),
      ),
    );
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, events: 32, headSeq: 32 });
  });

  it("detects an altered event", async () => {
    await appendEvents(5);
    await sql`update audit_events set purpose = 'curiosity' where seq = 3`.execute(handle.db);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, seq: 3, problem: "altered" });
  });

  it("detects an altered JSON detail", async () => {
    await appendEvents(5);
    await sql`update audit_events set details = jsonb_set(details, '{score}', '99') where seq = 2`.execute(
      handle.db,
    );
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, seq: 2, problem: "altered" });
  });

  it("detects an event rewritten with a freshly computed hash by the broken link after it", async () => {
    await appendEvents(5);
    const [row] = await createHubStorage(handle.db).audit.query({ afterSeq: 1, limit: 1 });
    if (!row) throw new Error("event 2 missing");
    const forged = { ...row, actor: "someone-else" };
    await sql`update audit_events set actor = ${forged.actor}, hash = ${auditEventHash(row.prevHash, forged)} where seq = 2`.execute(
      handle.db,
    );
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, seq: 3, problem: "broken-link" });
  });

  it("detects a removed event", async () => {
    await appendEvents(5);
    await sql`delete from audit_events where seq = 2`.execute(handle.db);
    const result = await verifyAuditChain(handle.db);
    expect(result).toMatchObject({ ok: false, seq: 3, problem: "removed" });
    expect(result.ok || result.message).toContain("2 missing");
  });

  it("detects removed events at the end of the chain", async () => {
    await appendEvents(5);
    await sql`delete from audit_events where seq >= 4`.execute(handle.db);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, seq: 4, problem: "head-mismatch" });
  });

  it("detects reordered events", async () => {
    await appendEvents(5);
    // Swap events 2 and 4 (in three steps: the primary key is checked per statement).
    await sql`update audit_events set seq = -2 where seq = 2`.execute(handle.db);
    await sql`update audit_events set seq = 2 where seq = 4`.execute(handle.db);
    await sql`update audit_events set seq = 4 where seq = -2`.execute(handle.db);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, seq: 2 });
  });

  it("filters the audit query by ORI, action and time", async () => {
    await appendEvents(4);
    const audit = createHubStorage(handle.db).audit;
    await audit.append({
      actor: "lea",
      ori: "TX0000001",
      action: "read",
      at: new Date("2030-01-01T00:00:00Z"),
    });
    expect(await audit.query({ ori: "LESC00001", action: "read" })).toHaveLength(2);
    expect((await audit.query({ from: new Date("2029-12-31T00:00:00Z") })).map((e) => e.actor)).toEqual([
      "lea",
    ]);
    expect(await audit.query({ limit: 2 })).toHaveLength(2);
  });
});
