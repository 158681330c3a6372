import { parseTransaction, validateTransaction } from "@tenprint/nist";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Effect } from "../src/domain/domain-effects.js";
import {
  createHubStorage,
  type HubDatabaseHandle,
  SubmissionService,
  verifyAuditChain,
} from "../src/index.js";
import { applyEffects, messageId } from "../src/services/effect-application.js";
import { runTransition } from "../src/storage/hub-storage.js";
import {
  bookingFile,
  ERO_ORI,
  fixedRouting,
  HUB_ORI,
  knownBooking,
  SUBMITTER_ORI,
  seedDirectory,
} from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const iarEffects: Effect[] = [
  { kind: "message", type: "IAR", to: "VA0080000", delivery: "suppressed", content: { status: "LPR" } },
  { kind: "message", type: "IAR", to: ERO_ORI, delivery: "delivered", content: { status: "LPR" } },
  { kind: "audit", action: "IAR_RETURNED", object: "submission:T1", detail: { iarDelivery: "suppressed" } },
  { kind: "work", work: "ERO_REVIEW", object: "submission:T1", notBefore: "2099-03-02T12:00:00.000Z" },
];

describe.each(BACKENDS)("submission service on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let car: Uint8Array;

  beforeAll(async () => {
    handle = await backend.open();
    car = bookingFile("sketch");
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    await seedDirectory(handle);
  });

  const service = (identSearch = false) =>
    new SubmissionService(handle.db, { hubOri: HUB_ORI, routing: fixedRouting(identSearch) });

  it("applies effects once however often a transition is retried: one message per recipient, one job", async () => {
    const storage = createHubStorage(handle.db);
    const { transaction } = await storage.transactions.createOrGet({
      tcn: "T1",
      tot: "CAR",
      submitterOri: SUBMITTER_ORI,
      state: "IAQ_SENT",
    });
    const actor = {
      actor: "lesc-analyst-7",
      ori: "VTLESC000",
      purpose: "immigration status",
      transactionId: transaction.id,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      await runTransition(handle.db, (tx) => applyEffects(tx, iarEffects, actor));
    }
    const messages = await storage.outbox.listForTransaction(transaction.id);
    expect(messages.map((m) => [m.type, m.recipientOri, m.status]).sort()).toEqual(
      [
        ["IAR", "VA0080000", "suppressed"],
        ["IAR", ERO_ORI, "pending"],
      ].sort(),
    );
    expect(messages.map((m) => m.id).sort()).toEqual(
      [messageId(actor, "IAR", "VA0080000"), messageId(actor, "IAR", ERO_ORI)].sort(),
    );
    expect(messages[0]?.payloadJson).toEqual({ status: "LPR" });
    const counts = await storage.queue.countByStatus();
    expect(counts.pending).toBe(1);
    const [job] = await storage.queue.claim({
      workerId: "w",
      limit: 1,
      leaseMs: 1000,
      kinds: ["ERO_REVIEW"],
    });
    expect(job).toBeUndefined();
    const audit = await storage.audit.query({ object: "submission:T1" });
    expect(audit.map((e) => [e.action, e.actor, e.ori, e.purpose])).toEqual([
      ["IAR_RETURNED", "lesc-analyst-7", "VTLESC000", "immigration status"],
      ["IAR_RETURNED", "lesc-analyst-7", "VTLESC000", "immigration status"],
    ]);
  });

  it("stores a valid CAR as VALIDATED with its criminal search queued, in one audited transaction", async () => {
    expect(validateTransaction(parseTransaction(car)).filter((p) => p.severity === "error")).toEqual([]);
    const result = await service().submit(car, { submitterOri: SUBMITTER_ORI, actor: "api-key:sib" });
    expect(result).toMatchObject({ status: "VALIDATED", created: true, tcn: knownBooking().tcn });
    const storage = createHubStorage(handle.db);
    const stored = await storage.transactions.get(result.transactionId ?? "");
    expect(stored).toMatchObject({ state: "VALIDATED", tot: "CAR", jurisdictionId: "VA-TEST" });
    expect(stored?.stateData).toMatchObject({
      leaOri: knownBooking().agencyOri,
      submitterOri: SUBMITTER_ORI,
    });
    expect([...((await storage.transactions.getRequest(result.transactionId ?? "")) ?? [])]).toEqual([
      ...car,
    ]);
    const jobs = await storage.queue.claim({ workerId: "w", limit: 5, leaseMs: 1000 });
    expect(jobs.map((job) => [job.kind, job.payload.transactionId])).toEqual([
      ["CRIMINAL_SEARCH", result.transactionId],
    ]);
    expect(await storage.outbox.listForTransaction(result.transactionId ?? "")).toEqual([]);
    const audit = await storage.audit.query({});
    expect(audit.map((e) => [e.action, e.actor, e.ori])).toEqual([
      ["SUBMISSION_RECEIVED", "api-key:sib", SUBMITTER_ORI],
      ["SUBMISSION_VALIDATED", "api-key:sib", SUBMITTER_ORI],
    ]);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it("returns the first transaction when the same TCN is submitted again, without a second job", async () => {
    const first = await service().submit(car, { submitterOri: SUBMITTER_ORI });
    const second = await service().submit(car, { submitterOri: SUBMITTER_ORI });
    expect(second).toMatchObject({ transactionId: first.transactionId, created: false, status: "VALIDATED" });
    const storage = createHubStorage(handle.db);
    expect(await storage.transactions.list()).toHaveLength(1);
    expect((await storage.queue.countByStatus()).pending).toBe(1);
  });

  it("holds one transaction when the same TCN arrives concurrently", async () => {
    const results = await Promise.all(
      [0, 1, 2].map(() => service().submit(car, { submitterOri: SUBMITTER_ORI })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.transactionId)).size).toBe(1);
    const storage = createHubStorage(handle.db);
    expect((await storage.queue.countByStatus()).pending).toBe(1);
    expect((await storage.audit.query({ action: "SUBMISSION_RECEIVED" })).length).toBe(1);
  });

  it("answers an unreadable file with an ERRT and an audit event, and stores nothing else", async () => {
    const truncated = car.slice(0, 200);
    const result = await service().submit(truncated, { submitterOri: SUBMITTER_ORI });
    expect(result.status).toBe("REJECTED");
    expect(result.transactionId).toBeUndefined();
    expect(result.problems.length).toBeGreaterThan(0);
    await service().submit(truncated, { submitterOri: SUBMITTER_ORI });
    const storage = createHubStorage(handle.db);
    expect(await storage.transactions.list()).toEqual([]);
    expect(await storage.queue.countByStatus()).toMatchObject({ pending: 0, done: 0, failed: 0 });
    const messages = await storage.outbox.listForRecipient(SUBMITTER_ORI);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: "ERRT", transactionId: null, status: "pending" });
    const errt = parseTransaction(messages[0]?.payload ?? new Uint8Array());
    expect(validateTransaction(errt).filter((p) => p.severity === "error")).toEqual([]);
    const audit = await storage.audit.query({});
    expect(audit.map((e) => e.action)).toEqual(["SUBMISSION_REJECTED", "SUBMISSION_REJECTED"]);
  });

  it("rejects a parseable file that fails validation with the problems in the ERRT", async () => {
    const text = Buffer.from(car).toString("latin1");
    const tcn = knownBooking().tcn;
    // Same length, so the record lengths still hold: the file parses but 1.004 TOT is unknown.
    const damaged = new Uint8Array(Buffer.from(text.replace("1.004:CAR", "1.004:XYZ"), "latin1"));
    expect(damaged.length).toBe(car.length);
    const result = await service().submit(damaged, { submitterOri: SUBMITTER_ORI });
    expect(result.status).toBe("REJECTED");
    const storage = createHubStorage(handle.db);
    expect(await storage.transactions.getByTcn(SUBMITTER_ORI, tcn)).toBeUndefined();
    const [errt] = await storage.outbox.listForRecipient(SUBMITTER_ORI);
    expect(errt?.type).toBe("ERRT");
    expect(JSON.stringify(errt?.payloadJson)).toContain("1.004");
  });
});
