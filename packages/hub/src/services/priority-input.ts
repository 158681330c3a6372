import type { ReadCharge } from "@tenprint/nist";
import { offencesFromHistory, type PriorityInput, type PriorityOffence } from "../domain/priority-levels.js";
import type { SubjectRecord } from "./subject-record.js";

function isoDay(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}

/**
 * What ERO weighs: the booking's charges (charged, not convicted), the criminal repository's history, and
 * the immigration record's final order or border apprehension. Only fingerprint-linked records count.
 */
export function priorityInputOf(
  charges: readonly ReadCharge[],
  criminal: SubjectRecord | undefined,
  ident: SubjectRecord | undefined,
): PriorityInput {
  const current: PriorityOffence[] = charges.flatMap((charge) =>
    charge.ncic ? [{ ncic: charge.ncic, disposition: "CHARGED" as const }] : [],
  );
  const history = offencesFromHistory(criminal?.criminalHistory ?? []);
  const encounters = ident?.immigration?.encounters ?? [];
  const finalOrder = encounters.find((encounter) => encounter.kind === "REMOVAL_ORDER");
  const border = encounters.some((encounter) => encounter.kind === "BORDER_APPREHENSION");
  return {
    offences: [...current, ...history],
    facts: {
      ...(finalOrder ? { finalOrderDate: isoDay(finalOrder.date.replaceAll("-", "")) } : {}),
      ...(border ? { apprehendedAtBorder: true } : {}),
    },
  };
}
