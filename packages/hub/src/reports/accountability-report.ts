import { REPORT_PARAMETERS as P } from "./report-parameters.js";
import type {
  AccountabilityRows,
  DemographicRow,
  DetainerRow,
  GroundTruth,
  JourneyRow,
  JurisdictionRow,
} from "./report-rows.js";
import {
  benjaminiHochberg,
  type Percentiles,
  percentiles,
  twoProportionPValue,
  wilsonInterval,
} from "./report-statistics.js";

/**
 * The figures that hold the programme to its promises — response times, the 48-hour clock, citizens
 * and residents sent to the LESC, false matches expected and observed, disparity signals, detainers
 * without a conviction — each with the words that say how it was computed. A pure function of the
 * repository's rows (and, for a synthetic run, its ground truth).
 */

export interface Section {
  /** How the figure was computed, for a reader who wants to check it. */
  readonly method: string;
}

export interface TimesByMonth extends Section {
  readonly overall: Percentiles;
  readonly byMonth: readonly ({ readonly month: string } & Percentiles)[];
  readonly unanswered: number;
}

export interface LifecycleStage extends Percentiles {
  readonly stage: string;
}

export interface HoldOverrun {
  readonly detainerId: string;
  readonly transactionId: string;
  readonly tcn: string;
  readonly leaOri: string;
  readonly status: string;
  readonly holdStartedAt: string;
  readonly holdDeadline: string;
  /** When the hold ended; null while the person is still held. */
  readonly endedAt: string | null;
  readonly overrunMs: number;
}

export interface LiftedDetainer {
  readonly detainerId: string;
  readonly tcn: string;
  readonly liftedAt: string;
  readonly reason: string;
  readonly redress: boolean;
  readonly label: string | null;
}

export interface StatusFinding {
  readonly transactionId: string;
  readonly tcn: string;
  readonly jurisdictionId: string;
  readonly status: string;
  readonly determinedAt: string;
  /** What became of the person's immigration record and of any detainer. */
  readonly recordOutcome: string;
  readonly detainer: string | null;
}

export interface FalseMatches extends Section {
  readonly identSearches: number;
  readonly identMatches: number;
  /** The hub's decision threshold: a match needs FPIR at or below it. */
  readonly fpirThreshold: number;
  /** Searches × threshold: what the threshold allows at most if no search had a mate. */
  readonly boundAtThreshold: number;
  /** Sum of the FPIRs the matched candidates carried: the false matches the matcher predicts among them. */
  readonly predicted: number;
  readonly overturnedByAnalysts: number;
  readonly groundTruth: {
    readonly falseMatches: number;
    readonly falseMatchIaqs: number;
    /** Detainers lodged on bookings whose IDENT match named someone else. */
    readonly detainersOnFalseMatches: number;
    readonly missedMates: number;
    readonly matedSearches: number;
  } | null;
  /** Per 100,000 IDENT searches: predicted, overturned and (synthetic) observed false matches. */
  readonly per100kSearches: {
    readonly predicted: number | null;
    readonly overturned: number | null;
    readonly observed: number | null;
  };
}

export interface DisparitySignal {
  readonly jurisdictionId: string;
  readonly dimension: "race" | "placeOfBirth";
  readonly group: string;
  readonly measure: "identMatches" | "iaqs" | "detainers";
  readonly bookings: number;
  readonly events: number;
  readonly rate: number;
  readonly interval: readonly [number, number];
  /** The rest of the jurisdiction's bookings. */
  readonly restBookings: number;
  readonly restRate: number;
  readonly pValue: number;
  readonly adjustedP: number;
  readonly flagged: boolean;
}

export interface NoConvictionLevel {
  readonly ruleSet: string | null;
  readonly version: string | null;
  readonly label: string;
  readonly detainers: number;
  readonly withoutConviction: number;
  readonly share: number | null;
}

