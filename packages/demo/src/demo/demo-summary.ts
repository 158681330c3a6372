import type { HubDatabase, StatisticsCounts } from "@tenprint/hub";
import { queryStatistics } from "@tenprint/hub";
import { type Kysely, sql } from "kysely";

/** The live line's counts: `/v1/stats`'s overall counts under the same names, and the run's latency. */
export interface DemoSummary {
  readonly counts: StatisticsCounts;
  readonly inFlight: number;
  /**
   * Milliseconds from a booking's arrival to its IDR, over the IDRs of the last ten minutes of bookings
   * received since this run started (a booking from before a stop would count the time the demo was
   * stopped); null when there were none.
   */
  readonly idrLatencyP50: number | null;
  readonly idrLatencyP99: number | null;
}

/** The counts of the live line, in the order it prints them; each is a key of `/v1/stats`' `overall`. */
export const SUMMARY_COUNTS = [
  "bookings",
  "errt",
  "sreIdent",
  "sreNonIdent",
  "identMatches",
  "iaq",
  "iar",
  "detainers",
] as const satisfies readonly (keyof StatisticsCounts)[];

/**
 * The live counts, straight from the database through the query behind `/v1/stats`, so they survive
 * restarts and agree with it by construction. `runStartedAt`: when this run of the demo started.
 */
export async function demoSummary(db: Kysely<HubDatabase>, runStartedAt: Date): Promise<DemoSummary> {
  const [statistics, { rows }] = await Promise.all([
    queryStatistics(db, { timeZone: "UTC" }),
    sql<{ in_flight: string | number; p50: number | null; p99: number | null }>`
      select
        (select count(*) from transactions where state not in ('CLOSED', 'REJECTED')) as in_flight,
        percentile_cont(0.5) within group (order by latency) as p50,
        percentile_cont(0.99) within group (order by latency) as p99
      from (
        select extract(epoch from (m.created_at - t.created_at)) * 1000 as latency
        from messages m join transactions t on t.id = m.transaction_id
        where m.type = 'IDR' and m.created_at > now() - interval '10 minutes'
          and t.created_at >= ${runStartedAt}
      ) as idr
    `.execute(db),
  ]);
  const row = rows[0];
  return {
    counts: statistics.overall,
    inFlight: Number(row?.in_flight ?? 0),
    idrLatencyP50: row?.p50 == null ? null : Number(row.p50),
    idrLatencyP99: row?.p99 == null ? null : Number(row.p99),
  };
}

export function formatSummary(summary: DemoSummary): string {
  const ms = (value: number | null) => (value === null ? "–" : `${Math.round(value)} ms`);
  return [
    ...SUMMARY_COUNTS.map((key) => `${key} ${summary.counts[key]}`),
    `in flight ${summary.inFlight}`,
    `booking→IDR (this run, 10 min) p50 ${ms(summary.idrLatencyP50)} p99 ${ms(summary.idrLatencyP99)}`,
  ].join(" | ");
}
