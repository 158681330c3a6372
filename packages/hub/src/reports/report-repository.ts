import { type Kysely, type RawBuilder, sql } from "kysely";
import { establishedFbiNumber } from "../services/arrest-enrolment.js";
import type { HubDatabase } from "../storage/database-schema.js";
import type {
  AccountabilityRows,
  BookingCountRow,
  DemographicRow,
  DetainerEventRow,
  DetainerRow,
  EroReviewRow,
  IaqAnswerRow,
  IarStatusRow,
  IdentSearchSummaryRow,
  JourneyRow,
  JurisdictionRow,
  MatchLevelRow,
  MonthlyRows,
  StatusFindingRow,
} from "./report-rows.js";

/** Which bookings a report covers: received before `to` (and at or after `from`), in `state` if given. */
export interface ReportScope {
  readonly to: Date;
  readonly from?: Date;
  /** Postal code of the state; every state when absent. */
  readonly state?: string;
  /** IANA zone whose calendar months the rows are cut in; validated by the caller. */
  readonly timeZone: string;
}

/** The report builders' reads; SQL aggregates where the row count grows with bookings. */
export interface ReportRepository {
  monthlyRows(scope: ReportScope): Promise<MonthlyRows>;
  accountabilityRows(scope: ReportScope): Promise<AccountabilityRows>;
}

const n = (value: unknown) => Number(value ?? 0);
const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(String(value)).toISOString();
const isoOf = (value: unknown) => iso(value) ?? "";

/**
 * Bookings joined to their jurisdiction, limited to the scope. A booking from an agency the directory did
 * not list keeps its jurisdiction key and counts under state UNLISTED.
 */
function scopedBookings(scope: ReportScope): RawBuilder<unknown> {
  const filters = [
    sql`t.created_at < ${scope.to}`,
    ...(scope.from ? [sql`t.created_at >= ${scope.from}`] : []),
    ...(scope.state ? [sql`j.state = ${scope.state}`] : []),
  ];
  return sql`(
    select t.id, t.tcn, t.created_at, t.updated_at, t.state_data,
      coalesce(t.jurisdiction_ori, 'UNKNOWN') as jurisdiction_id,
      coalesce(j.activated_at <= t.created_at, false) as after_activation
    from transactions t
    left join jurisdictions j on j.ori = t.jurisdiction_ori
    where ${sql.join(filters, sql` and `)}
  )`;
}

function month(column: RawBuilder<unknown>, timeZone: string): RawBuilder<string> {
  return sql<string>`to_char(${column} at time zone ${timeZone}, 'YYYY-MM')`;
}

export class PostgresReportRepository implements ReportRepository {
  readonly #db: Kysely<HubDatabase>;

  constructor(db: Kysely<HubDatabase>) {
    this.#db = db;
  }

  async #jurisdictions(scope: ReportScope): Promise<JurisdictionRow[]> {
    const { rows } = await sql<{
      ori: string;
      name: string;
      state: string;
      activation_status: string;
      activated_at: unknown;
    }>`
      select ori, name, state, activation_status, activated_at from jurisdictions
      ${scope.state ? sql`where state = ${scope.state}` : sql``}
      order by state, ori
    `.execute(this.#db);
    return rows.map((row) => ({
      id: row.ori,
      name: row.name,
      state: row.state,
      activationStatus: row.activation_status,
      activatedAt: iso(row.activated_at),
    }));
  }