/** What followed for the people a non-activated jurisdiction booked without an IDENT search. */
export interface SearchOutcomes {
  /** Distinct people searched later (by the route counted). */
  readonly people: number;
  readonly searches: number;
  readonly identMatches: number;
  readonly iaqs: number;
  readonly detainers: number;
  /** LESC determinations of US citizen or lawful permanent resident. */
  readonly citizensOrResidents: number;
}

export interface UnagreedSearchRow {
  readonly jurisdictionId: string;
  readonly name: string;
  readonly activationStatus: string;
  /** Distinct people its agencies booked without an IDENT search (not activated at the time). */
  readonly arresteesNotSearched: number;
  /** Searched at a state correctional facility's intake, after an arrest here (2.073 CRI). */
  readonly atFacility: SearchOutcomes;
  /** Searched at a later booking in another (activated) county: the same person in the criminal repository. */
  readonly inOtherCounty: SearchOutcomes;
  /** Distinct people searched later by either route. */
  readonly peopleSearchedLater: number;
}

export interface AccountabilityReport {
  readonly kind: "accountability";
  readonly title: string;
  readonly state: string | null;
  readonly from: string | null;
  readonly to: string;
  readonly asOf: string;
  readonly timeZone: string;
  readonly iaqToIar: TimesByMonth;
  readonly eroReview: Section & { readonly times: Percentiles; readonly detainersIssued: number };
  readonly detainerLifecycle: Section & { readonly stages: readonly LifecycleStage[] };
  readonly holdsPastClock: Section & {
    readonly count: number;
    readonly holds: number;
    readonly items: readonly HoldOverrun[];
  };
  readonly liftedDetainers: Section & {
    readonly byReason: readonly { readonly reason: string; readonly count: number }[];
    readonly items: readonly LiftedDetainer[];
  };
  readonly citizensAndResidents: Section & {
    readonly byStatus: Readonly<Record<string, number>>;
    readonly items: readonly StatusFinding[];
    readonly citizensFoundAfterDetainer: number;
  };
  readonly falseMatches: FalseMatches;
  readonly disparity: Section & {
    readonly test: string;
    readonly tested: number;
    readonly flagged: number;
    /**
     * Flags by dimension, apart: place-of-birth flags are expected (IDENT holds the foreign-born), race
     * flags are the ones a reader is looking for, and one total hides which is which.
     */
    readonly flaggedByDimension: Readonly<Record<DisparitySignal["dimension"], number>>;
    readonly signals: readonly DisparitySignal[];
  };
  readonly noConviction: Section & {
    readonly total: NoConvictionLevel;
    readonly byLevel: readonly NoConvictionLevel[];
  };
  readonly searchesNotAgreedTo: Section & {
    readonly jurisdictions: readonly UnagreedSearchRow[];
    readonly total: Omit<UnagreedSearchRow, "jurisdictionId" | "name" | "activationStatus">;
  };
  readonly notice: string;
}

export interface AccountabilityOptions {
  readonly state?: string;
  readonly from?: Date;
  readonly to: Date;
  /** When the report is produced: holds still open are measured to this instant. */
  readonly asOf: Date;
  readonly timeZone: string;
  /** The hub's FPIR threshold for an identification. */
  readonly fpirThreshold: number;
  /** YYYY-MM-DD of an instant in the report's zone. */
  readonly dayOf: (iso: string) => string;
  readonly groundTruth?: GroundTruth;
}

const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);

function iaqToIar(rows: AccountabilityRows, monthOf: (iso: string) => string): TimesByMonth {
  const byMonth = new Map<string, number[]>();
  const all: number[] = [];
  let unanswered = 0;
  for (const row of rows.iaqAnswers) {
    if (row.iarAt === null) {
      unanswered++;
      continue;
    }
    const duration = ms(row.iaqAt, row.iarAt);
    all.push(duration);
    const month = monthOf(row.iaqAt);
    byMonth.set(month, [...(byMonth.get(month) ?? []), duration]);
  }
  return {
    method:
      "For every IAQ: time from the IAQ message to the first IAR message of the same booking, in milliseconds; nearest-rank percentiles; grouped by the IAQ's month. IAQs without an IAR are counted as unanswered, not timed.",
    overall: percentiles(all),
    byMonth: [...byMonth]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, values]) => ({ month, ...percentiles(values) })),
    unanswered,
  };
}

