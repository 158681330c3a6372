import type { Delivery, MessageType } from "./domain-effects.js";
import { DomainInputError, toInstant } from "./domain-error.js";
import { DOMAIN_PARAMETERS } from "./domain-parameters.js";
import { localDay } from "./local-calendar.js";

/**
 * Programme statistics in the shape of ICE's monthly interoperability reports: counts overall, by
 * jurisdiction, by month and by submitter. Each count is of bookings (transactions), not of messages: an
 * IAR goes to both the LEA and the ERO field office but is one IAR. Suppressed responses are counted as
 * produced and separately as suppressed, because receipt preferences withhold delivery, not the search.
 * Rejected files are no bookings: they are counted as `errt` only.
 */
export interface TransactionOutcome {
  readonly jurisdictionId: string;
  /** The agency that sent the file (the SIB or the LEA). */
  readonly submitterOri: string;
  readonly receivedAt: Date | string;
  /**
   * Every message the transaction produced, delivered or suppressed; an SRE carries its result flag
   * (`srf`: "I" ident, "N" non-ident).
   */
  readonly messages: readonly {
    readonly type: MessageType;
    readonly delivery: Delivery;
    readonly srf?: string;
  }[];
  readonly identMatch: boolean;
  /** Detainers issued on the booking. */
  readonly detainers: number;
}

/** A file the hub rejected with an ERRT: it never became a transaction, but it was a submission. */
export interface RejectedSubmission {
  /** The booking agency's jurisdiction where the file named one the directory knows; null otherwise. */
  readonly jurisdictionId: string | null;
  readonly submitterOri: string;
  readonly receivedAt: Date | string;
}

export interface StatisticsCounts {
  /** Accepted bookings (transactions); rejected files are not among them. */
  bookings: number;
  /** Bookings whose criminal search identified someone (SRE with SRF "I"). */
  sreIdent: number;
  /** Bookings whose criminal search identified no one (SRE with SRF "N"). */
  sreNonIdent: number;
  /** Rejected files, each answered with an ERRT (one per file and submitter, however often it is sent). */
  errt: number;
  idr: number;
  idrSuppressed: number;
  identMatches: number;
  iaq: number;
  iar: number;
  iarSuppressed: number;
  detainers: number;
}

export interface Statistics {
  readonly overall: StatisticsCounts;
  readonly byJurisdiction: Readonly<Record<string, StatisticsCounts>>;
  /** Keyed YYYY-MM in the reporting zone. */
  readonly byMonth: Readonly<Record<string, StatisticsCounts>>;
  /** Keyed by the submitting agency's ORI. */
  readonly bySubmitter: Readonly<Record<string, StatisticsCounts>>;
}

/** Where bookings and rejected files whose jurisdiction is unknown are counted. */
export const UNKNOWN_JURISDICTION = "UNKNOWN";

function emptyCounts(): StatisticsCounts {
  return {
    bookings: 0,
    sreIdent: 0,
    sreNonIdent: 0,
    errt: 0,
    idr: 0,
    idrSuppressed: 0,
    identMatches: 0,
    iaq: 0,
    iar: 0,
    iarSuppressed: 0,
    detainers: 0,
  };
}

function add(into: StatisticsCounts, one: StatisticsCounts): void {
  for (const key of Object.keys(into) as (keyof StatisticsCounts)[]) into[key] += one[key];
}

function countsOf(outcome: TransactionOutcome, index: number): StatisticsCounts {
  if (!Number.isInteger(outcome.detainers) || outcome.detainers < 0) {
    throw new DomainInputError(`outcomes[${index}].detainers`, `${outcome.detainers} is not a count`);
  }
  const has = (type: MessageType) => outcome.messages.some((m) => m.type === type);
  const sre = (srf: string) => outcome.messages.some((m) => m.type === "SRE" && m.srf === srf);
  const suppressed = (type: MessageType) =>
    outcome.messages.some((m) => m.type === type && m.delivery === "suppressed");
  const b = (value: boolean) => (value ? 1 : 0);
  return {
    bookings: 1,
    sreIdent: b(sre("I")),
    sreNonIdent: b(sre("N")),
    errt: 0,
    idr: b(has("IDR")),
    idrSuppressed: b(suppressed("IDR")),
    identMatches: b(outcome.identMatch),
    iaq: b(has("IAQ")),
    iar: b(has("IAR")),
    iarSuppressed: b(suppressed("IAR")),
    detainers: outcome.detainers,
  };
}

function sorted(map: Map<string, StatisticsCounts>): Record<string, StatisticsCounts> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Aggregate outcomes and rejected files; months follow `timeZone` (default UTC) so a report matches the
 * state's calendar.
 */
export function aggregateStatistics(
  outcomes: readonly TransactionOutcome[],
  timeZone = "UTC",
  rejected: readonly RejectedSubmission[] = [],
): Statistics {
  if (outcomes.length + rejected.length > DOMAIN_PARAMETERS.statistics.maxOutcomes) {
    throw new DomainInputError(
      "outcomes",
      `more than ${DOMAIN_PARAMETERS.statistics.maxOutcomes} outcomes; aggregate by period`,
    );
  }
  const overall = emptyCounts();
  const byJurisdiction = new Map<string, StatisticsCounts>();
  const byMonth = new Map<string, StatisticsCounts>();
  const bySubmitter = new Map<string, StatisticsCounts>();
  const count = (counts: StatisticsCounts, jurisdiction: string, submitter: string, month: string) => {
    add(overall, counts);
    for (const [map, key] of [
      [byJurisdiction, jurisdiction],
      [byMonth, month],
      [bySubmitter, submitter],
    ] as const) {
      let bucket = map.get(key);
      if (!bucket) {
        bucket = emptyCounts();
        map.set(key, bucket);
      }
      add(bucket, counts);
    }
  };
  const monthOf = (field: string, at: Date | string) =>
    localDay(toInstant(field, at).getTime(), timeZone).slice(0, 7);
  outcomes.forEach((outcome, index) => {
    const month = monthOf(`outcomes[${index}].receivedAt`, outcome.receivedAt);
    count(countsOf(outcome, index), outcome.jurisdictionId, outcome.submitterOri, month);
  });
  rejected.forEach((file, index) => {
    const month = monthOf(`rejected[${index}].receivedAt`, file.receivedAt);
    count(
      { ...emptyCounts(), errt: 1 },
      file.jurisdictionId ?? UNKNOWN_JURISDICTION,
      file.submitterOri,
      month,
    );
  });
  return {
    overall,
    byJurisdiction: sorted(byJurisdiction),
    byMonth: sorted(byMonth),
    bySubmitter: sorted(bySubmitter),
  };
}
