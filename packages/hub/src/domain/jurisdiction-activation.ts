import type { AuditEffect, Transition } from "./domain-effects.js";
import { DomainInputError, IllegalTransitionError, requireIsoDay } from "./domain-error.js";
import type { SubmissionRouting } from "./submission-workflow.js";

/** Deployment states of a jurisdiction: only ACTIVATED ones have bookings searched in IDENT. */
export const ACTIVATION_STATUSES = ["PLANNED", "SCHEDULED", "DEFERRED", "ACTIVATED"] as const;
export type ActivationStatus = (typeof ACTIVATION_STATUSES)[number];

/** Whether the booking agencies of a jurisdiction want the IDENT Data Response and the LESC's IAR. */
export interface ReceiptPreference {
  readonly idr: boolean;
  readonly iar: boolean;
}

/**
 * Jurisdiction activation: PLANNED → SCHEDULED ⇄ DEFERRED → ACTIVATED (a jurisdiction
 * that does not want its scheduled date is deferred and rescheduled). Receipt preferences are independent
 * of activation and only ever suppress delivery; IDENT searches follow activation alone.
 */
export interface JurisdictionActivation {
  readonly jurisdictionId: string;
  readonly status: ActivationStatus;
  /** YYYY-MM-DD. */
  readonly scheduledAt?: string;
  readonly activatedAt?: string;
  readonly deferredReason?: string;
  readonly receipt: ReceiptPreference;
}

export type ActivationEvent =
  | { readonly type: "SCHEDULE"; readonly date: string }
  | { readonly type: "DEFER"; readonly reason: string }
  | { readonly type: "ACTIVATE"; readonly date: string }
  | { readonly type: "SET_RECEIPT"; readonly idr?: boolean; readonly iar?: boolean };

const MACHINE = "jurisdiction";

function audit(state: JurisdictionActivation, action: string, detail: Record<string, unknown>): AuditEffect {
  return { kind: "audit", action, object: `jurisdiction:${state.jurisdictionId}`, detail };
}

/** A jurisdiction enters the deployment plan: PLANNED, receiving both responses unless it says otherwise. */
export function planJurisdiction(
  jurisdictionId: string,
  receipt: ReceiptPreference = { idr: true, iar: true },
): JurisdictionActivation {
  if (jurisdictionId.trim() === "") throw new DomainInputError("jurisdictionId", "must not be empty");
  return { jurisdictionId, status: "PLANNED", receipt };
}

export function transitionJurisdiction(
  state: JurisdictionActivation,
  event: ActivationEvent,
): Transition<JurisdictionActivation> {
  const illegal = (reason?: string): never => {
    throw new IllegalTransitionError(MACHINE, state.status, event.type, reason);
  };
  switch (event.type) {
    case "SCHEDULE": {
      // SCHEDULED → SCHEDULED moves the date; DEFERRED → SCHEDULED is the "⇄".
      if (state.status === "ACTIVATED") return illegal("already activated");
      const date = requireIsoDay("event.date", event.date);
      const { deferredReason: _, ...rest } = state;
      return {
        state: { ...rest, status: "SCHEDULED", scheduledAt: date },
        effects: [audit(state, "JURISDICTION_SCHEDULED", { from: state.status, scheduledAt: date })],
      };
    }
    case "DEFER": {
      if (state.status !== "SCHEDULED") return illegal();
      if (event.reason.trim() === "") throw new DomainInputError("event.reason", "a deferral needs a reason");
      return {
        state: { ...state, status: "DEFERRED", deferredReason: event.reason },
        effects: [audit(state, "JURISDICTION_DEFERRED", { reason: event.reason })],
      };
    }
    case "ACTIVATE": {
      if (state.status !== "SCHEDULED") return illegal();
      const date = requireIsoDay("event.date", event.date);
      return {
        state: { ...state, status: "ACTIVATED", activatedAt: date },
        effects: [
          audit(state, "JURISDICTION_ACTIVATED", { activatedAt: date, scheduledAt: state.scheduledAt }),
        ],
      };
    }
    case "SET_RECEIPT": {
      const receipt = { idr: event.idr ?? state.receipt.idr, iar: event.iar ?? state.receipt.iar };
      return {
        state: { ...state, receipt },
        effects: [audit(state, "RECEIPT_PREFERENCE_SET", { ...receipt })],
      };
    }
  }
}

/** A state's memorandum of agreement with ICE; each carries a unilateral termination clause. */
export interface SibAgreement {
  readonly sibOri: string;
  readonly state: string;
  /** YYYY-MM-DD. */
  readonly signedAt: string;
  readonly terminatedAt?: string;
}

export function signAgreement(sibOri: string, state: string, signedAt: string): SibAgreement {
  if (sibOri.trim() === "") throw new DomainInputError("sibOri", "must not be empty");
  if (state.trim() === "") throw new DomainInputError("state", "must not be empty");
  return { sibOri, state, signedAt: requireIsoDay("signedAt", signedAt) };
}

export function terminateAgreement(agreement: SibAgreement, terminatedAt: string): SibAgreement {
  if (agreement.terminatedAt !== undefined) {
    throw new IllegalTransitionError("sib-agreement", "TERMINATED", "TERMINATE");
  }
  requireIsoDay("terminatedAt", terminatedAt);
  if (terminatedAt < agreement.signedAt) {
    throw new DomainInputError(
      "terminatedAt",
      `${terminatedAt} is before the signature ${agreement.signedAt}`,
    );
  }
  return { ...agreement, terminatedAt };
}

/** In force on `day` (YYYY-MM-DD): signed on or before it and not terminated on or before it. */
export function agreementInForce(agreement: SibAgreement | undefined, day: string): boolean {
  requireIsoDay("day", day);
  if (!agreement || agreement.signedAt > day) return false;
  return agreement.terminatedAt === undefined || agreement.terminatedAt > day;
}

/**
 * Whether a booking received on `day` is searched against IDENT: the jurisdiction is activated by then
 * and its state's agreement is in force. Receipt preferences are deliberately not consulted.
 */
export function identSearchApplies(
  jurisdiction: JurisdictionActivation,
  agreement: SibAgreement | undefined,
  day: string,
): boolean {
  return (
    jurisdiction.status === "ACTIVATED" &&
    jurisdiction.activatedAt !== undefined &&
    jurisdiction.activatedAt <= day &&
    agreementInForce(agreement, day)
  );
}

/** The routing a booking received on `day` gets, fixed into the submission when it is received. */
export function routingFor(
  jurisdiction: JurisdictionActivation,
  agreement: SibAgreement | undefined,
  day: string,
  eroOri: string,
): SubmissionRouting {
  return {
    identSearch: identSearchApplies(jurisdiction, agreement, day),
    receipt: { ...jurisdiction.receipt },
    eroOri,
  };
}
