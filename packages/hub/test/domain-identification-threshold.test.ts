import { describe, expect, it } from "vitest";
import { decideIdentification } from "../src/domain/identification-decision.js";
import {
  MEASURED_THRESHOLDS,
  type MeasuredThreshold,
  measuredScoreThreshold,
} from "../src/domain/identification-threshold.js";
import { DomainInputError } from "../src/index.js";

const row = (
  gallerySize: number,
  fusedScoreThreshold: number,
  distractors = "competing",
): MeasuredThreshold => ({
  gallerySize,
  distractors,
  targetFpir: 1e-3,
  fusedScoreThreshold,
  measuredAtTarget: true,
  nonMatedSearches: 10_000,
  fpirUpper95: 1.6e-3,
});

describe("measuredScoreThreshold", () => {
  const table = [row(100_000, 6), row(10_000, 5), row(100_000, 6.5, "other")];

  it("takes the smallest measured gallery at least as large, the strictest source of that size", () => {
    expect(measuredScoreThreshold(10, table)).toBe(5);
    expect(measuredScoreThreshold(10_000, table)).toBe(5);
    expect(measuredScoreThreshold(10_001, table)).toBe(6.5);
    expect(measuredScoreThreshold(100_000, table)).toBe(6.5);
  });

  it("adds one per tenfold beyond the largest measured gallery", () => {
    expect(measuredScoreThreshold(1_000_000, table)).toBeCloseTo(7.5, 12);
    expect(measuredScoreThreshold(10_000_000, table)).toBeCloseTo(8.5, 12);
  });

  it("never falls as the gallery grows", () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (const n of [0, 1, 999, 10_000, 50_000, 100_000, 300_000, 5_000_000]) {
      const t = measuredScoreThreshold(n);
      expect(t).toBeGreaterThanOrEqual(previous);
      previous = t;
    }
  });

  it("refuses what is not a gallery size, and an empty table", () => {
    expect(() => measuredScoreThreshold(-1, table)).toThrow(DomainInputError);
    expect(() => measuredScoreThreshold(1.5, table)).toThrow(DomainInputError);
    expect(() => measuredScoreThreshold(10, [])).toThrow(DomainInputError);
  });
});

describe("the checked-in table", () => {
  it("holds bench rows for FPIR 1e-3 with their evidence", () => {
    expect(MEASURED_THRESHOLDS.length).toBeGreaterThan(0);
    for (const r of MEASURED_THRESHOLDS) {
      expect(r.targetFpir).toBe(1e-3);
      expect(r.gallerySize).toBeGreaterThanOrEqual(1_000);
      expect(r.nonMatedSearches).toBeGreaterThan(0);
      expect(Number.isFinite(r.fusedScoreThreshold)).toBe(true);
      expect(r.fpirUpper95).toBeGreaterThan(0);
    }
  });
});

describe("decideIdentification with the measured threshold", () => {
  const gallerySize = 100_000;
  const threshold = measuredScoreThreshold(gallerySize);
  const candidate = (fusedScore: number) => ({ identity: "P", fusedScore, fmr: 1e-12, fpir: 1e-7 });

  it("identifies a candidate whose estimate and score both pass", () => {
    const match = decideIdentification({ gallerySize, candidates: [candidate(threshold + 0.01)] });
    expect(match?.identity).toBe("P");
  });

  it("refuses a candidate whose FPIR estimate passes but whose score is below the measured threshold", () => {
    expect(decideIdentification({ gallerySize, candidates: [candidate(threshold - 0.01)] })).toBeNull();
    // An explicit floor replaces the table's.
    expect(
      decideIdentification({ gallerySize, candidates: [candidate(threshold - 0.01)] }, 1e-3, 0),
    ).not.toBeNull();
  });
});