function lifecycle(detainers: readonly DetainerRow[]): LifecycleStage[] {
  const stage = (name: string, pick: (d: DetainerRow) => [string | null, string | null]) => {
    const values: number[] = [];
    for (const d of detainers) {
      const [a, b] = pick(d);
      if (a && b) values.push(ms(a, b));
    }
    return { stage: name, ...percentiles(values) };
  };
  return [
    stage("issued → served", (d) => [d.issuedAt, d.servedAt]),
    stage("hold started → hold ended", (d) => [d.holdStartedAt, d.holdStartedAt ? d.closedAt : null]),
    stage("issued → closed (any outcome)", (d) => [d.issuedAt, d.closedAt]),
  ];
}

function holdsPastClock(
  detainers: readonly DetainerRow[],
  asOf: Date,
): AccountabilityReport["holdsPastClock"] {
  const items: HoldOverrun[] = [];
  let holds = 0;
  for (const d of detainers) {
    if (!d.holdStartedAt || !d.holdDeadline) continue;
    holds++;
    const endedAt = d.status === "HOLDING" ? null : d.closedAt;
    const end = endedAt ?? asOf.toISOString();
    const overrunMs = ms(d.holdDeadline, end);
    if (overrunMs > P.holdOverrunToleranceMs)
      items.push({
        detainerId: d.id,
        transactionId: d.transactionId,
        tcn: d.tcn,
        leaOri: d.leaOri,
        status: d.status,
        holdStartedAt: d.holdStartedAt,
        holdDeadline: d.holdDeadline,
        endedAt,
        overrunMs,
      });
  }
  return {
    method: `Every detainer whose hold started: the hold ended (transfer, release, lapse, lift) or, still held, the instant the report was produced, compared with the deadline the hold clock set (48 hours excluding weekends and federal holidays in the facility's zone). Listed when later than the deadline by more than ${P.holdOverrunToleranceMs / 1000} s. Must be zero.`,
    count: items.length,
    holds,
    items,
  };
}

function lifted(detainers: readonly DetainerRow[]): AccountabilityReport["liftedDetainers"] {
  const items = detainers
    .filter((d) => d.status === "LIFTED")
    .map((d) => ({
      detainerId: d.id,
      tcn: d.tcn,
      liftedAt: d.closedAt ?? "",
      reason: d.liftReason ?? "(none recorded)",
      redress: d.redress,
      label: d.label,
    }));
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.reason, (counts.get(item.reason) ?? 0) + 1);
  return {
    method:
      "Detainers whose status is LIFTED, with the reason ERO recorded (US_CITIZEN when a citizenship finding lifted it and opened redress).",
    byReason: [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([reason, count]) => ({ reason, count })),
    items,
  };
}

