import { type Kysely, sql } from "kysely";
import type { HubDatabase } from "../storage/database-schema.js";

export interface DemoSummary {
  readonly bookings: number;
  readonly sreIdents: number;
  readonly identMatches: number;
  readonly iaq: number;
  readonly iar: number;
  readonly detainers: number;
  readonly inFlight: number;
  /**
   * Milliseconds from a booking's arrival to its IDR, over the IDRs of the last ten minutes (older ones
   * may include time the demo was stopped); null when there were none.
   */
  readonly idrLatencyP50: number | null;
  readonly idrLatencyP99: number | null;
}

/** The live counts, straight from the database, so they survive restarts and agree with `/v1/stats`. */
export async function demoSummary(db: Kysely<HubDatabase>): Promise<DemoSummary> {
  const { rows } = await sql<{
    bookings: string | number;
    sre_idents: string | number;
    ident_matches: string | number;
    iaq: string | number;
    iar: string | number;
    detainers: string | number;
    in_flight: string | number;
    p50: number | null;
    p99: number | null;
  }>`
    select
      (select count(*) from transactions) as bookings,
      (select count(*) from messages where type = 'SRE' and payload_json->>'srf' = 'I') as sre_idents,
      (select count(*) from messages where type = 'IDR' and payload_json->>'match' = 'true') as ident_matches,
      (select count(*) from messages where type = 'IAQ') as iaq,
      (select count(distinct transaction_id) from messages where type = 'IAR') as iar,
      (select count(*) from detainers) as detainers,
      (select count(*) from transactions where state not in ('CLOSED', 'REJECTED')) as in_flight,
      percentile_cont(0.5) within group (order by latency) as p50,
      percentile_cont(0.99) within group (order by latency) as p99
    from (
      select extract(epoch from (m.created_at - t.created_at)) * 1000 as latency
      from messages m join transactions t on t.id = m.transaction_id
      where m.type = 'IDR' and m.created_at > now() - interval '10 minutes'
    ) as idr
  `.execute(db);
  const row = rows[0];
  const n = (value: string | number | undefined) => Number(value ?? 0);
  return {
    bookings: n(row?.bookings),
    sreIdents: n(row?.sre_idents),
    identMatches: n(row?.ident_matches),
    iaq: n(row?.iaq),
    iar: n(row?.iar),
    detainers: n(row?.detainers),
    inFlight: n(row?.in_flight),
    idrLatencyP50: row?.p50 == null ? null : Number(row.p50),
    idrLatencyP99: row?.p99 == null ? null : Number(row.p99),
  };
}

export function formatSummary(summary: DemoSummary): string {
  const ms = (value: number | null) => (value === null ? "–" : `${Math.round(value)} ms`);
  return [
    `bookings ${summary.bookings}`,
    `SRE idents ${summary.sreIdents}`,
    `IDENT matches ${summary.identMatches}`,
    `IAQ ${summary.iaq}`,
    `IAR ${summary.iar}`,
    `detainers ${summary.detainers}`,
    `in flight ${summary.inFlight}`,
    `booking→IDR (10 min) p50 ${ms(summary.idrLatencyP50)} p99 ${ms(summary.idrLatencyP99)}`,
  ].join(" | ");
}
