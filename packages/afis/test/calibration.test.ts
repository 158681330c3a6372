import { describe, expect, it } from "vitest";
import {
  calibratedFmr,
  DEFAULT_CALIBRATION,
  envelopeCalibration,
  fitScoreCalibration,
  fmrForFpir,
  fmrForScore,
  fpirForFmr,
  fusedFmr,
  thresholdForFmr,
} from "../src/index.js";
import { seededRandom } from "./support/synthetic-prints.js";

describe("score calibration", () => {
  // Exponential impostor scores: FMR(s) = e^(−s), known exactly.
  const random = seededRandom(3);
  const impostors = Array.from({ length: 20_000 }, () => -Math.log(1 - random()));
  const calibration = fitScoreCalibration(impostors, "exponential test scores");

  it("recovers a known impostor distribution", () => {
    for (const s of [1, 2, 4, 6]) expect(Math.log(fmrForScore(s, calibration))).toBeCloseTo(-s, 0);
    // Extrapolated beyond the data.
    expect(Math.log10(fmrForScore(14, calibration))).toBeGreaterThan(-7.5);
    expect(Math.log10(fmrForScore(14, calibration))).toBeLessThan(-5);
  });

  it("is monotone and thresholdForFmr inverts it", () => {
    for (const c of [calibration, DEFAULT_CALIBRATION]) {
      let previous = 1;
      for (let s = 0; s < 60; s += 0.25) {
        const fmr = fmrForScore(s, c);
        expect(fmr).toBeLessThanOrEqual(previous);
        previous = fmr;
      }
      for (const target of [0.1, 1e-2, 1e-3, 1e-4, 1e-6]) {
        expect(fmrForScore(thresholdForFmr(target, c), c)).toBeCloseTo(target, 8);
      }
      expect(thresholdForFmr(1e-4, c)).toBeGreaterThan(thresholdForFmr(1e-2, c));
    }
    expect(() => thresholdForFmr(0)).toThrow(RangeError);
  });

  it("reports an upper bound instead of extrapolating below the smallest observed FMR", () => {
    const floor = 1 / calibration.impostorCount;
    expect(calibratedFmr(4, calibration)).toEqual({ fmr: fmrForScore(4, calibration), extrapolated: false });
    expect(calibratedFmr(14, calibration)).toEqual({ fmr: floor, extrapolated: true });
    expect(calibratedFmr(1000, calibration)).toEqual({ fmr: floor, extrapolated: true });
    const strong = calibratedFmr(60);
    expect(strong.extrapolated).toBe(true);
    expect(strong.fmr).toBe(1 / DEFAULT_CALIBRATION.impostorCount);
  });

  it("fuses fingers with Fisher's method and scales to gallery size", () => {
    expect(fusedFmr([0.5])).toBeCloseTo(0.5, 10);
    expect(fusedFmr([1, 1, 1])).toBeCloseTo(1, 10);
    // Two fingers at 1e-3 are stronger evidence than one.
    expect(fusedFmr([1e-3, 1e-3])).toBeLessThan(1e-3);
    expect(fusedFmr([1e-3, 1e-3])).toBeGreaterThan(1e-6);
    expect(fpirForFmr(1e-6, 1)).toBeCloseTo(1e-6, 12);
    expect(fpirForFmr(1e-6, 100_000)).toBeCloseTo(1 - Math.exp(-0.1), 6);
    expect(fpirForFmr(fmrForFpir(0.01, 50_000), 50_000)).toBeCloseTo(0.01, 10);
  });

  it("takes the largest FMR of several populations at every score, tails included", () => {
    // A second population whose impostors score twice as high, with a heavier tail.
    const heavier = fitScoreCalibration(
      impostors.map((s) => 2 * s),
      "doubled exponential test scores",
    );
    const envelope = envelopeCalibration([calibration, heavier], "both");
    expect(envelope.impostorCount).toBe(Math.min(calibration.impostorCount, heavier.impostorCount));
    let previous = 1;
    for (let s = 0; s < 80; s += 0.1) {
      const fmr = fmrForScore(s, envelope);
      expect(fmr).toBeLessThanOrEqual(previous);
      for (const part of [calibration, heavier]) {
        expect(Math.log10(fmr)).toBeGreaterThanOrEqual(Math.log10(fmrForScore(s, part)) - 1e-9);
      }
      previous = fmr;
    }
    expect(fmrForScore(12, envelope)).toBeCloseTo(fmrForScore(12, heavier), 10);
    expect(() => envelopeCalibration([], "none")).toThrow();
  });
});
