import { describe, expect, it } from "vitest";
import { buildAccountabilityReport } from "../src/reports/accountability-report.js";
import { accountabilityReportHtml } from "../src/reports/report-html.js";
import type { AccountabilityRows, DemographicRow } from "../src/reports/report-rows.js";
import {
  benjaminiHochberg,
  percentile,
  twoProportionPValue,
  wilsonInterval,
} from "../src/reports/report-statistics.js";

describe("report statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile([], 50)).toBeNull();
  });

  it("gives Wilson intervals (30 of 100: 0.2189–0.3958 at 95 %)", () => {
    const [lo, hi] = wilsonInterval(30, 100, 1.959963984540054);
    expect(lo).toBeCloseTo(0.2189, 4);
    expect(hi).toBeCloseTo(0.3958, 4);
    expect(wilsonInterval(0, 0, 1.96)).toEqual([0, 0]);
  });

  it("gives the pooled two-proportion z test's two-sided p (30/100 against 10/100: z 3.536, p 4.07e-4)", () => {
    expect(twoProportionPValue(30, 100, 10, 100)).toBeCloseTo(4.07e-4, 5);
    expect(twoProportionPValue(10, 100, 10, 100)).toBeCloseTo(1, 6);
    expect(twoProportionPValue(0, 100, 0, 100)).toBe(1);
  });

  it("adjusts p-values by Benjamini–Hochberg", () => {
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.5]);
    expect(adjusted[0]).toBeCloseTo(0.04, 12);
    expect(adjusted[1]).toBeCloseTo(0.04 * (4 / 3), 12);
    expect(adjusted[2]).toBeCloseTo(0.04 * (4 / 3), 12);
    expect(adjusted[3]).toBeCloseTo(0.5, 12);
  });
});

describe("disparity signals", () => {
  const rows = (demographics: DemographicRow[]): AccountabilityRows => ({
    jurisdictions: [],
    iaqAnswers: [],
    eroReviews: [],
    detainers: [],
    statusFindings: [],
    identSearches: { identSearches: 0, identMatches: 0, sumMatchFpir: 0, overturned: 0 },
    demographics,
  });
  const full = (demographics: DemographicRow[]) =>
    buildAccountabilityReport(rows(demographics), {
      to: new Date("2012-01-01T00:00:00Z"),
      asOf: new Date("2012-01-01T00:00:00Z"),
      timeZone: "UTC",
      fpirThreshold: 1e-3,
      dayOf: (iso) => iso.slice(0, 10),
    });
  const report = (demographics: DemographicRow[]) => full(demographics).disparity;
  const row = (race: string, placeOfBirth: string, bookings: number, events: number): DemographicRow => ({
    jurisdictionId: "X",
    race,
    placeOfBirth,
    bookings,
    identMatches: events,
    iaqs: events,
    detainers: 0,
  });

  it("flags a group whose detainer rate differs from the rest of its jurisdiction, with its interval", () => {
    const d = report([
      {
        jurisdictionId: "X",
        race: "W",
        placeOfBirth: "VA",
        bookings: 100,
        identMatches: 10,
        iaqs: 10,
        detainers: 10,
      },
      {
        jurisdictionId: "X",
        race: "B",
        placeOfBirth: "VA",
        bookings: 100,
        identMatches: 10,
        iaqs: 10,
        detainers: 30,
      },
    ]);
    const black = d.signals.find(
      (s) => s.dimension === "race" && s.group === "B" && s.measure === "detainers",
    )!;
    expect(black).toMatchObject({
      bookings: 100,
      events: 30,
      rate: 0.3,
      restBookings: 100,
      restRate: 0.1,
      flagged: true,
    });
    expect(black.pValue).toBeCloseTo(4.07e-4, 5);
    expect(black.interval[0]).toBeCloseTo(0.2189, 4);
    const matches = d.signals.find((s) => s.group === "B" && s.measure === "identMatches")!;
    expect(matches.flagged).toBe(false);
    // B's detainer rate against W's, and W's against B's: two race flags, counted apart from place of birth.
    expect(d.flaggedByDimension).toEqual({ race: 2, placeOfBirth: 0 });
    // Both US-born: one place-of-birth group covering the whole jurisdiction, so nothing to compare it with.
    expect(d.signals.some((s) => s.dimension === "placeOfBirth")).toBe(false);
  });

  it("groups US states together and leaves groups (or their complement) under 30 bookings untested", () => {
    const d = report([
      {
        jurisdictionId: "X",
        race: "W",
        placeOfBirth: "VA",
        bookings: 40,
        identMatches: 0,
        iaqs: 0,
        detainers: 0,
      },
      {
        jurisdictionId: "X",
        race: "W",
        placeOfBirth: "TX",
        bookings: 40,
        identMatches: 1,
        iaqs: 1,
        detainers: 0,
      },
      {
        jurisdictionId: "X",
        race: "W",
        placeOfBirth: "MX",
        bookings: 40,
        identMatches: 20,
        iaqs: 20,
        detainers: 5,
      },
      {
        jurisdictionId: "X",
        race: "A",
        placeOfBirth: "CH",
        bookings: 10,
        identMatches: 5,
        iaqs: 5,
        detainers: 1,
      },
    ]);
    const groups = new Set(d.signals.map((s) => `${s.dimension}:${s.group}`));
    // Race W has 120 bookings but only 10 others to compare with; race A has 10.
    expect(groups).toEqual(new Set(["placeOfBirth:US-born", "placeOfBirth:MX"]));
    expect(d.signals.find((s) => s.group === "US-born" && s.measure === "identMatches")?.bookings).toBe(80);
  });

  it("counts race and place-of-birth flags apart, and shows them in two tables", async () => {
    // Born in MX: 20 of 40 matched against 2 of 80 US-born. Race W (both places of birth) has 21 of 80
    // matched against race B's 1 of 40. Detainers are all 0, so only matches and IAQs are tested: 8 tests.
    const demographics = [row("W", "VA", 40, 1), row("W", "MX", 40, 20), row("B", "VA", 40, 1)];
    const r = full(demographics);
    // US-born against MX and MX against US-born, each on matches and on IAQs; W against B (z ≈ 3.2,
    // p ≈ 0.0015) and B against W on each measure are flagged too after the correction.
    expect(r.disparity.flaggedByDimension).toEqual({ race: 4, placeOfBirth: 4 });
    expect(r.disparity.flagged).toBe(8);
    const html = await accountabilityReportHtml(r);
    expect(html).toContain("8 flagged of 8 tested (4 by race, 4 by place of birth)");
    const race = html.slice(html.indexOf("<h3>By race</h3>"), html.indexOf("<h3>By place of birth</h3>"));
    const birth = html.slice(html.indexOf("<h3>By place of birth</h3>"));
    expect(race).toContain("race: B");
    expect(race).not.toContain("place of birth: MX");
    expect(birth).toContain("place of birth: MX");
  });
});
