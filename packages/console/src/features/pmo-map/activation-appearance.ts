import {
  type ActivationEvent,
  IllegalTransitionError,
  type JurisdictionActivation,
  transitionJurisdiction,
} from "@tenprint/hub/domain";
import type { Jurisdiction } from "../../lib/api/types.js";

export type ActivationStatus = Jurisdiction["activationStatus"];

/** Fill and legend per activation status; counties outside the programme are drawn in NOT_IN_PROGRAMME. */
export const STATUS_APPEARANCE: Record<ActivationStatus, { fill: string; label: string }> = {
  ACTIVATED: { fill: "#17673a", label: "Activated" },
  SCHEDULED: { fill: "#0b5cad", label: "Scheduled" },
  DEFERRED: { fill: "#c27a00", label: "Deferred" },
  PLANNED: { fill: "#9fb3c8", label: "Planned" },
};
export const NOT_IN_PROGRAMME = { fill: "#eef1f4", label: "Not in the programme" };

/** A jurisdiction's county FIPS code when its id is one (the demo's counties are keyed so), else null. */
export function countyFipsOf(jurisdiction: Pick<Jurisdiction, "ori">): string | null {
  return /^\d{5}$/.test(jurisdiction.ori) ? jurisdiction.ori : null;
}

/** Whether the jurisdiction declines one of the responses (its agencies do not receive the IDR or IAR). */
export function optsOut(jurisdiction: Pick<Jurisdiction, "receiptIdr" | "receiptIar">): boolean {
  return !jurisdiction.receiptIdr || !jurisdiction.receiptIar;
}

export type ActivationStep = "SCHEDULE" | "DEFER" | "ACTIVATE";

function activationOf(jurisdiction: Jurisdiction): JurisdictionActivation {
  return {
    jurisdictionId: jurisdiction.ori,
    status: jurisdiction.activationStatus,
    ...(jurisdiction.scheduledAt ? { scheduledAt: jurisdiction.scheduledAt } : {}),
    ...(jurisdiction.deferredReason ? { deferredReason: jurisdiction.deferredReason } : {}),
    receipt: { idr: jurisdiction.receiptIdr, iar: jurisdiction.receiptIar },
  };
}

/**
 * The activation steps the domain's state machine accepts from the jurisdiction's status (PLANNED →
 * SCHEDULED ⇄ DEFERRED → ACTIVATED), tried on the hub's own transition so the console never offers a
 * step the hub would refuse.
 */
export function availableSteps(jurisdiction: Jurisdiction, today: string): ActivationStep[] {
  const trials: Record<ActivationStep, ActivationEvent> = {
    SCHEDULE: { type: "SCHEDULE", date: today },
    DEFER: { type: "DEFER", reason: "trial" },
    ACTIVATE: { type: "ACTIVATE", date: today },
  };
  return (Object.keys(trials) as ActivationStep[]).filter((step) => {
    try {
      transitionJurisdiction(activationOf(jurisdiction), trials[step]);
      return true;
    } catch (error) {
      if (error instanceof IllegalTransitionError) return false;
      throw error;
    }
  });
}