  async monthlyRows(scope: ReportScope): Promise<MonthlyRows> {
    const b = scopedBookings(scope);
    const m = month(sql`b.created_at`, scope.timeZone);
    const [jurisdictions, bookings, iarStatuses, matchLevels, detainerEvents] = await Promise.all([
      this.#jurisdictions(scope),
      sql<Record<string, unknown>>`
        select b.jurisdiction_id, ${m} as month, b.after_activation,
          count(*) as bookings,
          count(*) filter (where b.state_data -> 'identMatch' is not null) as ident_searches,
          count(*) filter (where jsonb_typeof(b.state_data -> 'identMatch') = 'object') as ident_matches,
          count(*) filter (where b.state_data ->> 'iaqId' is not null) as iaqs,
          count(*) filter (where jsonb_typeof(b.state_data -> 'determination') = 'object') as iars
        from ${b} b group by 1, 2, 3
      `.execute(this.#db),
      sql<Record<string, unknown>>`
        select b.jurisdiction_id, ${m} as month, b.after_activation,
          b.state_data -> 'determination' ->> 'status' as status, count(*) as count
        from ${b} b where jsonb_typeof(b.state_data -> 'determination') = 'object'
        group by 1, 2, 3, 4
      `.execute(this.#db),
      sql<Record<string, unknown>>`
        select b.jurisdiction_id, ${m} as month, b.after_activation,
          b.state_data -> 'priority' ->> 'ruleSet' as rule_set,
          b.state_data -> 'priority' ->> 'version' as version,
          b.state_data -> 'priority' ->> 'label' as label, count(*) as count
        from ${b} b where jsonb_typeof(b.state_data -> 'identMatch') = 'object'
        group by 1, 2, 3, 4, 5, 6
      `.execute(this.#db),
      this.#detainerEvents(scope),
    ]);
    return {
      jurisdictions,
      bookings: bookings.rows.map(
        (row): BookingCountRow => ({
          jurisdictionId: String(row.jurisdiction_id),
          month: String(row.month),
          afterActivation: row.after_activation === true,
          bookings: n(row.bookings),
          identSearches: n(row.ident_searches),
          identMatches: n(row.ident_matches),
          iaqs: n(row.iaqs),
          iars: n(row.iars),
        }),
      ),
      iarStatuses: iarStatuses.rows.map(
        (row): IarStatusRow => ({
          jurisdictionId: String(row.jurisdiction_id),
          month: String(row.month),
          afterActivation: row.after_activation === true,
          status: String(row.status),
          count: n(row.count),
        }),
      ),
      matchLevels: matchLevels.rows.map(
        (row): MatchLevelRow => ({
          jurisdictionId: String(row.jurisdiction_id),
          month: String(row.month),
          afterActivation: row.after_activation === true,
          ruleSet: (row.rule_set as string | null) ?? null,
          version: (row.version as string | null) ?? null,
          label: (row.label as string | null) ?? null,
          count: n(row.count),
        }),
      ),
      detainerEvents,
    };
  }

  /** Detainer events of the scope's bookings, each in the month it happened (up to `to`). */
  async #detainerEvents(scope: ReportScope): Promise<DetainerEventRow[]> {
    const b = scopedBookings({ ...scope, from: undefined } as ReportScope);
    const events = sql`(
      select 'ISSUED' as event, d.state ->> 'issuedAt' as at, d.* from detainers d
      union all select 'SERVED', d.state ->> 'servedAt', d.* from detainers d
      union all select 'LIFTED', d.state ->> 'closedAt', d.* from detainers d where d.status = 'LIFTED'
      union all select 'LAPSED', d.state ->> 'closedAt', d.* from detainers d where d.status = 'LAPSED'
    )`;
    const at = sql`(e.at)::timestamptz`;
    const { rows } = await sql<Record<string, unknown>>`
      select b.jurisdiction_id, ${month(at, scope.timeZone)} as month, e.event,
        e.priority ->> 'ruleSet' as rule_set, e.priority ->> 'version' as version,
        e.priority ->> 'label' as label, count(*) as count
      from ${events} e join ${b} b on b.id = e.transaction_id
      where e.at is not null and ${at} < ${scope.to}
        ${scope.from ? sql`and ${at} >= ${scope.from}` : sql``}
      group by 1, 2, 3, 4, 5, 6
    `.execute(this.#db);
    return rows.map((row) => ({
      jurisdictionId: String(row.jurisdiction_id),
      month: String(row.month),
      event: String(row.event) as DetainerEventRow["event"],
      ruleSet: (row.rule_set as string | null) ?? null,
      version: (row.version as string | null) ?? null,
      label: (row.label as string | null) ?? null,
      count: n(row.count),
    }));
  }

  async accountabilityRows(scope: ReportScope): Promise<AccountabilityRows> {
    const b = scopedBookings(scope);
    const [
      jurisdictions,
      iaqAnswers,
      eroReviews,
      detainers,
      statusFindings,
      searches,
      demographics,
      journeys,
    ] = await Promise.all([
      this.#jurisdictions(scope),
      sql<Record<string, unknown>>`
          select b.id,
            (select min(m.created_at) from messages m where m.transaction_id = b.id and m.type = 'IAQ') as iaq_at,
            (select min(m.created_at) from messages m where m.transaction_id = b.id and m.type = 'IAR') as iar_at
          from ${b} b where b.state_data ->> 'iaqId' is not null
          order by 2, 1
        `.execute(this.#db),
      // ERO's decision is the booking's last transition (ERO_REVIEWED closes it): its updated_at.
      sql<Record<string, unknown>>`
          select b.id, b.updated_at as reviewed_at,
            (select min(m.created_at) from messages m where m.transaction_id = b.id and m.type = 'IAR') as iar_at,
            exists (select 1 from detainers d where d.transaction_id = b.id) as detainer_issued
          from ${b} b where b.state_data ->> 'outcome' = 'ERO_REVIEWED'
          order by 1
        `.execute(this.#db),
      sql<Record<string, unknown>>`
          select d.id, d.transaction_id, b.tcn, b.jurisdiction_id, d.lea_ori, d.status, d.state,
            d.priority ->> 'ruleSet' as rule_set, d.priority ->> 'version' as version,
            d.priority ->> 'label' as label,
            exists (
              select 1 from jsonb_array_elements(coalesce(d.priority -> 'inputs' -> 'offences', '[]'::jsonb)) o
              where o ->> 'disposition' = 'CONVICTED'
            ) as has_conviction
          from detainers d join ${b} b on b.id = d.transaction_id
          order by d.state ->> 'issuedAt', d.id
        `.execute(this.#db),
      sql<Record<string, unknown>>`
          select b.id, b.tcn, b.jurisdiction_id,
            b.state_data -> 'determination' ->> 'status' as status,
            b.state_data -> 'determination' ->> 'determinedAt' as determined_at,
            coalesce((b.state_data -> 'determination' ->> 'redressReferral')::boolean, false) as redress_referral,
            coalesce((b.state_data -> 'determination' ->> 'matchOverturned')::boolean, false) as match_overturned
          from ${b} b
          where b.state_data -> 'determination' ->> 'status' in ('USC', 'LPR')
          order by 5, 1
        `.execute(this.#db),
      sql<Record<string, unknown>>`
          select
            count(*) filter (where b.state_data -> 'identMatch' is not null) as ident_searches,
            count(*) filter (where jsonb_typeof(b.state_data -> 'identMatch') = 'object') as ident_matches,
            coalesce(sum((b.state_data -> 'identMatch' ->> 'fpir')::float8)
              filter (where jsonb_typeof(b.state_data -> 'identMatch') = 'object'), 0) as sum_fpir,
            count(*) filter (where (b.state_data -> 'determination' ->> 'matchOverturned') = 'true') as overturned
          from ${b} b
        `.execute(this.#db),
      sql<Record<string, unknown>>`
          select b.jurisdiction_id,
            coalesce(b.state_data -> 'subject' ->> 'race', 'U') as race,
            coalesce(b.state_data -> 'subject' ->> 'placeOfBirth', 'XX') as place_of_birth,
            count(*) as bookings,
            count(*) filter (where jsonb_typeof(b.state_data -> 'identMatch') = 'object') as ident_matches,
            count(*) filter (where b.state_data ->> 'iaqId' is not null) as iaqs,
            count(d.id) as detainers
          from ${b} b left join detainers d on d.transaction_id = b.id
          group by 1, 2, 3
        `.execute(this.#db),
      // Every booking of the period, with the person it names in the criminal repository: the section
      // on searches a jurisdiction did not agree to follows people across sites.
      sql<Record<string, unknown>>`
          select b.id, b.jurisdiction_id, b.created_at, t.tot,
            coalesce(j.site_kind, 'UNLISTED') as site_kind,
            b.state_data -> 'criminalMatch' ->> 'identity' as criminal_identity,
            (b.state_data -> 'retain')::text = 'true' as retained,
            b.state_data ->> 'outcome' = 'NOT_ACTIVATED' as not_activated,
            b.state_data -> 'identMatch' is not null as ident_searched,
            jsonb_typeof(b.state_data -> 'identMatch') = 'object' as ident_match,
            b.state_data ->> 'iaqId' is not null as iaq,
            exists (select 1 from detainers d where d.transaction_id = b.id) as detainer,
            b.state_data -> 'determination' ->> 'status' as lesc_status,
            t.arrest_jurisdiction_ori, t.arrest_ident_search
          from ${b} b
          join transactions t on t.id = b.id
          left join jurisdictions j on j.ori = t.jurisdiction_ori
          order by b.created_at, b.id
        `.execute(this.#db),
    ]);
    const s = searches.rows[0] ?? {};
    const identSearches: IdentSearchSummaryRow = {
      identSearches: n(s.ident_searches),
      identMatches: n(s.ident_matches),
      sumMatchFpir: n(s.sum_fpir),
      overturned: n(s.overturned),
    };
    return {
      jurisdictions,
      journeys: journeys.rows.map(
        (row): JourneyRow => ({
          transactionId: String(row.id),
          jurisdictionId: String(row.jurisdiction_id),
          siteKind: String(row.site_kind),
          receivedAt: isoOf(row.created_at),
          // A booking that matched nobody and was retained established a record of its own.
          personKey:
            typeof row.criminal_identity === "string"
              ? row.criminal_identity
              : row.retained === true
                ? establishedFbiNumber(String(row.id))
                : null,
          notActivated: row.not_activated === true,
          identSearched: row.ident_searched === true,
          identMatch: row.ident_match === true,
          iaq: row.iaq === true,
          detainer: row.detainer === true,
          lescStatus: typeof row.lesc_status === "string" ? row.lesc_status : null,
          arrestJurisdictionId:
            typeof row.arrest_jurisdiction_ori === "string" ? row.arrest_jurisdiction_ori : null,
          arrestIdentSearch: typeof row.arrest_ident_search === "boolean" ? row.arrest_ident_search : null,
        }),
      ),
      iaqAnswers: iaqAnswers.rows.map(
        (row): IaqAnswerRow => ({
          transactionId: String(row.id),
          iaqAt: isoOf(row.iaq_at),
          iarAt: iso(row.iar_at),
        }),
      ),
      eroReviews: eroReviews.rows
        .filter((row) => row.iar_at !== null)
        .map(
          (row): EroReviewRow => ({
            transactionId: String(row.id),
            iarAt: isoOf(row.iar_at),
            reviewedAt: isoOf(row.reviewed_at),
            detainerIssued: row.detainer_issued === true,
          }),
        ),
      detainers: detainers.rows.map((row): DetainerRow => {
        const state = (row.state ?? {}) as Record<string, unknown>;
        const text = (key: string) => (typeof state[key] === "string" ? (state[key] as string) : null);
        return {
          id: String(row.id),
          transactionId: String(row.transaction_id),
          tcn: String(row.tcn),
          jurisdictionId: String(row.jurisdiction_id),
          leaOri: String(row.lea_ori),
          status: String(row.status),
          issuedAt: text("issuedAt") ?? "",
          servedAt: text("servedAt"),
          holdStartedAt: text("holdStartedAt"),
          holdDeadline: text("holdDeadline"),
          closedAt: text("closedAt"),
          liftReason: text("liftReason"),
          redress: state.redress === true,
          ruleSet: (row.rule_set as string | null) ?? null,
          version: (row.version as string | null) ?? null,
          label: (row.label as string | null) ?? null,
          hasConviction: row.has_conviction === true,
        };
      }),
      statusFindings: statusFindings.rows.map(
        (row): StatusFindingRow => ({
          transactionId: String(row.id),
          tcn: String(row.tcn),
          jurisdictionId: String(row.jurisdiction_id),
          status: String(row.status),
          determinedAt: String(row.determined_at ?? ""),
          redressReferral: row.redress_referral === true,
          matchOverturned: row.match_overturned === true,
        }),
      ),
      identSearches,
      demographics: demographics.rows.map(
        (row): DemographicRow => ({
          jurisdictionId: String(row.jurisdiction_id),
          race: String(row.race),
          placeOfBirth: String(row.place_of_birth),
          bookings: n(row.bookings),
          identMatches: n(row.ident_matches),
          iaqs: n(row.iaqs),
          detainers: n(row.detainers),
        }),
      ),
    };
  }
}
