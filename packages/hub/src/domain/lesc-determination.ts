import type { ImmigrationStatusCode } from "@tenprint/nist";
import { DomainInputError, requireIsoDay, toInstant } from "./domain-error.js";
import { DOMAIN_PARAMETERS } from "./domain-parameters.js";
import type { EncounterKind, ImmigrationStatus } from "./immigration-status.js";

/**
 * LESC status research as rules over what the analyst can see: the IDENT record (recorded status,
 * encounters, A-number) and corroborating sources (USCIS naturalisation record, US birth record). The
 * rules only propose; an analyst confirms or changes the status, and the IAR carries the confirmed one.
 */

/** What the immigration repository says, never the person's true status (synthetic truth stays out). */
export interface ImmigrationRecordView {
  readonly recordedStatus: ImmigrationStatus;
  readonly aNumber?: string;
  readonly encounters: readonly { readonly kind: EncounterKind; readonly date: string }[];
}

/** Other databases the LESC queries besides IDENT (it searches up to 16). */
export interface Corroboration {
  /** Date of naturalisation found in USCIS records (CCYYMMDD or YYYY-MM-DD). */
  readonly naturalizedOn?: string;
  /** A US birth record or passport was found. */
  readonly usBirthRecord?: boolean;
}

export interface LescInput {
  /** null when the IAQ names a person without an immigration record (e.g. a criminal-only match). */
  readonly record: ImmigrationRecordView | null;
  readonly corroboration?: Corroboration;
}

/** The probable-cause basis an I-247A detainer would cite, when the status supports one. */
export type DetainerBasis = "FINAL_ORDER" | "PENDING_PROCEEDINGS" | "BIOMETRIC_AND_RECORDS";

export type Discrepancy = "CITIZENSHIP_NOT_IN_IDENT_RECORD";

export interface LescProposal {
  readonly status: ImmigrationStatusCode;
  /** The rule that decided, for the audit trail. */
  readonly rule: string;
  readonly discrepancy: Discrepancy | null;
  readonly detainerBasis: DetainerBasis | null;
}

export interface LescDetermination {
  readonly status: ImmigrationStatusCode;
  readonly proposal: LescProposal;
  readonly analyst: string;
  /** The analyst chose a status other than the proposal. */
  readonly changed: boolean;
  readonly note: string | null;
  /**
   * The analyst found that the IDENT record is not the booked person's: the match is overturned, the
   * status was not determined from that record, and no detainer may rest on it.
   */
  readonly matchOverturned: boolean;
  /** A citizen was matched: the record needs correcting (US-VISIT redress) and no detainer may rest on it. */
  readonly redressReferral: boolean;
  readonly determinedAt: string;
}

const CITIZEN_STATUSES: ReadonlySet<ImmigrationStatus> = new Set([
  "US_CITIZEN",
  "NATURALIZED_CITIZEN",
  "NATURALIZED_RECORD_NOT_UPDATED",
]);

function proposal(
  status: ImmigrationStatusCode,
  rule: string,
  detainerBasis: DetainerBasis | null = null,
  discrepancy: Discrepancy | null = null,
): LescProposal {
  return { status, rule, discrepancy, detainerBasis };
}

/** The status the rules propose, first matching rule wins; citizenship evidence is checked first. */
export function proposeDetermination(input: LescInput): LescProposal {
  const { record, corroboration = {} } = input;
  if (corroboration.naturalizedOn !== undefined) {
    const day = corroboration.naturalizedOn.replace(/^(\d{4})(\d{2})(\d{2})$/, "$1-$2-$3");
    requireIsoDay("corroboration.naturalizedOn", day);
  }
  const citizenElsewhere = corroboration.usBirthRecord === true || corroboration.naturalizedOn !== undefined;
  if (!record) {
    return citizenElsewhere ? proposal("USC", "CITIZENSHIP_FROM_OTHER_SOURCE") : proposal("UNK", "NO_RECORD");
  }
  if (CITIZEN_STATUSES.has(record.recordedStatus)) {
    // NATURALIZED_RECORD_NOT_UPDATED only appears here if a caller passes synthetic truth; still a citizen.
    const stale = record.recordedStatus === "NATURALIZED_RECORD_NOT_UPDATED";
    return proposal("USC", "RECORDED_CITIZEN", null, stale ? "CITIZENSHIP_NOT_IN_IDENT_RECORD" : null);
  }
  const naturalizedEncounter = record.encounters.some((e) => e.kind === "NATURALIZATION");
  if (citizenElsewhere || naturalizedEncounter) {
    // The IDENT record was never updated after naturalisation: a "match" on a US citizen.
    return proposal("USC", "NATURALIZED_RECORD_NOT_UPDATED", null, "CITIZENSHIP_NOT_IN_IDENT_RECORD");
  }
  if (record.recordedStatus === "FINAL_ORDER" || record.encounters.some((e) => e.kind === "REMOVAL_ORDER")) {
    return proposal("FOR", "FINAL_ORDER", "FINAL_ORDER");
  }
  switch (record.recordedStatus) {
    case "PENDING_PROCEEDINGS":
      return proposal("REM", "PENDING_PROCEEDINGS", "PENDING_PROCEEDINGS");
    case "VISA_OVERSTAY":
      return proposal("REM", "OVERSTAY", "BIOMETRIC_AND_RECORDS");
    case "ENTERED_WITHOUT_INSPECTION":
      return proposal("REM", "NO_LAWFUL_ENTRY", "BIOMETRIC_AND_RECORDS");
    case "LAWFUL_PERMANENT_RESIDENT":
      return proposal("LPR", "LAWFUL_PERMANENT_RESIDENT");
    case "NONIMMIGRANT_IN_STATUS":
      return proposal("NIV", "NONIMMIGRANT_IN_STATUS");
    case "REFUGEE_ASYLEE":
      return proposal("RFG", "REFUGEE_ASYLEE");
    default:
      return proposal("UNK", "UNRECOGNISED_RECORD");
  }
}

