import { LESC_ORI } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import type { Effect, MessageEffect } from "../src/domain/domain-effects.js";
import type { SearchOutcome } from "../src/domain/identification-decision.js";
import { determineStatus, proposeDetermination } from "../src/domain/lesc-determination.js";
import { assessPriority } from "../src/domain/priority-levels.js";
import {
  type NewSubmission,
  receiveSubmission,
  type SubmissionEvent,
  transitionSubmission,
} from "../src/domain/submission-workflow.js";
import { IllegalTransitionError, type SubmissionState } from "../src/index.js";

const priority = assessPriority("PEP_2014", {
  offences: [{ ncic: "1313", disposition: "CONVICTED", sentenceDays: 400 }],
});

const SIB = "TX0000000";
const LEA = "TX1010000";
const ERO = "TXICEDAL0";

function submission(identSearch: boolean, receipt = { idr: true, iar: true }): NewSubmission {
  return {
    transactionId: "00000000-0000-4000-8000-000000000001",
    tcn: "TCN-0001",
    submitterOri: SIB,
    leaOri: LEA,
    jurisdictionId: "48201",
    routing: { identSearch, receipt, eroOri: ERO },
  };
}

const hit: SearchOutcome = {
  gallerySize: 100_000,
  candidates: [
    { identity: "weak", fusedScore: 3.1, fmr: 1e-3, fpir: 0.09 },
    { identity: "FIN-42", fusedScore: 12.5, fmr: 3e-13, fpir: 3e-8 },
  ],
};
const miss: SearchOutcome = {
  gallerySize: 100_000,
  candidates: [{ identity: "x", fusedScore: 2, fmr: 0.01, fpir: 0.6 }],
};

const determination = determineStatus(
  proposeDetermination({ record: { recordedStatus: "VISA_OVERSTAY", encounters: [] } }),
  { analyst: "analyst-7", at: "2024-05-01T12:00:00Z" },
);

/** Runs events from a fresh submission, collecting every effect. */
function run(input: NewSubmission, events: SubmissionEvent[]): { state: SubmissionState; effects: Effect[] } {
  let { state, effects } = receiveSubmission(input);
  const all = [...effects];
  for (const event of events) {
    ({ state, effects } = transitionSubmission(state, event));
    all.push(...effects);
  }
  return { state, effects: all };
}

const messages = (effects: Effect[]) => effects.filter((e): e is MessageEffect => e.kind === "message");
const summary = (effects: Effect[]) => messages(effects).map((m) => `${m.type}->${m.to}:${m.delivery}`);

const toIdent: SubmissionEvent[] = [
  { type: "VALIDATION_PASSED" },
  { type: "CRIMINAL_SEARCH_COMPLETED", result: miss },
  { type: "IDENT_SEARCH_COMPLETED", result: hit },
];
const fullMatch: SubmissionEvent[] = [
  ...toIdent,
  { type: "IAQ_GENERATED", iaqId: "IAQ-1" },
  { type: "LESC_DETERMINED", determination },
  { type: "ERO_REVIEWED", detainerIssued: true, priority },
];

