import type { Delivery, MessageType } from "./domain-effects.js";
import { DomainInputError, toInstant } from "./domain-error.js";
import { DOMAIN_PARAMETERS } from "./domain-parameters.js";
import { localDay } from "./local-calendar.js";

/**
 * Programme statistics in the shape of ICE's monthly interoperability reports: counts overall, by
 * jurisdiction and by month. Each count is of bookings (transactions), not of messages: an IAR goes to
 * both the LEA and the ERO field office but is one IAR. Suppressed responses are counted as produced and
 * separately as suppressed, because receipt preferences withhold delivery, not the search.
 */
export interface TransactionOutcome {
  readonly jurisdictionId: string;
  readonly receivedAt: Date | string;
  /** Every message the transaction produced, delivered or suppressed. */
  readonly messages: readonly { readonly type: MessageType; readonly delivery: Delivery }[];
  readonly identMatch: boolean;
  /** Detainers issued on the booking. */
  readonly detainers: number;
}

export interface StatisticsCounts {
  bookings: number;
  sre: number;
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
}

function emptyCounts(): StatisticsCounts {
  return {
    bookings: 0,
    sre: 0,
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
  const suppressed = (type: MessageType) =>
    outcome.messages.some((m) => m.type === type && m.delivery === "suppressed");
  const b = (value: boolean) => (value ? 1 : 0);
  return {
    bookings: 1,
    sre: b(has("SRE")),
    errt: b(has("ERRT")),
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

/** Aggregate outcomes; months follow `timeZone` (default UTC) so a report matches the state's calendar. */
export function aggregateStatistics(outcomes: readonly TransactionOutcome[], timeZone = "UTC"): Statistics {
  if (outcomes.length > DOMAIN_PARAMETERS.statistics.maxOutcomes) {
    throw new DomainInputError(
      "outcomes",
      `more than ${DOMAIN_PARAMETERS.statistics.maxOutcomes} outcomes; aggregate by period`,
    );
  }
  const overall = emptyCounts();
  const byJurisdiction = new Map<string, StatisticsCounts>();
  const byMonth = new Map<string, StatisticsCounts>();
  outcomes.forEach((outcome, index) => {
    const counts = countsOf(outcome, index);
    const at = toInstant(`outcomes[${index}].receivedAt`, outcome.receivedAt).getTime();
    const month = localDay(at, timeZone).slice(0, 7);
    add(overall, counts);
    for (const [map, key] of [
      [byJurisdiction, outcome.jurisdictionId],
      [byMonth, month],
    ] as const) {
      let bucket = map.get(key);
      if (!bucket) {
        bucket = emptyCounts();
        map.set(key, bucket);
      }
      add(bucket, counts);
    }
  });
  return { overall, byJurisdiction: sorted(byJurisdiction), byMonth: sorted(byMonth) };
}
