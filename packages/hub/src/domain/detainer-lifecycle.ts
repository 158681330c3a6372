import { holdWindow } from "./detainer-clock.js";
import type { AuditEffect, Effect, Transition } from "./domain-effects.js";
import { DomainInputError, IllegalTransitionError, toInstant } from "./domain-error.js";
import type { DetainerBasis } from "./lesc-determination.js";
import { requireTimeZone } from "./local-calendar.js";

/**
 * ISSUED → SERVED → ACTIVE → RELEASE_DUE → HOLDING → TRANSFERRED | RELEASED | LAPSED, and LIFTED from any
 * open state. A detainer is a request, not a command (Galarza v. Szalczyk), so the LEA may release at any
 * point before a transfer; a US-citizen finding lifts it and opens redress.
 */
export type DetainerStatus =
  | "ISSUED"
  | "SERVED"
  | "ACTIVE"
  | "RELEASE_DUE"
  | "HOLDING"
  | "TRANSFERRED"
  | "RELEASED"
  | "LAPSED"
  | "LIFTED";

/** Form history: I-247 (SC era), I-247D/N/X (PEP), I-247A (from 2017). I-247N asks for notice only. */
export type DetainerForm = "I-247" | "I-247D" | "I-247N" | "I-247X" | "I-247A";

export interface NewDetainer {
  readonly id: string;
  /** The booking that led to it. */
  readonly tcn: string;
  readonly form: DetainerForm;
  readonly basis: DetainerBasis;
  readonly leaOri: string;
  readonly eroOri: string;
  /** IANA zone of the holding facility: its calendar decides which days the hold clock skips. */
  readonly facilityTimeZone: string;
  readonly issuedAt: Date | string;
}

export interface DetainerState {
  readonly id: string;
  readonly tcn: string;
  readonly form: DetainerForm;
  readonly basis: DetainerBasis;
  readonly leaOri: string;
  readonly eroOri: string;
  readonly facilityTimeZone: string;
  readonly status: DetainerStatus;
  readonly issuedAt: string;
  readonly servedAt?: string;
  readonly releaseDueAt?: string;
  readonly holdStartedAt?: string;
  readonly holdDeadline?: string;
  readonly closedAt?: string;
  readonly liftReason?: string;
  /** Set when the subject was found to be a US citizen: the record must be corrected and the hold reviewed. */
  readonly redress: boolean;
}

export type DetainerEvent =
  | { readonly type: "SERVE"; readonly at: Date | string }
  | { readonly type: "ACKNOWLEDGE"; readonly at: Date | string }
  | { readonly type: "RELEASE_NOTICE"; readonly at: Date | string; readonly releaseDueAt: Date | string }
  | { readonly type: "HOLD"; readonly at: Date | string }
  | { readonly type: "TRANSFER"; readonly at: Date | string }
  | { readonly type: "RELEASE"; readonly at: Date | string }
  | { readonly type: "EXPIRE"; readonly at: Date | string }
  | { readonly type: "LIFT"; readonly at: Date | string; readonly reason: string }
  | { readonly type: "US_CITIZEN_FOUND"; readonly at: Date | string; readonly by: string };

const MACHINE = "detainer";
const TERMINAL: ReadonlySet<DetainerStatus> = new Set(["TRANSFERRED", "RELEASED", "LAPSED", "LIFTED"]);

function audit(state: { id: string }, action: string, detail: Record<string, unknown> = {}): AuditEffect {
  return { kind: "audit", action, object: `detainer:${state.id}`, detail };
}

export function issueDetainer(input: NewDetainer): Transition<DetainerState> {
  for (const key of ["id", "tcn", "leaOri", "eroOri"] as const) {
    if (input[key].trim() === "") throw new DomainInputError(key, "must not be empty");
  }
  // Fails early on an unknown zone rather than when the hold starts.
  requireTimeZone(input.facilityTimeZone);
  const state: DetainerState = {
    id: input.id,
    tcn: input.tcn,
    form: input.form,
    basis: input.basis,
    leaOri: input.leaOri,
    eroOri: input.eroOri,
    facilityTimeZone: input.facilityTimeZone,
    status: "ISSUED",
    issuedAt: toInstant("issuedAt", input.issuedAt).toISOString(),
    redress: false,
  };
  return {
    state,
    effects: [
      {
        kind: "message",
        type: "DETAINER_ISSUED",
        to: input.leaOri,
        delivery: "delivered",
        content: { detainerId: input.id, tcn: input.tcn, form: input.form, basis: input.basis },
      },
      audit(state, "DETAINER_ISSUED", { form: input.form, basis: input.basis, eroOri: input.eroOri }),
    ],
  };
}

