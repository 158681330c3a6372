import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubDatabaseHandle } from "../src/index.js";
import type { AccountabilityReport } from "../src/reports/accountability-report.js";
import type { MonthlyReport } from "../src/reports/monthly-report.js";
import {
  accountabilityReportCsv,
  flattenJson,
  monthlyReportCsv,
  parseCsv,
} from "../src/reports/report-csv.js";
import { produceAccountabilityReport, produceMonthlyReport } from "../src/reports/report-production.js";
import { transactionIdOf, writeHistory } from "./reports-history.js";
import { BACKENDS } from "./storage-backends.js";

const H = 3_600_000;
const ZONE = "America/New_York";
/** The end of March 2011 in New York: the accountability report's window and measuring instant. */
const END = new Date("2011-04-01T04:00:00Z");

interface Produced {
  monthlyVa: MonthlyReport;
  monthlyAll: MonthlyReport;
  accountability: AccountabilityReport;
}

const produced = new Map<string, Produced>();
const handles: HubDatabaseHandle[] = [];

beforeAll(async () => {
  for (const backend of BACKENDS) {
    const handle = await backend.open();
    handles.push(handle);
    await writeHistory(handle);
    produced.set(backend.name, {
      monthlyVa: await produceMonthlyReport(handle.db, { month: "2011-03", state: "VA", timeZone: ZONE }),
      monthlyAll: await produceMonthlyReport(handle.db, { month: "2011-03", timeZone: ZONE }),
      accountability: await produceAccountabilityReport(handle.db, {
        state: "va",
        timeZone: ZONE,
        to: END,
        asOf: END,
        groundTruth: {
          // B05 (overturned) and B06 (a detainer, lifted) named someone else; B03 was right.
          identMatches: [
            { transactionId: transactionIdOf(6), correct: false },
            { transactionId: transactionIdOf(7), correct: false },
            { transactionId: transactionIdOf(4), correct: true },
          ],
          missedMates: 1,
          matedSearches: 7,
        },
      }),
    });
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(handles.map((handle) => handle.close()));
});

const pglite = () => produced.get("pglite")!;
const va = () => pglite().monthlyVa.states.find((s) => s.state === "VA")!;
const line = (id: string) => va().jurisdictions.find((j) => j.id === id)!;

describe("monthly report figures from a hand-built history (2011-03, America/New_York)", () => {
  it("counts submissions per jurisdiction and state, the booking at 22:00 on 31 March included", () => {
    expect(line("VA001").month.submissions).toBe(6);
    expect(line("VA003").month.submissions).toBe(3);
    expect(line("VA005").month.submissions).toBe(1);
    expect(va().month.submissions).toBe(10);
  });

  it("counts IDENT searches only for bookings of activated jurisdictions", () => {
    expect(line("VA001").month.identSearches).toBe(6);
    expect(line("VA003").month.identSearches).toBe(2);
    expect(line("VA005").month.identSearches).toBe(0);
    expect(va().month.identSearches).toBe(8);
  });

  it("counts IDENT matches and the match rate per search", () => {
    expect(line("VA001").month.identMatches).toBe(5);
    expect(line("VA001").month.matchRate).toBeCloseTo(5 / 6, 12);
    expect(line("VA003").month.matchRate).toBe(1);
    expect(line("VA005").month.matchRate).toBeNull();
    expect(va().month.matchRate).toBeCloseTo(7 / 8, 12);
  });

  it("counts IAQs (one per match) and IARs, an unanswered IAQ included only in the IAQs", () => {
    expect(line("VA003").month.iaqs).toBe(2);
    expect(line("VA003").month.iars).toBe(1);
    expect(va().month.iaqs).toBe(7);
    expect(va().month.iars).toBe(6);
  });

  it("breaks IARs down by the determined status", () => {
    expect(line("VA001").month.iarsByStatus).toEqual({
      USC: 1,
      LPR: 0,
      NIV: 0,
      RFG: 0,
      REM: 3,
      FOR: 0,
      UNK: 1,
    });
    expect(line("VA003").month.iarsByStatus.FOR).toBe(1);
  });

  it("counts detainers issued, served, lifted and lapsed in the month they happened", () => {
    expect(line("VA001").month.detainers).toEqual({ issued: 3, served: 3, lifted: 2, lapsed: 1 });
    expect(va().month.detainers).toEqual({ issued: 4, served: 4, lifted: 2, lapsed: 1 });
  });

  it("breaks matches down by the level ERO assigned, unreviewed ones apart", () => {
    expect(line("VA001").month.matchesByLevel).toEqual({ "Level 1": 2, "Level 2": 1, "Level 3": 1, None: 1 });
    expect(line("VA003").month.matchesByLevel).toEqual({ "Level 1": 1, "Not reviewed": 1 });
  });

  it("breaks detainers issued down by level and names the rule set and version", () => {
    expect(line("VA001").month.detainersByLevel).toEqual({ "Level 1": 2, "Level 2": 1 });
    expect(pglite().monthlyVa.ruleSets).toEqual([{ ruleSet: "SC_2008", version: "2008.1" }]);
  });

  it("totals since activation leave out bookings received before it", () => {
    const alpha = line("VA001").sinceActivation!;
    expect(alpha).toMatchObject({ submissions: 8, identSearches: 8, identMatches: 6, iaqs: 6, iars: 6 });
    expect(alpha.detainers).toEqual({ issued: 4, served: 4, lifted: 2, lapsed: 1 });
    expect(alpha.detainersByLevel).toEqual({ "Level 1": 3, "Level 2": 1 });
    expect(line("VA003").sinceActivation!.submissions).toBe(2);
    expect(line("VA003").activatedOn).toBe("2011-03-10");
    expect(line("VA005").sinceActivation).toBeNull();
    expect(va().sinceActivation).toMatchObject({ submissions: 10, identMatches: 8 });
    expect(va().activatedJurisdictions).toBe(2);
  });

  it("gives the state's trend month by month from its first booking", () => {
    expect(va().trend).toEqual([
      { month: "2011-01", submissions: 1, identMatches: 0, matchRate: null, detainersIssued: 0 },
      { month: "2011-02", submissions: 2, identMatches: 1, matchRate: 0.5, detainersIssued: 1 },
      { month: "2011-03", submissions: 10, identMatches: 7, matchRate: 7 / 8, detainersIssued: 4 },
    ]);
  });

  it("reports only the requested state, and every state without one", () => {
    expect(pglite().monthlyVa.states.map((s) => s.state)).toEqual(["VA"]);
    expect(pglite().monthlyAll.states.map((s) => s.state)).toEqual(["MD", "VA"]);
    expect(pglite().monthlyAll.totals.month.submissions).toBe(11);
  });
});

describe("accountability figures from the same history", () => {
  const report = () => pglite().accountability;

  it("times IAQ → IAR with nearest-rank percentiles, overall and by month", () => {
    expect(report().iaqToIar.overall).toEqual({ count: 7, p50: 4 * H, p90: 10 * H, p99: 10 * H });
    expect(report().iaqToIar.unanswered).toBe(1);
    expect(report().iaqToIar.byMonth).toEqual([
      { month: "2011-02", count: 1, p50: 10 * H, p90: 10 * H, p99: 10 * H },
      { month: "2011-03", count: 6, p50: 3 * H, p90: 8 * H, p99: 8 * H },
    ]);
  });

  it("times ERO's review from the IAR", () => {
    expect(report().eroReview.times).toEqual({ count: 7, p50: 4 * H, p90: 20 * H, p99: 20 * H });
    expect(report().eroReview.detainersIssued).toBe(5);
  });

  it("times the detainer lifecycle", () => {
    const [served, hold, closed] = report().detainerLifecycle.stages;
    expect(served).toMatchObject({ count: 5, p50: 0, p99: 0 });
    expect(hold).toEqual({
      stage: "hold started → hold ended",
      count: 2,
      p50: 19 * H,
      p90: 96 * H + 30_000,
      p99: 96 * H + 30_000,
    });
    const issuedToClosed = [
      ["2011-02-21T21:00:01Z", "2011-03-01T17:00:30Z"],
      ["2011-03-02T21:00:01Z", "2011-03-21T09:00:00Z"],
      ["2011-03-21T02:00:01Z", "2011-03-25T12:00:00Z"],
      ["2011-03-08T21:00:01Z", "2011-03-09T20:00:00Z"],
    ]
      .map(([a, b]) => Date.parse(b!) - Date.parse(a!))
      .sort((a, b) => a - b);
    expect(closed).toMatchObject({ count: 4, p50: issuedToClosed[1], p90: issuedToClosed[3] });
  });

  it("lists every hold past its clock: the one still held, not the lapse recorded 30 s late", () => {
    const holds = report().holdsPastClock;
    expect(holds.holds).toBe(3);
    expect(holds.count).toBe(1);
    expect(holds.items[0]).toMatchObject({ tcn: "B08", status: "HOLDING", endedAt: null, overrunMs: 40 * H });
  });

  it("lists lifted detainers with the reason", () => {
    expect(report().liftedDetainers.byReason).toEqual([
      { reason: "PROSECUTORIAL_DISCRETION", count: 1 },
      { reason: "US_CITIZEN", count: 1 },
    ]);
    expect(report().liftedDetainers.items.find((i) => i.reason === "US_CITIZEN")?.redress).toBe(true);
  });

  it("lists citizens and residents found after a match, and what happened to their record", () => {
    const c = report().citizensAndResidents;
    expect(c.byStatus).toEqual({ USC: 2, LPR: 0 });
    expect(c.citizensFoundAfterDetainer).toBe(1);
    expect(c.items.map((i) => i.tcn).sort()).toEqual(["B04", "B13"]);
    expect(c.items.find((i) => i.tcn === "B04")?.recordOutcome).toMatch(/referred for record correction/);
    expect(c.items.find((i) => i.tcn === "B13")?.detainer).toBe("LIFTED (US_CITIZEN)");
  });

  it("sets the false matches predicted by the reported FPIRs against those overturned and the ground truth", () => {
    const f = report().falseMatches;
    expect(f).toMatchObject({
      identSearches: 10,
      identMatches: 8,
      overturnedByAnalysts: 1,
      fpirThreshold: 1e-3,
    });
    expect(f.predicted).toBeCloseTo(3.56e-4, 12);
    expect(f.boundAtThreshold).toBeCloseTo(0.01, 12);
    expect(f.groundTruth).toEqual({
      falseMatches: 2,
      falseMatchIaqs: 2,
      detainersOnFalseMatches: 1,
      missedMates: 1,
      matedSearches: 7,
    });
    expect(f.per100kSearches.predicted).toBeCloseTo(3.56, 9);
    expect(f.per100kSearches.observed).toBeCloseTo(20_000, 9);
  });

  it("counts detainers on people with no conviction, by level", () => {
    const nc = report().noConviction;
    expect(nc.total).toMatchObject({ detainers: 5, withoutConviction: 1, share: 0.2 });
    expect(nc.byLevel.map((l) => [l.label, l.detainers, l.withoutConviction])).toEqual([
      ["Level 1", 4, 0],
      ["Level 2", 1, 1],
    ]);
  });

  it("tests no group too small to test", () => {
    expect(report().disparity.tested).toBe(0);
  });
});

describe("the same history on PGlite and PostgreSQL", () => {
  it("gives the same monthly and accountability reports", () => {
    const [a, b] = [produced.get("pglite")!, produced.get("postgres")!];
    expect(b.monthlyVa).toEqual(a.monthlyVa);
    expect(b.monthlyAll).toEqual(a.monthlyAll);
    expect(b.accountability).toEqual(a.accountability);
  });
});

describe("CSV and JSON agree", () => {
  it("monthly: every row of the CSV carries the JSON's figures", () => {
    const report = pglite().monthlyVa;
    const [header, ...rows] = parseCsv(monthlyReportCsv(report));
    const col = (row: string[], name: string) => row[header!.indexOf(name)]!;
    expect(rows).toHaveLength(2 + 5);
    for (const row of rows) {
      const state = report.states.find((s) => s.state === col(row, "state"))!;
      const holder =
        col(row, "jurisdiction_id") === "ALL"
          ? state
          : state.jurisdictions.find((j) => j.id === col(row, "jurisdiction_id"))!;
      const f = col(row, "period") === "month" ? holder.month : holder.sinceActivation!;
      expect(Number(col(row, "submissions"))).toBe(f.submissions);
      expect(Number(col(row, "ident_matches"))).toBe(f.identMatches);
      expect(col(row, "match_rate")).toBe(f.matchRate === null ? "" : String(f.matchRate));
      expect(Number(col(row, "iars_REM"))).toBe(f.iarsByStatus.REM);
      expect(Number(col(row, "detainers_lapsed"))).toBe(f.detainers.lapsed);
      expect(Number(col(row, "matches_Level 1"))).toBe(f.matchesByLevel["Level 1"] ?? 0);
      expect(col(row, "rule_sets")).toBe("SC_2008 2008.1");
    }
  });

  it("accountability: the long CSV holds every figure of the JSON", () => {
    const report = pglite().accountability;
    const [header, ...rows] = parseCsv(accountabilityReportCsv(report));
    expect(header).toEqual(["section", "figure", "value"]);
    const leaves = flattenJson(report);
    expect(rows).toHaveLength(leaves.length);
    rows.forEach((row, i) => {
      const [path, value] = leaves[i]!;
      expect(row[0] === "report" ? row[1] : `${row[0]}.${row[1]}`).toBe(path);
      expect(row[2]).toBe(value === null ? "" : String(value));
    });
  });
});