export interface AnalystDecision {
  readonly analyst: string;
  /** Omit to confirm the proposal. */
  readonly status?: ImmigrationStatusCode;
  /** Required when the status differs from the proposal: the reason is part of the audit record. */
  readonly note?: string;
  /** The IDENT record is not this person (needs a note); the status then defaults to UNK. */
  readonly matchOverturned?: boolean;
  readonly at: Date | string;
}

/** The analyst's confirmation or change of a proposal. */
export function determineStatus(proposed: LescProposal, decision: AnalystDecision): LescDetermination {
  if (decision.analyst.trim() === "") throw new DomainInputError("decision.analyst", "must not be empty");
  const matchOverturned = decision.matchOverturned === true;
  const status = decision.status ?? (matchOverturned ? "UNK" : proposed.status);
  const changed = status !== proposed.status;
  const note = decision.note?.trim() ? decision.note.trim() : null;
  if (matchOverturned && !note) {
    throw new DomainInputError("decision.note", "overturning an IDENT match needs a note giving the reason");
  }
  if (changed && !note) {
    throw new DomainInputError(
      "decision.note",
      `changing the proposed ${proposed.status} to ${status} needs a note giving the reason`,
    );
  }
  return {
    status,
    proposal: proposed,
    analyst: decision.analyst,
    changed,
    note,
    matchOverturned,
    redressReferral:
      !matchOverturned && status === "USC" && (proposed.discrepancy !== null || proposed.status !== "USC"),
    determinedAt: toInstant("decision.at", decision.at).toISOString(),
  };
}

export interface LescQueueItem {
  readonly iaqId: string;
  readonly enqueuedAt: Date | string;
}

/** Milliseconds an item has waited; never negative (clock skew between workers). */
export function queueAgeMs(item: LescQueueItem, now: Date | string): number {
  const age =
    toInstant("now", now).getTime() - toInstant(`${item.iaqId}.enqueuedAt`, item.enqueuedAt).getTime();
  return Math.max(0, age);
}

export interface LescQueueSummary {
  readonly count: number;
  readonly oldestAgeMs: number;
  readonly medianAgeMs: number;
  readonly overdue: number;
  /** Items oldest first: the order analysts should work them. */
  readonly ordered: readonly (LescQueueItem & { readonly ageMs: number })[];
}

export function summarizeQueue(
  items: readonly LescQueueItem[],
  now: Date | string,
  overdueAfterMs: number = DOMAIN_PARAMETERS.lesc.overdueAfterMs,
): LescQueueSummary {
  const ordered = items
    .map((item) => ({ ...item, ageMs: queueAgeMs(item, now) }))
    .sort((a, b) => b.ageMs - a.ageMs || a.iaqId.localeCompare(b.iaqId));
  const ages = ordered.map((item) => item.ageMs).sort((a, b) => a - b);
  const mid = ages.length >> 1;
  const median = ages.length === 0 ? 0 : ages.length % 2 ? ages[mid]! : (ages[mid - 1]! + ages[mid]!) / 2;
  return {
    count: ordered.length,
    oldestAgeMs: ordered[0]?.ageMs ?? 0,
    medianAgeMs: median,
    overdue: ordered.filter((item) => item.ageMs > overdueAfterMs).length,
    ordered,
  };
}