describe("submission workflow", () => {
  it("takes an IDENT match through IAQ and IAR to CLOSED", () => {
    const { state, effects } = run(submission(true), fullMatch);
    expect(state.status).toBe("CLOSED");
    expect(state.outcome).toBe("ERO_REVIEWED");
    expect(summary(effects)).toEqual([
      `SRE->${SIB}:delivered`,
      `IDR->${SIB}:delivered`,
      `IAQ->${LESC_ORI}:delivered`,
      `IAR->${LEA}:delivered`,
      `IAR->${ERO}:delivered`,
    ]);
    const work = effects.filter((e) => e.kind === "work").map((e) => e.kind === "work" && e.work);
    expect(work).toEqual([
      "VALIDATE",
      "CRIMINAL_SEARCH",
      "IDENT_SEARCH",
      "GENERATE_IAQ",
      "LESC_REVIEW",
      "ERO_REVIEW",
    ]);
  });

  it("carries the best candidate's score, FMR and FPIR on the IDR, the IAQ and the audit event", () => {
    const { effects } = run(submission(true), fullMatch.slice(0, 4));
    const idr = messages(effects).find((m) => m.type === "IDR")!;
    const iaq = messages(effects).find((m) => m.type === "IAQ")!;
    for (const content of [idr.content, iaq.content]) {
      expect(content).toMatchObject({
        match: true,
        identity: "FIN-42",
        score: 12.5,
        fmr: 3e-13,
        fpir: 3e-8,
        gallerySize: 100_000,
      });
    }
    const audit = effects.find((e) => e.kind === "audit" && e.action === "IDENT_SEARCHED");
    expect(audit).toMatchObject({ detail: { identity: "FIN-42", score: 12.5, fpir: 3e-8 } });
  });

  it("moves through each named state in order", () => {
    let { state } = receiveSubmission(submission(true));
    const seen = [state.status];
    for (const event of fullMatch) {
      state = transitionSubmission(state, event).state;
      seen.push(state.status);
    }
    expect(seen).toEqual([
      "RECEIVED",
      "VALIDATED",
      "CRIMINAL_SEARCHED",
      "IDENT_SEARCHED",
      "IAQ_SENT",
      "IAR_RETURNED",
      "CLOSED",
    ]);
  });

  it("gives a non-activated jurisdiction the criminal search only", () => {
    const { state, effects } = run(submission(false), [
      { type: "VALIDATION_PASSED" },
      { type: "CRIMINAL_SEARCH_COMPLETED", result: hit },
    ]);
    expect(state).toMatchObject({ status: "CLOSED", outcome: "NOT_ACTIVATED" });
    expect(summary(effects)).toEqual([`SRE->${SIB}:delivered`]);
    expect(messages(effects)[0]!.content).toMatchObject({ srf: "I", identity: "FIN-42" });
    expect(effects.some((e) => e.kind === "work" && e.work === "IDENT_SEARCH")).toBe(false);
    expect(() => transitionSubmission(state, { type: "IDENT_SEARCH_COMPLETED", result: hit })).toThrow(
      IllegalTransitionError,
    );
  });

  it("runs the searches with receipt off but records the IDR and IAR as suppressed", () => {
    const { state, effects } = run(submission(true, { idr: false, iar: false }), fullMatch);
    expect(state.status).toBe("CLOSED");
    expect(summary(effects)).toEqual([
      `SRE->${SIB}:delivered`,
      `IDR->${SIB}:suppressed`,
      `IAQ->${LESC_ORI}:delivered`,
      `IAR->${LEA}:suppressed`,
      `IAR->${ERO}:delivered`,
    ]);
  });

  it("opens redress when the LESC finds a matched person is a citizen", () => {
    const citizen = determineStatus(
      proposeDetermination({
        record: { recordedStatus: "LAWFUL_PERMANENT_RESIDENT", encounters: [] },
        corroboration: { naturalizedOn: "2009-05-01" },
      }),
      { analyst: "analyst-7", at: "2024-05-01T12:00:00Z" },
    );
    const events = [
      ...toIdent,
      { type: "IAQ_GENERATED", iaqId: "IAQ-2" },
      { type: "LESC_DETERMINED", determination: citizen },
    ];
    const { state, effects } = run(submission(true), events as SubmissionEvent[]);
    expect(state.status).toBe("IAR_RETURNED");
    expect(effects).toContainEqual({
      kind: "work",
      work: "OPEN_REDRESS",
      object: "transaction:00000000-0000-4000-8000-000000000001",
    });
    const iar = messages(effects).find((m) => m.type === "IAR")!;
    expect(iar.content).toMatchObject({
      status: "USC",
      discrepancy: "CITIZENSHIP_NOT_IN_IDENT_RECORD",
      redressReferral: true,
    });
    expect(
      run(submission(true), fullMatch).effects.some((e) => e.kind === "work" && e.work === "OPEN_REDRESS"),
    ).toBe(false);
  });

  it("keeps the two receipt preferences independent", () => {
    const { effects } = run(submission(true, { idr: false, iar: true }), fullMatch);
    expect(summary(effects)).toContain(`IDR->${SIB}:suppressed`);
    expect(summary(effects)).toContain(`IAR->${LEA}:delivered`);
  });

  it("closes on an IDENT no-match after the IDR", () => {
    const { state, effects } = run(submission(true), [
      { type: "VALIDATION_PASSED" },
      { type: "CRIMINAL_SEARCH_COMPLETED", result: miss },
      { type: "IDENT_SEARCH_COMPLETED", result: { gallerySize: 0, candidates: [] } },
    ]);
    expect(state).toMatchObject({ status: "CLOSED", outcome: "IDENT_NO_MATCH", identMatch: null });
    expect(summary(effects)).toEqual([`SRE->${SIB}:delivered`, `IDR->${SIB}:delivered`]);
    expect(messages(effects)[1]!.content).toMatchObject({ match: false });
  });

  it("rejects with an ERRT naming the problems", () => {
    const { state, effects } = run(submission(true), [
      { type: "VALIDATION_FAILED", problems: ["2.018 NAM: missing"] },
    ]);
    expect(state.status).toBe("REJECTED");
    expect(messages(effects)).toEqual([
      expect.objectContaining({
        type: "ERRT",
        to: SIB,
        delivery: "delivered",
        content: expect.objectContaining({ problems: ["2.018 NAM: missing"] }),
      }),
    ]);
  });

  it.each([
    ["RECEIVED", [], { type: "IAQ_GENERATED", iaqId: "x" }],
    ["VALIDATED", [{ type: "VALIDATION_PASSED" }], { type: "VALIDATION_PASSED" }],
    ["IAQ_SENT", fullMatch.slice(0, 4), { type: "ERO_REVIEWED", detainerIssued: false, priority }],
    ["CLOSED", fullMatch, { type: "LESC_DETERMINED", determination }],
  ] as [string, SubmissionEvent[], SubmissionEvent][])(
    "refuses an out-of-order event in %s with a typed error",
    (status, before, event) => {
      const { state } = run(submission(true), before);
      expect(state.status).toBe(status);
      try {
        transitionSubmission(state, event);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(IllegalTransitionError);
        expect(error).toMatchObject({ machine: "submission", state: status, event: event.type });
      }
    },
  );

  it("refuses a rejection without problems and a submission without a TCN", () => {
    const { state } = receiveSubmission(submission(true));
    expect(() => transitionSubmission(state, { type: "VALIDATION_FAILED", problems: [] })).toThrow(
      /event\.problems/,
    );
    expect(() => receiveSubmission({ ...submission(true), tcn: " " })).toThrow(/tcn/);
  });
});