function citizensAndResidents(rows: AccountabilityRows): AccountabilityReport["citizensAndResidents"] {
  const detainerOf = new Map(rows.detainers.map((d) => [d.transactionId, d]));
  const byStatus: Record<string, number> = Object.fromEntries(P.lawfulStatuses.map((s) => [s, 0]));
  const items: StatusFinding[] = [];
  for (const row of rows.statusFindings) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    const detainer = detainerOf.get(row.transactionId);
    const recordOutcome = row.matchOverturned
      ? "match overturned: the IDENT record was another person's; nothing to correct in it for this person"
      : row.redressReferral
        ? "referred for record correction (redress opened): the IDENT record did not show the citizenship"
        : row.status === "USC"
          ? "IDENT record already showed citizenship; no correction needed"
          : "lawful permanent resident as recorded; no detainer basis";
    items.push({
      transactionId: row.transactionId,
      tcn: row.tcn,
      jurisdictionId: row.jurisdictionId,
      status: row.status,
      determinedAt: row.determinedAt,
      recordOutcome,
      detainer: detainer
        ? `${detainer.status}${detainer.liftReason ? ` (${detainer.liftReason})` : ""}`
        : null,
    });
  }
  // Citizens the LESC missed, found only after a detainer was lodged on them.
  const later = rows.detainers.filter((d) => d.liftReason === "US_CITIZEN");
  for (const d of later) {
    if (items.some((item) => item.transactionId === d.transactionId)) continue;
    byStatus.USC = (byStatus.USC ?? 0) + 1;
    items.push({
      transactionId: d.transactionId,
      tcn: d.tcn,
      jurisdictionId: d.jurisdictionId,
      status: "USC",
      determinedAt: d.closedAt ?? "",
      recordOutcome:
        "citizenship found after the detainer: detainer lifted, redress opened for the IDENT record",
      detainer: `${d.status} (${d.liftReason})`,
    });
  }
  return {
    method:
      "Bookings whose IDENT match led to an LESC determination of US citizen (USC) or lawful permanent resident (LPR), plus people the LESC did not find to be citizens whose detainer was later lifted on a citizenship finding; with what happened to their IDENT record and to any detainer.",
    byStatus,
    items,
    citizensFoundAfterDetainer: later.length,
  };
}

function falseMatches(rows: AccountabilityRows, options: AccountabilityOptions): FalseMatches {
  const s = rows.identSearches;
  const truth = options.groundTruth;
  const wrong = new Set(
    truth ? truth.identMatches.filter((m) => !m.correct).map((m) => m.transactionId) : [],
  );
  const falseOnes = wrong.size;
  const per100k = (value: number) => (s.identSearches === 0 ? null : (value / s.identSearches) * 100_000);
  return {
    method:
      "Predicted: the sum, over IDENT matches, of the FPIR each match carried (the chance that the best of the gallery's non-mated identities scores as high); bound: IDENT searches × the FPIR threshold. Overturned: matches an LESC analyst found to be another person's record. Observed (synthetic runs only): matches that named someone other than the booked person, by the run's ground truth; each produced an IAQ; with the detainers lodged on them.",
    identSearches: s.identSearches,
    identMatches: s.identMatches,
    fpirThreshold: options.fpirThreshold,
    boundAtThreshold: s.identSearches * options.fpirThreshold,
    predicted: s.sumMatchFpir,
    overturnedByAnalysts: s.overturned,
    groundTruth: truth
      ? {
          falseMatches: falseOnes,
          falseMatchIaqs: falseOnes,
          detainersOnFalseMatches: rows.detainers.filter((d) => wrong.has(d.transactionId)).length,
          missedMates: truth.missedMates,
          matedSearches: truth.matedSearches,
        }
      : null,
    per100kSearches: {
      predicted: per100k(s.sumMatchFpir),
      overturned: per100k(s.overturned),
      observed: truth ? per100k(falseOnes) : null,
    },
  };
}

const US_BORN: ReadonlySet<string> = new Set(P.usPlaceOfBirthCodes);

function placeGroup(code: string): string {
  return US_BORN.has(code) ? "US-born" : code;
}

