import type { ImmigrationStatus } from "@tenprint/synth";
import { generatePopulation, lescStatusCode } from "@tenprint/synth";
import { describe, expect, it } from "vitest";
import {
  determineStatus,
  proposeDetermination,
  queueAgeMs,
  summarizeQueue,
} from "../src/domain/lesc-determination.js";
import { DomainInputError } from "../src/index.js";

const record = (recordedStatus: ImmigrationStatus, kinds: string[] = []) => ({
  recordedStatus,
  encounters: kinds.map((kind, i) => ({ kind: kind as never, date: `2005010${i + 1}` })),
});

describe("LESC status rules", () => {
  it.each([
    ["LAWFUL_PERMANENT_RESIDENT", [], "LPR", null, null],
    ["US_CITIZEN", [], "USC", null, null],
    ["NATURALIZED_CITIZEN", ["NATURALIZATION"], "USC", null, null],
    ["VISA_OVERSTAY", [], "REM", "BIOMETRIC_AND_RECORDS", null],
    ["ENTERED_WITHOUT_INSPECTION", ["BORDER_APPREHENSION"], "REM", "BIOMETRIC_AND_RECORDS", null],
    ["PENDING_PROCEEDINGS", ["ICE_ENCOUNTER"], "REM", "PENDING_PROCEEDINGS", null],
    ["FINAL_ORDER", ["REMOVAL_ORDER"], "FOR", "FINAL_ORDER", null],
    ["NONIMMIGRANT_IN_STATUS", [], "NIV", null, null],
    ["REFUGEE_ASYLEE", [], "RFG", null, null],
    // The IDENT record says LPR but shows a naturalisation encounter: a citizen whose record was not updated.
    [
      "LAWFUL_PERMANENT_RESIDENT",
      ["BENEFIT_APPLICATION", "NATURALIZATION"],
      "USC",
      null,
      "CITIZENSHIP_NOT_IN_IDENT_RECORD",
    ],
  ] as const)("%s %j → %s", (status, kinds, expected, basis, discrepancy) => {
    const proposal = proposeDetermination({ record: record(status, [...kinds]) });
    expect(proposal).toMatchObject({ status: expected, detainerBasis: basis, discrepancy });
  });

  it("flags the discrepancy when USCIS shows a naturalisation the IDENT record lacks", () => {
    const proposal = proposeDetermination({
      record: record("LAWFUL_PERMANENT_RESIDENT", ["VISA_APPLICATION", "PORT_OF_ENTRY"]),
      corroboration: { naturalizedOn: "20110704" },
    });
    expect(proposal).toMatchObject({
      status: "USC",
      rule: "NATURALIZED_RECORD_NOT_UPDATED",
      discrepancy: "CITIZENSHIP_NOT_IN_IDENT_RECORD",
      detainerBasis: null,
    });
    expect(() =>
      proposeDetermination({ record: null, corroboration: { naturalizedOn: "2011-13-40" } }),
    ).toThrow(DomainInputError);
  });

  it("proposes UNK without a record and USC on a US birth record alone", () => {
    expect(proposeDetermination({ record: null }).status).toBe("UNK");
    expect(proposeDetermination({ record: null, corroboration: { usBirthRecord: true } }).status).toBe("USC");
  });

  it("agrees with the accurate status of every synthetic person except where the record hides citizenship", () => {
    const population = generatePopulation({ people: 400, seed: "lesc-rules" });
    let checked = 0;
    for (const imm of population.immigrationRecords) {
      checked++;
      const proposal = proposeDetermination({ record: imm });
      const truth = lescStatusCode(imm.trueStatus);
      if (imm.trueStatus === "NATURALIZED_RECORD_NOT_UPDATED") {
        // Without corroboration the record alone cannot reveal the citizenship: it proposes LPR.
        expect(proposal.status).toBe("LPR");
        expect(
          proposeDetermination({ record: imm, corroboration: { naturalizedOn: "2015-01-01" } }).status,
        ).toBe("USC");
      } else {
        expect(proposal.status).toBe(truth);
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe("analyst determination and the queue", () => {
  const proposal = proposeDetermination({ record: record("VISA_OVERSTAY") });

  it("confirms a proposal", () => {
    const d = determineStatus(proposal, { analyst: "a7", at: "2024-05-01T12:00:00Z" });
    expect(d).toMatchObject({ status: "REM", changed: false, note: null, redressReferral: false });
  });

  it("changes a proposal only with a reason, and refers a citizen to redress", () => {
    expect(() =>
      determineStatus(proposal, { analyst: "a7", status: "USC", at: "2024-05-01T12:00:00Z" }),
    ).toThrow(/needs a note/);
    const d = determineStatus(proposal, {
      analyst: "a7",
      status: "USC",
      note: "US passport found",
      at: "2024-05-01T12:00:00Z",
    });
    expect(d).toMatchObject({
      status: "USC",
      changed: true,
      note: "US passport found",
      redressReferral: true,
    });
  });

  it("overturns a match only with a reason; the status is then UNK and nothing is referred", () => {
    expect(() =>
      determineStatus(proposal, { analyst: "a7", matchOverturned: true, at: "2024-05-01T12:00:00Z" }),
    ).toThrow(/overturning an IDENT match needs a note/);
    const d = determineStatus(proposal, {
      analyst: "a7",
      matchOverturned: true,
      note: "name and date of birth disagree with the IDENT record",
      at: "2024-05-01T12:00:00Z",
    });
    expect(d).toMatchObject({ status: "UNK", changed: true, matchOverturned: true, redressReferral: false });
    expect(determineStatus(proposal, { analyst: "a7", at: "2024-05-01T12:00:00Z" }).matchOverturned).toBe(
      false,
    );
  });

  it("computes queue ages, oldest first, and counts overdue items", () => {
    const now = "2024-05-01T12:00:00Z";
    const items = [
      { iaqId: "b", enqueuedAt: "2024-05-01T11:00:00Z" },
      { iaqId: "a", enqueuedAt: "2024-05-01T01:00:00Z" },
      { iaqId: "c", enqueuedAt: "2024-05-01T11:30:00Z" },
    ];
    const summary = summarizeQueue(items, now);
    expect(summary.ordered.map((i) => i.iaqId)).toEqual(["a", "b", "c"]);
    expect(summary).toMatchObject({
      count: 3,
      oldestAgeMs: 11 * 3_600_000,
      medianAgeMs: 3_600_000,
      overdue: 1,
    });
    expect(queueAgeMs({ iaqId: "future", enqueuedAt: "2024-05-01T13:00:00Z" }, now)).toBe(0);
    expect(summarizeQueue([], now)).toMatchObject({ count: 0, oldestAgeMs: 0, medianAgeMs: 0 });
  });
});
