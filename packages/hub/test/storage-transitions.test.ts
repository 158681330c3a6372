import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createHubStorage,
  type HubDatabaseHandle,
  keepTransactionRows,
  verifyAuditChain,
} from "../src/index.js";
import { hashApiKey } from "../src/storage/api-key-store.js";
import { runTransition } from "../src/storage/hub-storage.js";
import { ConcurrentUpdateError } from "../src/storage/storage-error.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

describe.each(BACKENDS)("storage transitions on $name", (backend) => {
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

  const booking = (tcn: string) => ({
    tcn,
    tot: "CAR",
    submitterOri: "TX0000001",
    jurisdictionId: "48453",
    state: "RECEIVED",
    stateData: { charges: ["DUI"], nested: { b: 2, a: 1 } },
    request: new Uint8Array([1, 2, 3, 0, 255]),
  });

  it("stores a transaction with its request bytes and JSON state", async () => {
    const storage = createHubStorage(handle.db);
    const { transaction, created } = await storage.transactions.createOrGet(booking("TCN-1"));
    expect(created).toBe(true);
    expect(transaction).toMatchObject({
      tcn: "TCN-1",
      state: "RECEIVED",
      version: 1,
      jurisdictionId: "48453",
    });
    expect(transaction.stateData).toEqual({ charges: ["DUI"], nested: { a: 1, b: 2 } });
    expect(await storage.transactions.get(transaction.id)).toEqual(transaction);
    expect([...((await storage.transactions.getRequest(transaction.id)) ?? [])]).toEqual([1, 2, 3, 0, 255]);
  });

  it("returns the first transaction when the same TCN arrives twice, even concurrently", async () => {
    const storage = createHubStorage(handle.db);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        storage.transactions.createOrGet({ ...booking("TCN-DUP"), state: `RECEIVED-${i}` }),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const first = results.find((result) => result.created)?.transaction;
    for (const result of results) expect(result.transaction.id).toBe(first?.id);
    expect(await storage.transactions.list()).toHaveLength(1);
  });

  it("writes state, audit events and outbox messages in one transition", async () => {
    const { transaction } = await createHubStorage(handle.db).transactions.createOrGet(booking("TCN-2"));
    const updated = await runTransition(handle.db, async (storage) => {
      const next = await storage.transactions.update(transaction.id, transaction.version, {
        state: "SRE_SENT",
        stateData: { sre: "ident" },
      });
      await storage.audit.append({
        actor: "iafis",
        ori: "DCFBIWA00",
        action: "search",
        object: transaction.id,
      });
      await storage.outbox.enqueue({
        transactionId: transaction.id,
        type: "SRE",
        recipientOri: "TX0000001",
        payloadJson: { ident: true },
        payload: new Uint8Array([9, 8, 7]),
      });
      await storage.outbox.enqueue({
        transactionId: transaction.id,
        type: "IDR",
        recipientOri: "TX0000001",
        suppressed: true,
      });
      return next;
    });
    expect(updated).toMatchObject({ state: "SRE_SENT", version: 2, stateData: { sre: "ident" } });
    const storage = createHubStorage(handle.db);
    const messages = await storage.outbox.listForTransaction(transaction.id);
    expect(messages.map((m) => [m.type, m.status])).toEqual(
      expect.arrayContaining([
        ["SRE", "pending"],
        ["IDR", "suppressed"],
      ]),
    );
    expect([...(messages.find((m) => m.type === "SRE")?.payload ?? [])]).toEqual([9, 8, 7]);
    expect(await storage.audit.query({ object: transaction.id })).toHaveLength(1);
  });

  it("leaves no partial state when a transition throws", async () => {
    const { transaction } = await createHubStorage(handle.db).transactions.createOrGet(booking("TCN-3"));
    await expect(
      runTransition(handle.db, async (storage) => {
        await storage.transactions.update(transaction.id, 1, { state: "SRE_SENT" });
        await storage.audit.append({
          actor: "iafis",
          ori: "DCFBIWA00",
          action: "search",
          object: transaction.id,
        });
        await storage.outbox.enqueue({
          transactionId: transaction.id,
          type: "SRE",
          recipientOri: "TX0000001",
        });
        await storage.queue.enqueue({ kind: "ident-search", payload: { id: transaction.id } });
        throw new Error("crash in the middle of the transition");
      }),
    ).rejects.toThrow("crash in the middle");
    const storage = createHubStorage(handle.db);
    expect(await storage.transactions.get(transaction.id)).toMatchObject({ state: "RECEIVED", version: 1 });
    expect(await storage.outbox.listForTransaction(transaction.id)).toEqual([]);
    expect(await storage.audit.query()).toEqual([]);
    expect(await storage.queue.countByStatus()).toEqual({ pending: 0, done: 0, failed: 0 });
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, events: 0 });
  });

  it("answers from kept rows only with committed writes (keepTransactionRows)", async () => {
    // Another Kysely object on the same connection, so that the rows kept are this test's only.
    const db = handle.db.withoutPlugins();
    keepTransactionRows(db);
    const storage = createHubStorage(db);
    const { transaction } = await storage.transactions.createOrGet(booking("TCN-KEPT"));
    await runTransition(db, (tx) => tx.transactions.update(transaction.id, 1, { state: "SRE_SENT" }));
    // Changed behind the process's back (which keepTransactionRows rules out): the kept row shows it was kept.
    await sql`update transactions set state = 'BEHIND' where id = ${transaction.id}`.execute(handle.db);
    expect(await storage.transactions.get(transaction.id)).toMatchObject({ state: "SRE_SENT", version: 2 });
    await expect(
      runTransition(db, async (tx) => {
        await tx.transactions.update(transaction.id, 2, { state: "IDR_SENT" });
        // Inside the transaction its own write is read from the database, not from the kept rows.
        expect(await tx.transactions.get(transaction.id)).toMatchObject({ state: "IDR_SENT", version: 3 });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    // The rolled-back write dropped the kept row: the next read is the database's.
    expect(await storage.transactions.get(transaction.id)).toMatchObject({ state: "BEHIND", version: 2 });
    expect(await createHubStorage(handle.db).transactions.get(transaction.id)).toMatchObject({
      state: "BEHIND",
    });
  });

  it("re-runs a transition aborted for a serialisation failure, keeping only the last run's writes", async () => {
    let runs = 0;
    const result = await runTransition(handle.db, async (storage) => {
      runs++;
      await storage.outbox.enqueue({ transactionId: null, type: "SRE", recipientOri: `RUN${runs}` });
      await storage.audit.append({ actor: "worker", ori: "X", action: `run-${runs}` });
      if (runs === 1) throw Object.assign(new Error("could not serialize access"), { code: "40001" });
      return runs;
    });
    expect(result).toBe(2);
    const storage = createHubStorage(handle.db);
    expect(await storage.outbox.listForRecipient("RUN1")).toEqual([]);
    expect(await storage.outbox.listForRecipient("RUN2")).toHaveLength(1);
    expect((await storage.audit.query()).map((event) => event.action)).toEqual(["run-2"]);
    await expect(
      runTransition(
        handle.db,
        async () => {
          throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
        },
        { maxAttempts: 2 },
      ),
    ).rejects.toThrow("deadlock detected");
  });

  it("rejects a stale version, so two workers cannot both apply the same step", async () => {
    const storage = createHubStorage(handle.db);
    const { transaction } = await storage.transactions.createOrGet(booking("TCN-4"));
    const step = () =>
      runTransition(handle.db, async (trx) => {
        await trx.transactions.update(transaction.id, transaction.version, { state: "SRE_SENT" });
        await trx.outbox.enqueue({ transactionId: transaction.id, type: "SRE", recipientOri: "TX0000001" });
      });
    const outcomes = await Promise.allSettled([step(), step(), step()]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes)
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(ConcurrentUpdateError);
    expect(await storage.outbox.listForTransaction(transaction.id)).toHaveLength(1);
  });

  it("stores a message once per message id", async () => {
    const storage = createHubStorage(handle.db);
    const id = "7b0b3c52-4a39-4f0e-9d0e-2b7f4f0b9a11";
    const first = await storage.outbox.enqueue({
      id,
      transactionId: null,
      type: "IAR",
      recipientOri: "ERO000001",
    });
    const again = await storage.outbox.enqueue({
      id,
      transactionId: null,
      type: "IAR",
      recipientOri: "ERO000001",
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ message: first.message, created: false });
    expect(await storage.outbox.listForRecipient("ERO000001")).toHaveLength(1);
  });

  it("stores gallery templates and pages through them in identity order", async () => {
    const storage = createHubStorage(handle.db);
    const templates = Array.from({ length: 23 }, (_, i) => ({
      identity: `P${String(Math.floor(i / 2)).padStart(3, "0")}`,
      position: (i % 2) + 1,
      template: new Uint8Array([i, i + 1]),
    }));
    await storage.gallery.put("ident", templates);
    await storage.gallery.put("ident", [{ identity: "P000", position: 1, template: new Uint8Array([42]) }]);
    await storage.gallery.put("iafis", [{ identity: "P000", position: 1, template: new Uint8Array([7]) }]);
    const pages: number[] = [];
    const loaded = [];
    for await (const page of storage.gallery.load("ident", 5)) {
      pages.push(page.length);
      loaded.push(...page);
    }
    expect(pages).toEqual([5, 5, 5, 5, 3]);
    expect(loaded.map((t) => `${t.identity}/${t.position}`)).toEqual(
      templates.map((t) => `${t.identity}/${t.position}`),
    );
    expect([...(loaded[0]?.template ?? [])]).toEqual([42]);
    expect(await storage.gallery.countIdentities("ident")).toBe(12);
    expect(await storage.gallery.removeIdentity("ident", "P003")).toBe(2);
    expect((await storage.gallery.forIdentity("iafis", "P000")).map((t) => [...t.template])).toEqual([[7]]);
  });

  it("issues, authenticates, rotates and revokes API keys, storing only their hash", async () => {
    const keys = createHubStorage(handle.db).apiKeys;
    const lea = await keys.issue("TX0000001", "LEA");
    const lesc = await keys.issue("LESC00001", "LESC");
    expect(lea.apiKey).not.toBe(lesc.apiKey);
    expect(await keys.authenticate(lea.apiKey)).toEqual({ id: lea.id, ori: "TX0000001", role: "LEA" });
    expect(await keys.authenticate(`${lea.apiKey}x`)).toBeUndefined();
    expect(await keys.authenticate("")).toBeUndefined();
    const stored = await handle.db.selectFrom("api_keys").select("key_hash").execute();
    expect(stored.map((row) => row.key_hash).sort()).toEqual(
      [hashApiKey(lea.apiKey), hashApiKey(lesc.apiKey)].sort(),
    );
    const rotated = await keys.rotate(lea.id);
    expect(rotated).toMatchObject({ ori: "TX0000001", role: "LEA" });
    expect(await keys.authenticate(lea.apiKey)).toBeUndefined();
    expect(await keys.authenticate(rotated?.apiKey ?? "")).toMatchObject({ ori: "TX0000001" });
    expect(await keys.rotate(lea.id)).toBeUndefined();
    expect(await keys.revoke(lesc.id)).toBe(true);
    expect(await keys.revoke(lesc.id)).toBe(false);
    expect(await keys.authenticate(lesc.apiKey)).toBeUndefined();
    const active = (await keys.list("TX0000001")).filter((key) => key.revokedAt === null);
    expect(active.map((key) => key.id)).toEqual([rotated?.id]);
  });

  it("keeps agencies, jurisdictions with their activation record, and SIB agreements", async () => {
    const directory = createHubStorage(handle.db).directory;
    await directory.putAgency({ ori: "TXSIB0000", kind: "SIB", name: "Texas SIB", parentOri: null });
    await directory.putAgency({
      ori: "TX2270000",
      kind: "LEA",
      name: "Travis County SO",
      parentOri: "TXSIB0000",
    });
    const sheriff = {
      ori: "TX2270000",
      kind: "LEA",
      name: "Travis County Sheriff",
      parentOri: "TXSIB0000",
      jurisdictionId: "48453",
      contact: { attention: "BOOKING DESK", phone: "5125550100", timeZone: "America/Chicago" },
    };
    await directory.putAgency(sheriff);
    // The state is the ORI's first two letters where the agency names none (directory-repository.ts).
    expect(await directory.getAgency("TX2270000")).toEqual({ ...sheriff, state: "TX" });
    expect((await directory.listAgencies("SIB")).map((a) => a.ori)).toEqual(["TXSIB0000"]);
    const jurisdiction = {
      jurisdictionId: "48453",
      name: "Travis County",
      state: "TX",
      activationStatus: "SCHEDULED",
      activatedAt: null,
      receiptIdr: true,
      receiptIar: false,
      activation: { status: "SCHEDULED", scheduledAt: "2009-04-01", receipt: { idr: true, iar: false } },
      eroOri: "TXICE0300",
    };
    await directory.putJurisdiction(jurisdiction);
    await directory.putJurisdiction({ ...jurisdiction, jurisdictionId: "48029", name: "Bexar County" });
    const activatedAt = new Date("2009-04-01T00:00:00Z");
    await directory.putJurisdiction({ ...jurisdiction, activationStatus: "ACTIVATED", activatedAt });
    expect(await directory.getJurisdiction("48453")).toEqual({
      ...jurisdiction,
      activationStatus: "ACTIVATED",
      activatedAt,
      siteKind: "COUNTY",
      locationFips: null,
    });
    expect((await directory.listJurisdictions("TX")).map((j) => j.jurisdictionId)).toEqual([
      "48029",
      "48453",
    ]);
    expect(await directory.listJurisdictions("CA")).toEqual([]);
    await directory.putAgreement({
      sibOri: "TXSIB0000",
      state: "TX",
      signedOn: "2008-10-15",
      terminatedOn: null,
    });
    expect(await directory.getAgreement("TXSIB0000", "TX")).toEqual({
      sibOri: "TXSIB0000",
      state: "TX",
      signedOn: "2008-10-15",
      terminatedOn: null,
    });
  });
});