function disparity(rows: readonly DemographicRow[]): AccountabilityReport["disparity"] {
  const { z, alpha, minGroupBookings, minRestBookings } = P.disparity;
  type Tally = { bookings: number; identMatches: number; iaqs: number; detainers: number };
  const groups = new Map<string, Tally>();
  const totals = new Map<string, Tally>();
  const add = (map: Map<string, Tally>, key: string, row: DemographicRow) => {
    const t = map.get(key) ?? { bookings: 0, identMatches: 0, iaqs: 0, detainers: 0 };
    t.bookings += row.bookings;
    t.identMatches += row.identMatches;
    t.iaqs += row.iaqs;
    t.detainers += row.detainers;
    map.set(key, t);
  };
  for (const row of rows) {
    add(totals, row.jurisdictionId, row);
    add(groups, `${row.jurisdictionId}\u0000race\u0000${row.race}`, row);
    add(groups, `${row.jurisdictionId}\u0000placeOfBirth\u0000${placeGroup(row.placeOfBirth)}`, row);
  }
  const candidates: Omit<DisparitySignal, "adjustedP" | "flagged">[] = [];
  for (const [key, tally] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [jurisdictionId, dimension, group] = key.split("\u0000") as [
      string,
      DisparitySignal["dimension"],
      string,
    ];
    const total = totals.get(jurisdictionId)!;
    const restBookings = total.bookings - tally.bookings;
    if (tally.bookings < minGroupBookings || restBookings < minRestBookings) continue;
    for (const measure of ["identMatches", "iaqs", "detainers"] as const) {
      const events = tally[measure];
      const restEvents = total[measure] - events;
      if (events + restEvents === 0) continue;
      candidates.push({
        jurisdictionId,
        dimension,
        group,
        measure,
        bookings: tally.bookings,
        events,
        rate: events / tally.bookings,
        interval: wilsonInterval(events, tally.bookings, z),
        restBookings,
        restRate: restEvents / restBookings,
        pValue: twoProportionPValue(events, tally.bookings, restEvents, restBookings),
      });
    }
  }
  const adjusted = benjaminiHochberg(candidates.map((c) => c.pValue));
  const signals = candidates.map((c, i) => ({
    ...c,
    adjustedP: adjusted[i]!,
    flagged: adjusted[i]! < alpha,
  }));
  return {
    method: `Per jurisdiction, for each race (EBTS 2.025 RAC) and place-of-birth group (US states and territories together as "US-born", other countries one by one) with at least ${minGroupBookings} bookings and ${minRestBookings} others: the share of the group's bookings that led to an IDENT match, an IAQ and a detainer, with a 95 % Wilson interval, against the same share among the jurisdiction's other bookings.`,
    test: `Two-sided pooled two-proportion z test of the group against the rest of its jurisdiction; p-values corrected for the number of tests by Benjamini–Hochberg; flagged when the adjusted p < ${alpha}. A flag asks for review: IDENT holds foreign-born people by design, so place-of-birth differences in match rates are expected, and no flag by itself shows unequal treatment.`,
    tested: signals.length,
    flagged: signals.filter((s) => s.flagged).length,
    flaggedByDimension: {
      race: signals.filter((s) => s.flagged && s.dimension === "race").length,
      placeOfBirth: signals.filter((s) => s.flagged && s.dimension === "placeOfBirth").length,
    },
    signals,
  };
}

function noConviction(detainers: readonly DetainerRow[]): AccountabilityReport["noConviction"] {
  const byLevel = new Map<string, NoConvictionLevel>();
  const total = { detainers: 0, withoutConviction: 0 };
  for (const d of detainers) {
    const label = d.label ?? "None";
    const key = `${d.ruleSet} ${d.version} ${label}`;
    const level = byLevel.get(key) ?? {
      ruleSet: d.ruleSet,
      version: d.version,
      label,
      detainers: 0,
      withoutConviction: 0,
      share: null,
    };
    const next = {
      ...level,
      detainers: level.detainers + 1,
      withoutConviction: level.withoutConviction + (d.hasConviction ? 0 : 1),
    };
    byLevel.set(key, { ...next, share: next.withoutConviction / next.detainers });
    total.detainers++;
    if (!d.hasConviction) total.withoutConviction++;
  }
  return {
    method:
      "Detainers lodged, by the priority level they rest on (rule set and version named); 'without conviction' means the priority inputs ERO weighed (booking charges, criminal history, immigration facts) hold no conviction, only charges or immigration history.",
    total: {
      ruleSet: null,
      version: null,
      label: "All levels",
      ...total,
      share: total.detainers === 0 ? null : total.withoutConviction / total.detainers,
    },
    byLevel: [...byLevel.values()].sort((a, b) => a.label.localeCompare(b.label)),
  };
}

