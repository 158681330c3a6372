import {
  buildCpnu,
  type FingerImage,
  parseTransaction,
  readBooking,
  serializeTransaction,
} from "@tenprint/nist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle, HubRuntime, verifyAuditChain } from "../src/index.js";
import {
  bookingFile,
  ERO_ORI,
  enrolArrestee,
  immigrationRecordOf,
  JURISDICTION,
  knownBooking,
  manualClock,
  runUntilIdle,
  SIB_ORI,
  seedDirectory,
} from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const FACILITY = "VADOC0100";

/** The known arrestee's CAR as the reception centre's CPNU: the same prints, taken again at intake. */
function intakeFile(car: Uint8Array): Uint8Array {
  const booking = readBooking(parseTransaction(car));
  return serializeTransaction(
    buildCpnu({
      header: { ...booking.header, ori: FACILITY, tcn: `${booking.header.tcn}I` },
      subject: booking.subject,
      arrest: {
        ...booking.arrest,
        charges: booking.arrest.charges.map((charge) => ({ ...charge, ncic: charge.ncic ?? "1399" })),
        bookingAgencyOri: FACILITY,
        otherAgencyOris: [booking.arrest.bookingAgencyOri],
      },
      fingers: booking.fingers as FingerImage[],
    }),
  );
}

let car: Uint8Array;
beforeAll(() => {
  car = bookingFile("sketch");
}, 120_000);

describe.each(BACKENDS)("a person's journey from arrest to prison intake ($name)", (backend) => {
  let handle: HubDatabaseHandle;
  let hub: HubRuntime | undefined;
  const clock = manualClock("2026-03-06T15:00:00Z");

  beforeAll(async () => {
    handle = await backend.open();
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await handle?.close();
  });

  it("is not searched in IDENT at arrest in a county that is not activated, and is at an activated facility", async () => {
    await resetTables(handle);
    await handle.db.deleteFrom("subject_records").execute();
    hub = await HubRuntime.attach(
      { ...handle, close: async () => {} },
      { autoConfirm: true, autoReview: true, searchThreads: 0, clock: clock.now },
    );
    await seedDirectory(hub);
    const directory = createHubStorage(hub.db).directory;
    const county = await directory.getJurisdiction(JURISDICTION);
    if (!county) throw new Error("seedDirectory wrote no county");
    await directory.putJurisdiction({ ...county, activationStatus: "PLANNED", activatedAt: null });
    await directory.putAgency({
      ori: FACILITY,
      kind: "LEA",
      name: "Fairfax Reception Center (synthetic)",
      parentOri: SIB_ORI,
      jurisdictionId: FACILITY,
      contact: { attention: "INTAKE DESK", phone: "5550100", timeZone: "America/New_York" },
    });
    await directory.putJurisdiction({
      ori: FACILITY,
      name: "Fairfax Reception Center (synthetic)",
      state: "VA",
      activationStatus: "ACTIVATED",
      activatedAt: new Date("2009-01-05T00:00:00Z"),
      receiptIdr: true,
      receiptIar: true,
      activation: {},
      eroOri: ERO_ORI,
      siteKind: "FACILITY",
      locationFips: "51059",
    });
    await enrolArrestee(hub, immigrationRecordOf("FINAL_ORDER"));
    const storage = createHubStorage(hub.db);

    const arrest = await hub.submissions.submit(car, { submitterOri: SIB_ORI });
    await runUntilIdle(hub);
    const arrestMessages = await storage.outbox.listForTransaction(arrest.transactionId ?? "");
    expect(arrestMessages.map((m) => m.type).sort()).toEqual(["SRE"]);

    clock.advance(90 * 86_400_000);
    const intake = await hub.submissions.submit(intakeFile(car), { submitterOri: SIB_ORI });
    expect(intake.status).not.toBe("REJECTED");
    await runUntilIdle(hub);
    const stored = await storage.transactions.get(intake.transactionId ?? "");
    expect(stored?.tot).toBe("CPNU");
    expect(stored?.jurisdictionOri).toBe(FACILITY);
    expect(stored?.arrest).toEqual({ jurisdictionOri: JURISDICTION, identSearch: false });
    const messages = await storage.outbox.listForTransaction(stored?.id ?? "");
    expect(messages.map((m) => `${m.type}->${m.recipientOri}`)).toEqual(
      expect.arrayContaining([`SRE->${SIB_ORI}`, `IDR->${SIB_ORI}`, `IAR->${FACILITY}`, `IAR->${ERO_ORI}`]),
    );
    const idr = parseTransaction(messages.find((m) => m.type === "IDR")?.payload ?? new Uint8Array());
    expect(readSrf(idr)).toBe("I");
    const [detainer] = await hub.detainers.list({ eroOri: ERO_ORI });
    expect(detainer?.transactionId).toBe(stored?.id);
    expect(knownBooking().agencyOri).not.toBe(FACILITY);
    expect((await verifyAuditChain(hub.db)).ok).toBe(true);
  }, 180_000);
});

function readSrf(transaction: ReturnType<typeof parseTransaction>): string | undefined {
  const type2 = transaction.records[1];
  if (type2?.kind !== "tagged") return undefined;
  const field = type2.fields.find((f) => f.number === 59);
  return field?.kind === "text" ? field.subfields[0]?.[0] : undefined;
}
