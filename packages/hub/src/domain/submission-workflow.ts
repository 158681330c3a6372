import { LESC_ORI } from "@tenprint/nist";
import type { AuditEffect, Delivery, Effect, MatchEvidence, Transition } from "./domain-effects.js";
import { DomainInputError, IllegalTransitionError } from "./domain-error.js";
import { decideIdentification, type SearchOutcome } from "./identification-decision.js";
import type { LescDetermination } from "./lesc-determination.js";
import type { PriorityAssessment } from "./priority-levels.js";

/**
 * RECEIVED → VALIDATED | REJECTED (ERRT) → CRIMINAL_SEARCHED (SRE) → [activated] IDENT_SEARCHED (IDR) →
 * on a match IAQ_SENT → IAR_RETURNED → CLOSED. A search that can never complete (VALIDATED or
 * CRIMINAL_SEARCHED) ends FAILED with an ERRT, so that no accepted booking waits for ever. A non-activated jurisdiction closes after the SRE, and an
 * IDENT no-match closes after the IDR: neither has further work, so no resting state waits for an event
 * that would never come.
 */
export type SubmissionStatus =
  | "RECEIVED"
  | "VALIDATED"
  | "REJECTED"
  | "CRIMINAL_SEARCHED"
  | "IDENT_SEARCHED"
  | "IAQ_SENT"
  | "IAR_RETURNED"
  | "CLOSED"
  /** Terminal: a step after acceptance failed for good (undecodable images); the submitter has an ERRT. */
  | "FAILED";

/**
 * How the booking is routed, fixed when it is received: a jurisdiction activated (or whose preferences
 * change) while a booking is in flight does not change that booking, so a replay gives the same result.
 */
export interface SubmissionRouting {
  /** The jurisdiction is activated and its state's SIB agreement is in force: search IDENT. */
  readonly identSearch: boolean;
  /** Whether the booking agency receives the IDR and the IAR; the searches run either way. */
  readonly receipt: { readonly idr: boolean; readonly iar: boolean };
  /** ICE ERO field office covering the booking agency; always receives the IAR. */
  readonly eroOri: string;
}

export interface NewSubmission {
  /**
   * The stored transaction's id, chosen before it is stored: every audit event and job of the booking is
   * about `transaction:<id>`, the object its reads are audited under too, so one booking's whole history is
   * one audit object.
   */
  readonly transactionId: string;
  readonly tcn: string;
  /** 1.008 ORI of the submission (usually the SIB): receives SRE, ERRT and IDR. */
  readonly submitterOri: string;
  /** 2.073 CRI, the booking agency: requester of the IAQ, receives the IAR. */
  readonly leaOri: string;
  readonly jurisdictionId: string;
  readonly routing: SubmissionRouting;
  /**
   * 2.005 RET: the criminal repository keeps the arrest. A retained booking that matches nobody
   * establishes a new record with its prints, so that the person's next arrest is identified.
   */
  readonly retain?: boolean;
  /**
   * The booking's Type-2 race, sex and place of birth (2.025 RAC, 2.024 SEX, 2.020 POB), kept with the
   * state so that the accountability report can compare outcomes across groups against the booking
   * population without reading every stored file; they never steer the workflow.
   */
  readonly subject?: BookingDemographics;
}

export interface BookingDemographics {
  readonly race: string;
  readonly sex: string;
  readonly placeOfBirth: string;
}

export interface SubmissionState extends NewSubmission {
  readonly status: SubmissionStatus;
  readonly criminalMatch?: MatchEvidence | null;
  readonly identMatch?: MatchEvidence | null;
  readonly iaqId?: string;
  readonly determination?: LescDetermination;
  /** ERO's priority assessment with its rule set, version and inputs. */
  readonly priority?: PriorityAssessment;
  /** Why the submission ended where it did (REJECTED or CLOSED). */
  readonly outcome?: "REJECTED" | "NOT_ACTIVATED" | "IDENT_NO_MATCH" | "ERO_REVIEWED" | "FAILED";
  /** Why a FAILED booking failed. */
  readonly failure?: string;
}

export type SubmissionEvent =
  | { readonly type: "VALIDATION_PASSED" }
  | { readonly type: "VALIDATION_FAILED"; readonly problems: readonly string[] }
  /** A search step cannot complete, now or on retry: the booking ends FAILED, its submitter told why. */
  | { readonly type: "PROCESSING_FAILED"; readonly reason: string }
  | { readonly type: "CRIMINAL_SEARCH_COMPLETED"; readonly result: SearchOutcome }
  | { readonly type: "IDENT_SEARCH_COMPLETED"; readonly result: SearchOutcome }
  | { readonly type: "IAQ_GENERATED"; readonly iaqId: string }
  | { readonly type: "LESC_DETERMINED"; readonly determination: LescDetermination }
  | {
      readonly type: "ERO_REVIEWED";
      readonly detainerIssued: boolean;
      readonly priority: PriorityAssessment;
    };