const LAWFUL = new Set(["USC", "LPR"]);

function outcomesOf(searches: readonly JourneyRow[], people: ReadonlySet<string>): SearchOutcomes {
  return {
    people: people.size,
    searches: searches.length,
    identMatches: searches.filter((r) => r.identMatch).length,
    iaqs: searches.filter((r) => r.iaq).length,
    detainers: searches.filter((r) => r.detainer).length,
    citizensOrResidents: searches.filter((r) => r.lescStatus !== null && LAWFUL.has(r.lescStatus)).length,
  };
}

function sumOutcomes(items: readonly SearchOutcomes[]): SearchOutcomes {
  const add = (key: keyof SearchOutcomes) => items.reduce((sum, item) => sum + item[key], 0);
  return {
    people: add("people"),
    searches: add("searches"),
    identMatches: add("identMatches"),
    iaqs: add("iaqs"),
    detainers: add("detainers"),
    citizensOrResidents: add("citizensOrResidents"),
  };
}

/**
 * The deck's tactic made visible: for each jurisdiction whose bookings were held back from IDENT because
 * it was not activated, how many of its arrestees IDENT searched later anyway — at a state correctional
 * facility's intake (the intake names the arresting agency) or at a later arrest in another county whose
 * search applied (the same person in the criminal repository) — and what followed. Reported, not
 * targeted: nothing here steers a search.
 */
export function searchesNotAgreedTo(
  journeys: readonly JourneyRow[],
  jurisdictions: readonly JurisdictionRow[],
): AccountabilityReport["searchesNotAgreedTo"] {
  const names = new Map(jurisdictions.map((j) => [j.id, j]));
  const held = new Map<string, { people: Set<string>; firstAt: Map<string, string> }>();
  for (const row of journeys) {
    if (!row.notActivated) continue;
    const entry = held.get(row.jurisdictionId) ?? { people: new Set(), firstAt: new Map() };
    if (row.personKey !== null) {
      entry.people.add(row.personKey);
      if (!entry.firstAt.has(row.personKey)) entry.firstAt.set(row.personKey, row.receivedAt);
    }
    held.set(row.jurisdictionId, entry);
  }
  // Intakes whose county of arrest had no IDENT search on the arrest day, counted even when that county's
  // own arrest booking is outside the period.
  for (const row of journeys)
    if (
      row.arrestJurisdictionId !== null &&
      row.arrestIdentSearch === false &&
      !held.has(row.arrestJurisdictionId)
    )
      held.set(row.arrestJurisdictionId, { people: new Set(), firstAt: new Map() });
  const searched = journeys.filter((row) => row.identSearched);
  const rows = [...held.entries()].map(([jurisdictionId, entry]): UnagreedSearchRow => {
    const atFacility = searched.filter(
      (row) => row.arrestJurisdictionId === jurisdictionId && row.arrestIdentSearch === false,
    );
    const inOtherCounty = searched.filter(
      (row) =>
        row.personKey !== null &&
        row.siteKind === "COUNTY" &&
        row.jurisdictionId !== jurisdictionId &&
        row.arrestJurisdictionId === null &&
        (entry.firstAt.get(row.personKey) ?? "\uffff") < row.receivedAt,
    );
    const facilityPeople = new Set(atFacility.map((row) => row.personKey ?? row.transactionId));
    const countyPeople = new Set(inOtherCounty.map((row) => row.personKey as string));
    const jurisdiction = names.get(jurisdictionId);
    return {
      jurisdictionId,
      name: jurisdiction?.name ?? jurisdictionId,
      activationStatus: jurisdiction?.activationStatus ?? "UNLISTED",
      arresteesNotSearched: entry.people.size,
      atFacility: outcomesOf(atFacility, facilityPeople),
      inOtherCounty: outcomesOf(inOtherCounty, countyPeople),
      peopleSearchedLater: new Set([...facilityPeople, ...countyPeople]).size,
    };
  });
  rows.sort(
    (a, b) =>
      b.peopleSearchedLater - a.peopleSearchedLater || a.jurisdictionId.localeCompare(b.jurisdictionId),
  );
  return {
    method:
      "Jurisdictions with at least one booking held back from IDENT because the site was not activated on the day (or named as the county of arrest of such a prison intake). " +
      "Arrestees: distinct people among those bookings, a person being the criminal-repository record the booking matched or established. " +
      "At a facility: later IDENT searches at a state correctional facility's intake (EBTS CPNU) whose second 2.073 CRI is an agency of this jurisdiction, arrested on a day the jurisdiction's own search did not apply. " +
      "In another county: later IDENT searches of the same person at an arrest booking in another county whose search applied (any county: adjacency is not computed). " +
      "Outcomes are those searches' IDENT matches, IAQs, detainers and LESC findings of citizen or permanent resident. Reported, not targeted: the hub never routes by these figures.",
    jurisdictions: rows,
    total: {
      arresteesNotSearched: rows.reduce((sum, row) => sum + row.arresteesNotSearched, 0),
      atFacility: sumOutcomes(rows.map((row) => row.atFacility)),
      inOtherCounty: sumOutcomes(rows.map((row) => row.inOtherCounty)),
      peopleSearchedLater: rows.reduce((sum, row) => sum + row.peopleSearchedLater, 0),
    },
  };
}

