import { IMMIGRATION_STATUS_CODES } from "@tenprint/nist";
import type { DetainerEvent, JurisdictionRow, MonthlyRows } from "./report-rows.js";

/**
 * The programme's monthly "IDENT/IAFIS Interoperability Statistics" for one month: per state and per
 * jurisdiction, the month and the total since the jurisdiction's activation. A pure function of the
 * repository's rows, so every figure can be checked against a hand-built history.
 */

export interface Figures {
  /** Bookings accepted (CAR/CNA transactions); rejected files never become bookings. */
  readonly submissions: number;
  /** Bookings whose IDENT search ran (activated jurisdictions). */
  readonly identSearches: number;
  readonly identMatches: number;
  /** identMatches / identSearches; null when no search ran. */
  readonly matchRate: number | null;
  readonly iaqs: number;
  readonly iars: number;
  /** IARs by the status the LESC determined (USC, LPR, NIV, RFG, REM, FOR, UNK). */
  readonly iarsByStatus: Readonly<Record<string, number>>;
  readonly detainers: Readonly<Record<Lowercase<DetainerEvent>, number>>;
  /** IDENT matches by the priority level ERO assigned; "Not reviewed" while ERO has not decided. */
  readonly matchesByLevel: Readonly<Record<string, number>>;
  /** Detainers issued, by the level they rest on. */
  readonly detainersByLevel: Readonly<Record<string, number>>;
}

export interface JurisdictionLine {
  readonly id: string;
  readonly name: string;
  readonly activationStatus: string;
  /** YYYY-MM-DD of activation in the report's zone; null when not activated by the month's end. */
  readonly activatedOn: string | null;
  readonly month: Figures;
  /** Since activation, through the month; null when not activated by the month's end. */
  readonly sinceActivation: Figures | null;
}

export interface TrendPoint {
  readonly month: string;
  readonly submissions: number;
  readonly identMatches: number;
  readonly matchRate: number | null;
  readonly detainersIssued: number;
}

export interface StateSection {
  readonly state: string;
  readonly month: Figures;
  readonly sinceActivation: Figures;
  readonly activatedJurisdictions: number;
  readonly jurisdictions: readonly JurisdictionLine[];
  /** Every month from the first activation (or first booking) through the report's month. */
  readonly trend: readonly TrendPoint[];
}

export interface RuleSetVersion {
  readonly ruleSet: string;
  readonly version: string;
}

export interface MonthlyReport {
  readonly kind: "monthly";
  readonly title: string;
  readonly month: string;
  readonly state: string | null;
  readonly timeZone: string;
  readonly ruleSets: readonly RuleSetVersion[];
  readonly totals: { readonly month: Figures; readonly sinceActivation: Figures };
  readonly states: readonly StateSection[];
  /** How each figure is computed, in words, for the reader. */
  readonly definitions: Readonly<Record<string, string>>;
  readonly notice: string;
}

export const MONTHLY_DEFINITIONS: Readonly<Record<string, string>> = {
  submissions:
    "Bookings accepted by the hub (EBTS CAR/CNA), by the month they were received. Files rejected with an ERRT never become bookings and are not counted.",
  identSearches:
    "Bookings whose fingerprints were searched against IDENT: those from jurisdictions activated (with the state's SIB agreement in force) when they arrived.",
  identMatches: "Bookings whose IDENT search identified someone at the hub's FPIR threshold.",
  matchRate: "IDENT matches divided by IDENT searches in the same period.",
  iaqs: "Immigration Alien Queries sent to the LESC: one per IDENT match.",
  iars: "Immigration Alien Responses: LESC determinations, by status (USC, LPR, NIV, RFG, REM, FOR, UNK), counted in the month the booking was received.",
  detainers:
    "Detainer events in the month they happened: issued, served, lifted (by ERO, by a citizenship finding), lapsed (the 48-hour hold clock ran out).",
  matchesByLevel:
    "IDENT matches by the priority level ERO's review assigned under the named rule set and version; 'Not reviewed' until ERO decides.",
  detainersByLevel: "Detainers issued in the period, by the priority level they rest on.",
  sinceActivation:
    "From the jurisdiction's activation day through the end of the report's month; bookings received before activation are left out.",
};

const NOT_REVIEWED = "Not reviewed";

