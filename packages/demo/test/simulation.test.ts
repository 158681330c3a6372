import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccountabilityReport, GroundTruth, MonthlyReport } from "@tenprint/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initialisedDataDir } from "../../hub/test/storage-backends.js";
import { type SimulationSummary, simulateYear } from "../src/simulation/simulated-year.js";
import { synthTemplates } from "../src/simulation/simulation-templates.js";

/** A small simulated year through the real services: its reports must agree with its own ground truth. */
describe("a simulated year", () => {
  let dataDir: string;
  let out: string;
  let summary: SimulationSummary;
  const read = <T>(name: string) => JSON.parse(readFileSync(join(out, name), "utf8")) as T;

  beforeAll(async () => {
    dataDir = await initialisedDataDir();
    out = mkdtempSync(join(tmpdir(), "tenprint-simulation-"));
    summary = await simulateYear({
      state: "VA",
      year: 2011,
      bookings: 60,
      identIdentities: 1500,
      criminalIdentities: 800,
      people: 300,
      database: { dataDir },
      outputDir: out,
      formats: ["json"],
      searchThreads: 1,
    });
  }, 900_000);
  afterAll(() => {
    for (const dir of [dataDir, out]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs every booking through the workflow without a failed job", () => {
    expect(summary.bookings).toBe(60);
    expect(summary.failedJobs).toBe(0);
    expect(summary.galleries.ident).toBeGreaterThanOrEqual(1500);
    expect(summary.identSearches).toBeGreaterThan(0);
    expect(summary.identMatches).toBeGreaterThan(0);
  });

  it("writes twelve monthly reports whose submissions add up to the year's bookings", () => {
    const months = Array.from({ length: 12 }, (_, i) =>
      read<MonthlyReport>(`monthly-VA-2011-${String(i + 1).padStart(2, "0")}.json`),
    );
    expect(months.reduce((sum, m) => sum + m.totals.month.submissions, 0)).toBe(60);
    const december = months[11]!.totals.sinceActivation;
    expect(december.identMatches).toBe(summary.identMatches);
    expect(december.detainers.issued).toBe(summary.detainers);
    expect(months.every((m) => m.ruleSets.every((r) => r.ruleSet === "SC_2008"))).toBe(true);
  });

  it("keeps every hold within its clock and reports false matches as the ground truth counts them", () => {
    const accountability = read<AccountabilityReport>("accountability-VA-2011.json");
    const truth = read<GroundTruth>("ground-truth.json");
    expect(accountability.holdsPastClock.count).toBe(0);
    const falseMatches = truth.identMatches.filter((m) => !m.correct).length;
    expect(summary.falseMatchIaqs).toBe(falseMatches);
    expect(accountability.falseMatches.groundTruth?.falseMatches).toBe(falseMatches);
    expect(truth.identMatches).toHaveLength(summary.identMatches);
    expect(accountability.iaqToIar.overall.count + accountability.iaqToIar.unanswered).toBe(
      summary.identMatches,
    );
  });
});

describe("a simulated year stopped early", () => {
  it("takes no bookings after the stop, finishes their work and reports what was booked", async () => {
    const dataDir = await initialisedDataDir();
    const out = mkdtempSync(join(tmpdir(), "tenprint-simulation-stop-"));
    try {
      // Stop once bookings have asked for 12 probes (impressions after the enrolled one): each booking asks
      // for its own once (a booking made after the stop would be the 13th).
      const stop = new AbortController();
      const templates = synthTemplates(7, 1);
      let probes = 0;
      const summary = await simulateYear({
        state: "VA",
        year: 2011,
        bookings: 60,
        identIdentities: 600,
        criminalIdentities: 300,
        people: 200,
        database: { dataDir },
        outputDir: out,
        formats: ["json"],
        searchThreads: 1,
        signal: stop.signal,
        templates: {
          fingers(identity, impression) {
            if (impression > 1 && ++probes >= 12) stop.abort();
            return templates.fingers(identity, impression);
          },
          distractors: templates.distractors,
        },
      });
      expect(summary.stoppedEarly?.requestedBookings).toBe(60);
      expect(summary.bookings).toBeGreaterThan(0);
      expect(summary.bookings).toBeLessThanOrEqual(12);
      expect(summary.failedJobs).toBe(0);
      // Monthly reports up to the month the stopped year's work ended in, none after it.
      const written = summary.files.filter((f) => f.startsWith("monthly-VA-2011-"));
      const lastMonth = Number(summary.stoppedEarly!.lastBookingAt.slice(5, 7));
      expect(written.length).toBeGreaterThanOrEqual(lastMonth);
      expect(written.length).toBeLessThan(12);
      expect(readdirSync(out).filter((f) => f.startsWith("monthly-"))).toEqual(written);
      const months = written.map(
        (name) => JSON.parse(readFileSync(join(out, name), "utf8")) as MonthlyReport,
      );
      expect(months.reduce((sum, m) => sum + m.totals.month.submissions, 0)).toBe(summary.bookings);
      // The accountability report covers the bookings made, up to the day of the last one, not the year.
      const accountability = JSON.parse(
        readFileSync(join(out, "accountability-VA-2011.json"), "utf8"),
      ) as AccountabilityReport;
      const lastDay = summary.stoppedEarly!.lastBookingAt.slice(0, 10);
      expect(accountability.to > summary.stoppedEarly!.lastBookingAt).toBe(true);
      expect(accountability.to < "2011-12-31").toBe(true);
      expect(accountability.title).not.toContain("2011-12-31");
      expect(accountability.title).toMatch(/ to 2011-\d\d-\d\d$/);
      expect(lastDay <= accountability.to.slice(0, 10)).toBe(true);
    } finally {
      for (const dir of [dataDir, out]) rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