const MACHINE = "submission";

function objectOf(state: NewSubmission): string {
  // States stored before transactionId existed have none: their bookings keep the TCN they were audited by.
  return state.transactionId === undefined ? `submission:${state.tcn}` : `transaction:${state.transactionId}`;
}

function audit(state: NewSubmission, action: string, detail: Record<string, unknown> = {}): AuditEffect {
  return { kind: "audit", action, object: objectOf(state), detail };
}

function deliveryOf(wanted: boolean): Delivery {
  return wanted ? "delivered" : "suppressed";
}

function evidenceContent(match: MatchEvidence | null): Record<string, unknown> {
  return match
    ? {
        match: true,
        identity: match.identity,
        score: match.score,
        fmr: match.fmr,
        fpir: match.fpir,
        gallerySize: match.gallerySize,
      }
    : { match: false };
}

/** A booking enters the hub: RECEIVED, with validation scheduled. */
export function receiveSubmission(input: NewSubmission): Transition<SubmissionState> {
  for (const key of ["transactionId", "tcn", "submitterOri", "leaOri", "jurisdictionId"] as const) {
    if (input[key].trim() === "") throw new DomainInputError(key, "must not be empty");
  }
  if (input.routing.eroOri.trim() === "") throw new DomainInputError("routing.eroOri", "must not be empty");
  const state: SubmissionState = { ...input, status: "RECEIVED" };
  return {
    state,
    effects: [
      audit(state, "SUBMISSION_RECEIVED", {
        submitterOri: input.submitterOri,
        leaOri: input.leaOri,
        jurisdictionId: input.jurisdictionId,
        identSearch: input.routing.identSearch,
      }),
      { kind: "work", work: "VALIDATE", object: objectOf(state) },
    ],
  };
}

function illegal(state: SubmissionState, event: SubmissionEvent, reason?: string): never {
  throw new IllegalTransitionError(MACHINE, state.status, event.type, reason);
}

