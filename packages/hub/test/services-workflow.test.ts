import {
  getTextByMnemonic,
  LESC_ORI,
  type NistTransaction,
  parseTransaction,
  serializeTransaction,
} from "@tenprint/nist";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createHubStorage,
  DomainInputError,
  type HubDatabaseHandle,
  HubRuntime,
  verifyAuditChain,
} from "../src/index.js";
import {
  bookingFile,
  ERO_ORI,
  enrolArrestee,
  immigrationRecordOf,
  knownBooking,
  manualClock,
  runUntilIdle,
  SIB_ORI,
  seedDirectory,
} from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/** The same booking under another TCN: the person arrested again, with the same prints. */
function withTcn(file: Uint8Array, tcn: string): Uint8Array {
  const transaction = parseTransaction(file);
  const [header, ...rest] = transaction.records;
  if (header?.kind !== "tagged") throw new Error("no Type-1 record");
  const fields = header.fields.map((field) =>
    field.kind === "text" && field.number === 9 ? { ...field, subfields: [[tcn]] } : field,
  );
  return serializeTransaction({
    ...transaction,
    records: [{ ...header, fields }, ...rest],
  } as NistTransaction);
}

let car: Uint8Array;
beforeAll(() => {
  car = bookingFile("sketch");
}, 120_000);

