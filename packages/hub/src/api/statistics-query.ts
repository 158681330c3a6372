import { type Kysely, sql } from "kysely";
import type { Statistics, StatisticsCounts } from "../domain/transaction-statistics.js";
import type { HubDatabase } from "../storage/database-schema.js";

export interface StatisticsFilter {
  /** Bookings received at or after this instant. */
  from?: Date;
  /** Bookings received before this instant. */
  to?: Date;
  /** IANA zone whose calendar months the bookings are counted in; validated by the caller. */
  timeZone: string;
}

/** Bookings whose jurisdiction was never recorded are counted under this key. */
export const UNKNOWN_JURISDICTION = "UNKNOWN";

const COUNT_KEYS = [
  "bookings",
  "sre",
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

type BucketRow = { jurisdiction: string; month: string } & Record<(typeof COUNT_KEYS)[number], unknown>;

/**
 * The programme statistics computed in the database, with the semantics of the pure `aggregateStatistics`
 * (a count is of bookings that produced at least one such message, suppressed ones included; identMatches
 * are bookings whose IDENT search identified someone; detainers are counted, not bookings with one), so
 * that millions of bookings are summed where they are stored instead of being loaded.
 */
export async function queryStatistics(
  db: Kysely<HubDatabase>,
  filter: StatisticsFilter,
): Promise<Statistics> {
  const range = sql.join(
    [
      sql`true`,
      ...(filter.from ? [sql`t.created_at >= ${filter.from}`] : []),
      ...(filter.to ? [sql`t.created_at < ${filter.to}`] : []),
    ],
    sql` and `,
  );
  const { rows } = await sql<BucketRow>`
    with m as (
      select transaction_id,
        bool_or(type = 'SRE') as sre,
        bool_or(type = 'ERRT') as errt,
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
      count(*) as "bookings",
      count(*) filter (where m.sre) as "sre",
      count(*) filter (where m.errt) as "errt",
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
    where ${range}
    group by 1, 2
  `.execute(db);
  const overall = emptyCounts();
  const byJurisdiction = new Map<string, StatisticsCounts>();
  const byMonth = new Map<string, StatisticsCounts>();
  const bucket = (map: Map<string, StatisticsCounts>, key: string) => {
    let counts = map.get(key);
    if (!counts) {
      counts = emptyCounts();
      map.set(key, counts);
    }
    return counts;
  };
  for (const row of rows) {
    for (const counts of [overall, bucket(byJurisdiction, row.jurisdiction), bucket(byMonth, row.month)])
      for (const key of COUNT_KEYS) counts[key] += Number(row[key]);
  }
  const sorted = (map: Map<string, StatisticsCounts>) =>
    Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
  return { overall, byJurisdiction: sorted(byJurisdiction), byMonth: sorted(byMonth) };
}
