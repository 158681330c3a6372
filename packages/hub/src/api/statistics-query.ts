import { type Kysely, sql } from "kysely";
import {
  type Statistics,
  type StatisticsCounts,
  UNKNOWN_JURISDICTION,
} from "../domain/transaction-statistics.js";
import type { HubDatabase } from "../storage/database-schema.js";

export interface StatisticsFilter {
  /** Bookings received at or after this instant. */
  from?: Date;
  /** Bookings received before this instant. */
  to?: Date;
  /** IANA zone whose calendar months the bookings are counted in; validated by the caller. */
  timeZone: string;
}

const COUNT_KEYS = [
  "bookings",
  "sreIdent",
  "sreNonIdent",
  "errt",
  "idr",
  "idrSuppressed",
  "identMatches",
  "iaq",
  "iar",
  "iarSuppressed",
  "detainers",
] as const satisfies readonly (keyof StatisticsCounts)[];

function emptyCounts(): StatisticsCounts {
  return Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as unknown as StatisticsCounts;
}

type BucketRow = { jurisdiction: string; month: string; submitter: string } & Record<
  (typeof COUNT_KEYS)[number],
  unknown
>;

/**
 * The programme statistics computed in the database, with the semantics of the pure `aggregateStatistics`
 * (a count is of bookings that produced at least one such message, suppressed ones included; identMatches
 * are bookings whose IDENT search identified someone; detainers are counted, not bookings with one;
 * errt counts the rejected files of `rejected_submissions`), so that millions of bookings are summed where
 * they are stored instead of being loaded.
 */
export async function queryStatistics(
  db: Kysely<HubDatabase>,
  filter: StatisticsFilter,
): Promise<Statistics> {
  const range = (column: string) =>
    sql.join(
      [
        sql`true`,
        ...(filter.from ? [sql`${sql.ref(column)} >= ${filter.from}`] : []),
        ...(filter.to ? [sql`${sql.ref(column)} < ${filter.to}`] : []),
      ],
      sql` and `,
    );
  const { rows } = await sql<BucketRow>`
    with m as (
      select transaction_id,
        bool_or(type = 'SRE' and payload_json->>'srf' = 'I') as sre_ident,
        bool_or(type = 'SRE' and payload_json->>'srf' = 'N') as sre_non_ident,
        bool_or(type = 'IDR') as idr,
        bool_or(type = 'IDR' and status = 'suppressed') as idr_suppressed,
        bool_or(type = 'IAQ') as iaq,
        bool_or(type = 'IAR') as iar,
        bool_or(type = 'IAR' and status = 'suppressed') as iar_suppressed
      from messages
      where transaction_id is not null
      group by transaction_id
    ), d as (
      select transaction_id, count(*) as n from detainers group by transaction_id
    )
    select
      coalesce(t.jurisdiction_ori, ${UNKNOWN_JURISDICTION}) as jurisdiction,
      to_char(t.created_at at time zone ${filter.timeZone}, 'YYYY-MM') as month,
      t.submitter_ori as submitter,
      count(*) as "bookings",
      count(*) filter (where m.sre_ident) as "sreIdent",
      count(*) filter (where m.sre_non_ident) as "sreNonIdent",
      0 as "errt",
      count(*) filter (where m.idr) as "idr",
      count(*) filter (where m.idr_suppressed) as "idrSuppressed",
      count(*) filter (where jsonb_typeof(t.state_data -> 'identMatch') = 'object') as "identMatches",
      count(*) filter (where m.iaq) as "iaq",
      count(*) filter (where m.iar) as "iar",
      count(*) filter (where m.iar_suppressed) as "iarSuppressed",
      coalesce(sum(d.n), 0) as "detainers"
    from transactions t
    left join m on m.transaction_id = t.id
    left join d on d.transaction_id = t.id
    where ${range("t.created_at")}
    group by 1, 2, 3
    union all
    select
      coalesce(r.jurisdiction_id, ${UNKNOWN_JURISDICTION}) as jurisdiction,
      to_char(r.received_at at time zone ${filter.timeZone}, 'YYYY-MM') as month,
      r.submitter_ori as submitter,
      0, 0, 0, count(*), 0, 0, 0, 0, 0, 0, 0
    from rejected_submissions r
    where ${range("r.received_at")}
    group by 1, 2, 3
  `.execute(db);
  const overall = emptyCounts();
  const byJurisdiction = new Map<string, StatisticsCounts>();
  const byMonth = new Map<string, StatisticsCounts>();
  const bySubmitter = new Map<string, StatisticsCounts>();
  const bucket = (map: Map<string, StatisticsCounts>, key: string) => {
    let counts = map.get(key);
    if (!counts) {
      counts = emptyCounts();
      map.set(key, counts);
    }
    return counts;
  };
  for (const row of rows) {
    for (const counts of [
      overall,
      bucket(byJurisdiction, row.jurisdiction),
      bucket(byMonth, row.month),
      bucket(bySubmitter, row.submitter),
    ])
      for (const key of COUNT_KEYS) counts[key] += Number(row[key]);
  }
  const sorted = (map: Map<string, StatisticsCounts>) =>
    Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
  return {
    overall,
    byJurisdiction: sorted(byJurisdiction),
    byMonth: sorted(byMonth),
    bySubmitter: sorted(bySubmitter),
  };
}