export function transitionDetainer(state: DetainerState, event: DetainerEvent): Transition<DetainerState> {
  const illegal = (reason?: string): never => {
    throw new IllegalTransitionError(MACHINE, state.status, event.type, reason);
  };
  const at = toInstant("event.at", event.at).toISOString();
  // ISO-8601 UTC strings of equal length compare in time order.
  if (at < state.issuedAt) {
    throw new DomainInputError("event.at", `${at} is before the detainer was issued (${state.issuedAt})`);
  }
  const allow = (...allowed: DetainerStatus[]) => {
    if (!allowed.includes(state.status)) illegal();
  };
  const close = (status: DetainerStatus, extra: Partial<DetainerState>, effects: Effect[]) => ({
    state: { ...state, ...extra, status, closedAt: at },
    effects,
  });
  switch (event.type) {
    case "SERVE":
      allow("ISSUED");
      return {
        state: { ...state, status: "SERVED", servedAt: at },
        effects: [audit(state, "DETAINER_SERVED")],
      };
    case "ACKNOWLEDGE":
      allow("SERVED");
      return { state: { ...state, status: "ACTIVE" }, effects: [audit(state, "DETAINER_ACKNOWLEDGED")] };
    case "RELEASE_NOTICE": {
      allow("ACTIVE");
      const releaseDueAt = toInstant("event.releaseDueAt", event.releaseDueAt).toISOString();
      return {
        state: { ...state, status: "RELEASE_DUE", releaseDueAt },
        effects: [audit(state, "RELEASE_NOTICE_RECEIVED", { releaseDueAt })],
      };
    }
    case "HOLD": {
      allow("RELEASE_DUE");
      if (state.form === "I-247N") illegal("an I-247N asks for notification only, never a hold");
      const window = holdWindow(at, { timeZone: state.facilityTimeZone });
      const deadline = window.deadline.toISOString();
      return {
        state: { ...state, status: "HOLDING", holdStartedAt: at, holdDeadline: deadline },
        effects: [
          audit(state, "HOLD_STARTED", {
            deadline,
            timeZone: state.facilityTimeZone,
            excludedDays: window.excludedDays.map((d) => d.day),
          }),
          { kind: "work", work: "CHECK_HOLD_EXPIRY", object: `detainer:${state.id}`, notBefore: deadline },
        ],
      };
    }
    case "TRANSFER":
      allow("RELEASE_DUE", "HOLDING");
      return close("TRANSFERRED", {}, [audit(state, "CUSTODY_TRANSFERRED")]);
    case "RELEASE":
      allow("SERVED", "ACTIVE", "RELEASE_DUE", "HOLDING");
      return close("RELEASED", {}, [audit(state, "SUBJECT_RELEASED", { from: state.status })]);
    case "EXPIRE":
      allow("HOLDING");
      if (state.holdDeadline !== undefined && at < state.holdDeadline) {
        illegal(`the hold runs until ${state.holdDeadline}`);
      }
      return close("LAPSED", {}, [audit(state, "HOLD_LAPSED", { deadline: state.holdDeadline })]);
    case "LIFT":
      if (TERMINAL.has(state.status)) illegal();
      if (event.reason.trim() === "") throw new DomainInputError("event.reason", "a lift needs a reason");
      return close("LIFTED", { liftReason: event.reason }, [
        lifted(state, event.reason),
        audit(state, "DETAINER_LIFTED", { reason: event.reason }),
      ]);
    case "US_CITIZEN_FOUND":
      if (TERMINAL.has(state.status)) illegal();
      return close("LIFTED", { liftReason: "US_CITIZEN", redress: true }, [
        lifted(state, "US_CITIZEN"),
        audit(state, "DETAINER_LIFTED", { reason: "US_CITIZEN", by: event.by, redress: true }),
        { kind: "work", work: "OPEN_REDRESS", object: `detainer:${state.id}` },
      ]);
  }
}

function lifted(state: DetainerState, reason: string): Effect {
  return {
    kind: "message",
    type: "DETAINER_LIFTED",
    to: state.leaOri,
    delivery: "delivered",
    content: { detainerId: state.id, tcn: state.tcn, reason },
  };
}