describe.each(BACKENDS)("workflow after an IDENT match ($name)", (backend) => {
  let handle: HubDatabaseHandle;
  const clock = manualClock("2026-03-06T15:00:00Z");
  const runtimes: HubRuntime[] = [];

  async function runtime(options: { auto: boolean }): Promise<HubRuntime> {
    await resetTables(handle);
    await handle.db.deleteFrom("subject_records").execute();
    const opened = await HubRuntime.attach(
      { ...handle, close: async () => {} },
      { autoConfirm: options.auto, autoReview: options.auto, searchThreads: 0, clock: clock.now },
    );
    runtimes.push(opened);
    await seedDirectory(opened);
    return opened;
  }

  beforeAll(async () => {
    handle = await backend.open();
  }, 120_000);
  afterAll(async () => {
    for (const opened of runtimes) await opened.close();
    await handle?.close();
  });
  beforeEach(() => clock.advance(60_000));

  it("answers a final order with SRE, IDR, IAQ, two IARs and a served detainer (demo automation)", async () => {
    const hub = await runtime({ auto: true });
    await enrolArrestee(hub, immigrationRecordOf("FINAL_ORDER"));
    const submitted = await hub.submissions.submit(car, { submitterOri: SIB_ORI });
    await runUntilIdle(hub);
    const storage = createHubStorage(hub.db);
    const stored = await storage.transactions.get(submitted.transactionId ?? "");
    expect(stored?.state).toBe("CLOSED");
    expect(stored?.stateData.outcome).toBe("ERO_REVIEWED");
    expect((stored?.stateData.priority as { ruleSet: string } | undefined)?.ruleSet).toBe("PEP_2014");
    const messages = await storage.outbox.listForTransaction(stored?.id ?? "");
    expect(messages.map((m) => `${m.type}->${m.recipientOri}`).sort()).toEqual(
      [
        `DETAINER_ISSUED->${knownBooking().agencyOri}`,
        `IAQ->${LESC_ORI}`,
        `IAR->${ERO_ORI}`,
        `IAR->${knownBooking().agencyOri}`,
        `IDR->${SIB_ORI}`,
        `SRE->${SIB_ORI}`,
      ].sort(),
    );
    const iaq = messages.find((m) => m.type === "IAQ");
    expect(getTextByMnemonic(parseTransaction(iaq?.payload ?? new Uint8Array()), "TOT", 1)).toBe("IAQ");
    const iar = parseTransaction(messages.find((m) => m.type === "IAR")?.payload ?? new Uint8Array());
    expect(getTextByMnemonic(iar, "TCR", 1)).toBe(
      getTextByMnemonic(parseTransaction(iaq?.payload ?? new Uint8Array()), "TCN", 1),
    );
    const [detainer] = await hub.detainers.list({ eroOri: ERO_ORI });
    expect(detainer?.status).toBe("SERVED");
    expect(detainer?.priority.ruleSet).toBe("PEP_2014");
    expect((await verifyAuditChain(hub.db)).ok).toBe(true);
  }, 120_000);

  it("never issues a detainer on a citizen whose IDENT record was not updated; it opens redress", async () => {
    const hub = await runtime({ auto: true });
    await enrolArrestee(hub, immigrationRecordOf("VISA_OVERSTAY", "NATURALIZED_RECORD_NOT_UPDATED"));
    const submitted = await hub.submissions.submit(car, { submitterOri: SIB_ORI });
    await runUntilIdle(hub);
    const storage = createHubStorage(hub.db);
    const review = await storage.lescReviews.get(submitted.transactionId ?? "");
    expect(review?.determination?.status).toBe("USC");
    expect(review?.determination?.redressReferral).toBe(true);
    expect(await hub.detainers.list({})).toEqual([]);
    const redress = await storage.audit.query({ action: "REDRESS_OPENED" });
    expect(redress).toHaveLength(1);
  }, 120_000);

  it("waits for an analyst and an ERO officer, then runs the hold clock to its lapse", async () => {
    const hub = await runtime({ auto: false });
    await enrolArrestee(hub, immigrationRecordOf("PENDING_PROCEEDINGS"));
    const submitted = await hub.submissions.submit(car, { submitterOri: SIB_ORI });
    const id = submitted.transactionId ?? "";
    await runUntilIdle(hub);
    const queue = await hub.lesc.queue();
    expect(queue.count).toBe(1);
    expect(queue.items[0]?.proposal.status).toBe("REM");
    await expect(
      hub.lesc.determine(id, { analyst: "analyst-7", status: "LPR" }, { actor: "analyst-7", ori: LESC_ORI }),
    ).rejects.toBeInstanceOf(DomainInputError);
    await hub.lesc.determine(id, { analyst: "analyst-7" }, { actor: "analyst-7", ori: LESC_ORI });
    await expect(
      hub.lesc.determine(id, { analyst: "analyst-7" }, { actor: "analyst-7", ori: LESC_ORI }),
    ).rejects.toThrow(/already determined/);
    await runUntilIdle(hub);
    const reviews = await hub.detainers.reviewQueue(ERO_ORI);
    expect(reviews.map((r) => r.transactionId)).toEqual([id]);
    await expect(
      hub.detainers.review(id, { issueDetainer: true }, { actor: "ero-2", ori: "TXICE0000" }),
    ).rejects.toThrow(/does not exist or is not awaiting review by TXICE0000/);
    const { detainer } = await hub.detainers.review(
      id,
      { issueDetainer: true },
      { actor: "ero-2", ori: ERO_ORI },
    );
    const lea = { actor: "jailer", ori: knownBooking().agencyOri, role: "LEA" };
    const ero = { actor: "ero-2", ori: ERO_ORI, role: "ERO" };
    const detainerId = detainer?.id ?? "";
    await expect(hub.detainers.act(detainerId, { type: "SERVE" }, lea)).rejects.toThrow(/may not send SERVE/);
    await hub.detainers.act(detainerId, { type: "SERVE" }, ero);
    await hub.detainers.act(detainerId, { type: "ACKNOWLEDGE" }, lea);
    // Friday 6 March 2026, released at 17:00 Eastern: Saturday and Sunday do not count.
    await hub.detainers.act(
      detainerId,
      { type: "RELEASE_NOTICE", releaseDueAt: "2026-03-06T22:00:00Z" },
      lea,
    );
    const holding = await hub.detainers.act(detainerId, { type: "HOLD" }, lea);
    const deadline = String(holding.state.holdDeadline);
    expect(deadline > "2026-03-10T00:00:00Z").toBe(true);
    await runUntilIdle(hub);
    expect((await hub.detainers.get(detainerId))?.status).toBe("HOLDING");
    clock.advance(new Date(deadline).getTime() - clock.now().getTime() + 1000);
    await runUntilIdle(hub);
    expect((await hub.detainers.get(detainerId))?.status).toBe("LAPSED");
    expect((await verifyAuditChain(hub.db)).ok).toBe(true);
  }, 120_000);

  it("establishes a criminal record for a retained non-ident arrest, so the next arrest is identified", async () => {
    const hub = await runtime({ auto: true });
    const first = await hub.submissions.submit(car, { submitterOri: SIB_ORI });
    await runUntilIdle(hub);
    const storage = createHubStorage(hub.db);
    const [firstSre] = (await storage.outbox.listForTransaction(first.transactionId ?? "")).filter(
      (m) => m.type === "SRE",
    );
    expect(firstSre?.payloadJson.srf).toBe("N");
    expect(hub.criminal.size).toBe(1);
    const again = await hub.submissions.submit(withTcn(car, "SYNREARREST0000000001"), {
      submitterOri: SIB_ORI,
    });
    await runUntilIdle(hub);
    const [secondSre] = (await storage.outbox.listForTransaction(again.transactionId ?? "")).filter(
      (m) => m.type === "SRE",
    );
    expect(secondSre?.payloadJson.srf).toBe("I");
    expect(hub.criminal.size).toBe(1);
    expect(await storage.audit.query({ action: "ARREST_ENROLLED" })).toHaveLength(1);
  }, 120_000);
});