export function buildAccountabilityReport(
  rows: AccountabilityRows,
  options: AccountabilityOptions,
): AccountabilityReport {
  const reviewTimes = rows.eroReviews.map((r) => ms(r.iarAt, r.reviewedAt));
  const scope = options.state ? `state ${options.state}` : "all states";
  return {
    kind: "accountability",
    // `to` is exclusive: the last day covered is the local day of the instant before it.
    title: `Accountability report — ${scope}, bookings received ${options.from ? `${options.dayOf(options.from.toISOString())} to ` : "through "}${options.dayOf(new Date(options.to.getTime() - 1).toISOString())}`,
    state: options.state ?? null,
    from: options.from?.toISOString() ?? null,
    to: options.to.toISOString(),
    asOf: options.asOf.toISOString(),
    timeZone: options.timeZone,
    iaqToIar: iaqToIar(rows, (iso) => options.dayOf(iso).slice(0, 7)),
    eroReview: {
      method:
        "For every booking ERO reviewed: time from the IAR's arrival to ERO's decision (the booking's closing transition), milliseconds, nearest-rank percentiles.",
      times: percentiles(reviewTimes),
      detainersIssued: rows.eroReviews.filter((r) => r.detainerIssued).length,
    },
    detainerLifecycle: {
      method:
        "Per detainer, the time between its lifecycle events as recorded in its state (issued, served, hold started, closed); nearest-rank percentiles over the detainers that reached both events.",
      stages: lifecycle(rows.detainers),
    },
    holdsPastClock: holdsPastClock(rows.detainers, options.asOf),
    liftedDetainers: lifted(rows.detainers),
    citizensAndResidents: citizensAndResidents(rows),
    falseMatches: falseMatches(rows, options),
    disparity: disparity(rows.demographics),
    noConviction: noConviction(rows.detainers),
    searchesNotAgreedTo: searchesNotAgreedTo(rows.journeys ?? [], rows.jurisdictions),
    notice:
      "SYNTHETIC DATA: every person, booking and record counted here is synthetic. Flags are prompts for review, not findings.",
  };
}