interface MutableFigures {
  submissions: number;
  identSearches: number;
  identMatches: number;
  iaqs: number;
  iars: number;
  iarsByStatus: Record<string, number>;
  detainers: Record<Lowercase<DetainerEvent>, number>;
  matchesByLevel: Record<string, number>;
  detainersByLevel: Record<string, number>;
}

function empty(): MutableFigures {
  return {
    submissions: 0,
    identSearches: 0,
    identMatches: 0,
    iaqs: 0,
    iars: 0,
    iarsByStatus: Object.fromEntries(IMMIGRATION_STATUS_CODES.map((code) => [code, 0])),
    detainers: { issued: 0, served: 0, lifted: 0, lapsed: 0 },
    matchesByLevel: {},
    detainersByLevel: {},
  };
}

function bump(record: Record<string, number>, key: string, by: number): void {
  record[key] = (record[key] ?? 0) + by;
}

function addInto(into: MutableFigures, one: Figures | MutableFigures): void {
  into.submissions += one.submissions;
  into.identSearches += one.identSearches;
  into.identMatches += one.identMatches;
  into.iaqs += one.iaqs;
  into.iars += one.iars;
  for (const [k, v] of Object.entries(one.iarsByStatus)) bump(into.iarsByStatus, k, v);
  for (const [k, v] of Object.entries(one.detainers)) bump(into.detainers, k, v);
  for (const [k, v] of Object.entries(one.matchesByLevel)) bump(into.matchesByLevel, k, v);
  for (const [k, v] of Object.entries(one.detainersByLevel)) bump(into.detainersByLevel, k, v);
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function finish(figures: MutableFigures): Figures {
  return {
    ...figures,
    matchRate: figures.identSearches === 0 ? null : figures.identMatches / figures.identSearches,
    iarsByStatus: figures.iarsByStatus,
    matchesByLevel: sortedRecord(figures.matchesByLevel),
    detainersByLevel: sortedRecord(figures.detainersByLevel),
  };
}

function levelLabel(label: string | null): string {
  return label ?? NOT_REVIEWED;
}

export interface MonthlyReportOptions {
  /** YYYY-MM. */
  readonly month: string;
  readonly state?: string;
  readonly timeZone: string;
  /** The local day (YYYY-MM-DD) each activation instant falls on, in the report's zone. */
  readonly localDay: (iso: string) => string;
}

/** Builds the monthly report from rows that cover everything up to the end of `month`. */
export function buildMonthlyReport(rows: MonthlyRows, options: MonthlyReportOptions): MonthlyReport {
  const { month } = options;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`month ${month} is not YYYY-MM`);
  const jurisdictions = new Map<string, JurisdictionRow>(rows.jurisdictions.map((j) => [j.id, j]));
  const activatedBy = (j: JurisdictionRow | undefined) =>
    j?.activatedAt !== null &&
    j?.activatedAt !== undefined &&
    options.localDay(j.activatedAt).slice(0, 7) <= month;
  const monthly = new Map<string, MutableFigures>();
  const since = new Map<string, MutableFigures>();
  type MutablePoint = { -readonly [K in keyof TrendPoint]: TrendPoint[K] } & { identSearches: number };
  const trend = new Map<string, Map<string, MutablePoint>>();
  const figuresOf = (map: Map<string, MutableFigures>, id: string) => {
    let figures = map.get(id);
    if (!figures) {
      figures = empty();
      map.set(id, figures);
    }
    return figures;
  };
  const stateOf = (id: string) => jurisdictions.get(id)?.state ?? "UNLISTED";
  const trendPoint = (id: string, m: string) => {
    const state = stateOf(id);
    let byMonth = trend.get(state);
    if (!byMonth) {
      byMonth = new Map();
      trend.set(state, byMonth);
    }
    let point = byMonth.get(m);
    if (!point) {
      point = {
        month: m,
        submissions: 0,
        identSearches: 0,
        identMatches: 0,
        matchRate: null,
        detainersIssued: 0,
      };
      byMonth.set(m, point);
    }
    return point;
  };
  /** Applies a row to the month and/or since-activation figures. */
  const apply = (id: string, m: string, afterActivation: boolean, add: (f: MutableFigures) => void) => {
    if (m > month) return;
    if (m === month) add(figuresOf(monthly, id));
    if (afterActivation && activatedBy(jurisdictions.get(id))) add(figuresOf(since, id));
  };
  for (const row of rows.bookings) {
    apply(row.jurisdictionId, row.month, row.afterActivation, (f) => {
      f.submissions += row.bookings;
      f.identSearches += row.identSearches;
      f.identMatches += row.identMatches;
      f.iaqs += row.iaqs;
      f.iars += row.iars;
    });
    if (row.month <= month) {
      const point = trendPoint(row.jurisdictionId, row.month);
      point.submissions += row.bookings;
      point.identSearches += row.identSearches;
      point.identMatches += row.identMatches;
    }
  }
  for (const row of rows.iarStatuses)
    apply(row.jurisdictionId, row.month, row.afterActivation, (f) =>
      bump(f.iarsByStatus, row.status, row.count),
    );
  const ruleSets = new Map<string, RuleSetVersion>();
  for (const row of rows.matchLevels) {
    if (row.ruleSet && row.version)
      ruleSets.set(`${row.ruleSet} ${row.version}`, { ruleSet: row.ruleSet, version: row.version });
    apply(row.jurisdictionId, row.month, row.afterActivation, (f) =>
      bump(f.matchesByLevel, levelLabel(row.label), row.count),
    );
  }
  for (const row of rows.detainerEvents) {
    if (row.ruleSet && row.version)
      ruleSets.set(`${row.ruleSet} ${row.version}`, { ruleSet: row.ruleSet, version: row.version });
    // A detainer only follows an IDENT match, so it always belongs to the time since activation.
    apply(row.jurisdictionId, row.month, true, (f) => {
      bump(f.detainers, row.event.toLowerCase(), row.count);
      if (row.event === "ISSUED") bump(f.detainersByLevel, levelLabel(row.label), row.count);
    });
    if (row.event === "ISSUED" && row.month <= month)
      trendPoint(row.jurisdictionId, row.month).detainersIssued += row.count;
  }

  const ids = new Set([...jurisdictions.keys(), ...monthly.keys(), ...since.keys()]);
  const byState = new Map<string, JurisdictionLine[]>();
  for (const id of [...ids].sort()) {
    const j = jurisdictions.get(id);
    const activated = activatedBy(j);
    const line: JurisdictionLine = {
      id,
      name: j?.name ?? id,
      // A jurisdiction activated after the month was not activated in it.
      activationStatus: activated
        ? "ACTIVATED"
        : j?.activationStatus === "ACTIVATED"
          ? "NOT YET ACTIVATED"
          : (j?.activationStatus ?? "UNLISTED"),
      activatedOn: activated && j?.activatedAt ? options.localDay(j.activatedAt) : null,
      month: finish(monthly.get(id) ?? empty()),
      sinceActivation: activated ? finish(since.get(id) ?? empty()) : null,
    };
    const state = stateOf(id);
    byState.set(state, [...(byState.get(state) ?? []), line]);
  }
  const total = { month: empty(), since: empty() };
  const states: StateSection[] = [...byState]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, lines]) => {
      const m = empty();
      const s = empty();
      for (const line of lines) {
        addInto(m, line.month);
        if (line.sinceActivation) addInto(s, line.sinceActivation);
      }
      addInto(total.month, m);
      addInto(total.since, s);
      const points = [...(trend.get(state)?.values() ?? [])]
        .sort((a, b) => a.month.localeCompare(b.month))
        .map(({ identSearches, ...point }) => ({
          ...point,
          matchRate: identSearches === 0 ? null : point.identMatches / identSearches,
        }));
      return {
        state,
        month: finish(m),
        sinceActivation: finish(s),
        activatedJurisdictions: lines.filter((line) => line.activatedOn !== null).length,
        jurisdictions: lines,
        trend: points,
      };
    });
  const scope = options.state ? `state ${options.state}` : "all states";
  return {
    kind: "monthly",
    title: `IDENT/IAFIS Interoperability Statistics — ${month}, ${scope}`,
    month,
    state: options.state ?? null,
    timeZone: options.timeZone,
    ruleSets: [...ruleSets.values()].sort((a, b) =>
      `${a.ruleSet} ${a.version}`.localeCompare(`${b.ruleSet} ${b.version}`),
    ),
    totals: { month: finish(total.month), sinceActivation: finish(total.since) },
    states,
    definitions: MONTHLY_DEFINITIONS,
    notice:
      "SYNTHETIC DATA: every person, booking and record counted here is synthetic; no real person is described.",
  };
}