/** The next state and the effects of one event; throws IllegalTransitionError for an event out of order. */
export function transitionSubmission(
  state: SubmissionState,
  event: SubmissionEvent,
): Transition<SubmissionState> {
  const object = objectOf(state);
  switch (event.type) {
    case "VALIDATION_PASSED": {
      if (state.status !== "RECEIVED") return illegal(state, event);
      return {
        state: { ...state, status: "VALIDATED" },
        effects: [audit(state, "SUBMISSION_VALIDATED"), { kind: "work", work: "CRIMINAL_SEARCH", object }],
      };
    }
    case "PROCESSING_FAILED": {
      if (state.status !== "VALIDATED" && state.status !== "CRIMINAL_SEARCHED") return illegal(state, event);
      return {
        state: { ...state, status: "FAILED", outcome: "FAILED", failure: event.reason },
        effects: [
          {
            kind: "message",
            type: "ERRT",
            to: state.submitterOri,
            delivery: "delivered",
            content: { tcr: state.tcn, lea: state.leaOri, problems: [event.reason] },
          },
          audit(state, "SUBMISSION_FAILED", { from: state.status, reason: event.reason }),
        ],
      };
    }
    case "VALIDATION_FAILED": {
      if (state.status !== "RECEIVED") return illegal(state, event);
      if (event.problems.length === 0)
        throw new DomainInputError("event.problems", "a rejection must name its problems");
      // Receipt preferences cover the IDENT responses only; the submitter always learns why it failed.
      return {
        state: { ...state, status: "REJECTED", outcome: "REJECTED" },
        effects: [
          {
            kind: "message",
            type: "ERRT",
            to: state.submitterOri,
            delivery: "delivered",
            content: { tcr: state.tcn, lea: state.leaOri, problems: [...event.problems] },
          },
          audit(state, "SUBMISSION_REJECTED", { problems: event.problems.length }),
        ],
      };
    }
    case "CRIMINAL_SEARCH_COMPLETED": {
      if (state.status !== "VALIDATED") return illegal(state, event);
      const match = decideIdentification(event.result);
      const effects: Effect[] = [
        {
          kind: "message",
          type: "SRE",
          to: state.submitterOri,
          delivery: "delivered",
          content: { tcr: state.tcn, lea: state.leaOri, srf: match ? "I" : "N", ...evidenceContent(match) },
        },
        audit(state, "CRIMINAL_SEARCHED", evidenceContent(match)),
      ];
      if (!match && state.retain) effects.push({ kind: "work", work: "ENROL_ARREST", object });
      if (!state.routing.identSearch) {
        effects.push(audit(state, "SUBMISSION_CLOSED", { reason: "NOT_ACTIVATED" }));
        return {
          state: { ...state, status: "CLOSED", criminalMatch: match, outcome: "NOT_ACTIVATED" },
          effects,
        };
      }
      effects.push({ kind: "work", work: "IDENT_SEARCH", object });
      return { state: { ...state, status: "CRIMINAL_SEARCHED", criminalMatch: match }, effects };
    }
    case "IDENT_SEARCH_COMPLETED": {
      if (state.status !== "CRIMINAL_SEARCHED") return illegal(state, event);
      const match = decideIdentification(event.result);
      const delivery = deliveryOf(state.routing.receipt.idr);
      const effects: Effect[] = [
        {
          kind: "message",
          type: "IDR",
          to: state.submitterOri,
          delivery,
          content: { tcr: state.tcn, lea: state.leaOri, ...evidenceContent(match) },
        },
        audit(state, "IDENT_SEARCHED", { ...evidenceContent(match), idrDelivery: delivery }),
      ];
      if (!match) {
        effects.push(audit(state, "SUBMISSION_CLOSED", { reason: "IDENT_NO_MATCH" }));
        return {
          state: { ...state, status: "CLOSED", identMatch: null, outcome: "IDENT_NO_MATCH" },
          effects,
        };
      }
      effects.push({ kind: "work", work: "GENERATE_IAQ", object });
      return { state: { ...state, status: "IDENT_SEARCHED", identMatch: match }, effects };
    }
    case "IAQ_GENERATED": {
      if (state.status !== "IDENT_SEARCHED" || !state.identMatch) return illegal(state, event);
      if (event.iaqId.trim() === "") throw new DomainInputError("event.iaqId", "must not be empty");
      // CJIS sends the IAQ for every IDENT match; the LEA's receipt preference does not reach the LESC.
      return {
        state: { ...state, status: "IAQ_SENT", iaqId: event.iaqId },
        effects: [
          {
            kind: "message",
            type: "IAQ",
            to: LESC_ORI,
            delivery: "delivered",
            content: {
              iaqId: event.iaqId,
              tcn: state.tcn,
              lea: state.leaOri,
              ...evidenceContent(state.identMatch),
            },
          },
          audit(state, "IAQ_SENT", { iaqId: event.iaqId }),
          { kind: "work", work: "LESC_REVIEW", object },
        ],
      };
    }
    case "LESC_DETERMINED": {
      if (state.status !== "IAQ_SENT") return illegal(state, event);
      const d = event.determination;
      const content = {
        iaqId: state.iaqId,
        tcn: state.tcn,
        status: d.status,
        proposedStatus: d.proposal.status,
        discrepancy: d.proposal.discrepancy,
        detainerBasis: d.proposal.detainerBasis,
        redressReferral: d.redressReferral,
        matchOverturned: d.matchOverturned,
      };
      const iarDelivery = deliveryOf(state.routing.receipt.iar);
      return {
        state: { ...state, status: "IAR_RETURNED", determination: d },
        effects: [
          { kind: "message", type: "IAR", to: state.leaOri, delivery: iarDelivery, content },
          // ERO decides on enforcement and is not bound by the LEA's preference.
          { kind: "message", type: "IAR", to: state.routing.eroOri, delivery: "delivered", content },
          audit(state, "IAR_RETURNED", {
            status: d.status,
            analyst: d.analyst,
            changed: d.changed,
            iarDelivery,
          }),
          { kind: "work", work: "ERO_REVIEW", object },
          // A citizen matched in IDENT: the record must be corrected whatever ERO decides.
          ...(d.redressReferral ? [{ kind: "work", work: "OPEN_REDRESS", object } as const] : []),
        ],
      };
    }
    case "ERO_REVIEWED": {
      if (state.status !== "IAR_RETURNED") return illegal(state, event);
      return {
        state: { ...state, status: "CLOSED", outcome: "ERO_REVIEWED", priority: event.priority },
        effects: [
          audit(state, "SUBMISSION_CLOSED", {
            reason: "ERO_REVIEWED",
            detainerIssued: event.detainerIssued,
            priority: {
              ruleSet: event.priority.ruleSet,
              version: event.priority.version,
              label: event.priority.label,
              basis: event.priority.basis,
              reason: event.priority.reason,
            },
          }),
        ],
      };
    }
  }
}
