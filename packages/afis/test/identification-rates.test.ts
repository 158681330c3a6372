import { describe, expect, it } from "vitest";
import {
  detCurve,
  detPlotSvg,
  fnirAt,
  fnirAtFpir,
  fpirAt,
  hubDecisionRates,
  kolmogorovSurvival,
  type MatedSearch,
  type NonMatedSearch,
  rankOneRate,
  scoreAtFmr,
  thresholdForFpir,
  twoSampleKs,
} from "../src/index.js";

const mated = (rank: number | null, score: number, fpir = 1): MatedSearch => ({
  mateRank: rank,
  mateScore: rank === null ? Number.NEGATIVE_INFINITY : score,
  mateFpir: rank === null ? Number.POSITIVE_INFINITY : fpir,
});
const nonMated = (score: number, fpir = 1): NonMatedSearch => ({ topScore: score, topFpir: fpir });

describe("1:N identification rates", () => {
  // Ten non-mated searches with top scores 1…10; four mated searches.
  const non = Array.from({ length: 10 }, (_, i) => nonMated(i + 1, i === 9 ? 1e-4 : 0.5));
  const mates = [mated(1, 20, 1e-6), mated(1, 9.5, 0.01), mated(2, 30, 1e-8), mated(null, 0)];

  it("counts FPIR and FNIR at a threshold as NIST defines them", () => {
    expect(fpirAt(non, 8)).toBeCloseTo(0.3);
    expect(fpirAt(non, 10.5)).toBe(0);
    // Mate at rank 2 counts at any rank, not at rank 1; the absent mate always misses.
    expect(fnirAt(mates, 9)).toBeCloseTo(0.25);
    expect(fnirAt(mates, 9, 1)).toBeCloseTo(0.5);
    expect(fnirAt(mates, 25)).toBeCloseTo(0.75);
  });

  it("sets the threshold just above the scores it must reject", () => {
    // FPIR 0.2 allows 2 of 10: threshold just above 8, so 9 and 10 reach it.
    const t = thresholdForFpir(non, 0.2)!;
    expect(t).toBeGreaterThan(8);
    expect(t).toBeLessThan(8.000001);
    expect(fpirAt(non, t)).toBeCloseTo(0.2);
    // 0.1 of 10 allows one; 0.05 of 10 allows none, which 10 searches cannot measure.
    expect(fpirAt(non, thresholdForFpir(non, 0.1)!)).toBeCloseTo(0.1);
    expect(thresholdForFpir(non, 0.05)).toBeNull();
    expect(fnirAtFpir(mates, non, 0.05)).toBeNull();
    const point = fnirAtFpir(mates, non, 0.1)!;
    expect(point.fpir).toBeCloseTo(0.1);
    expect(point.fnir).toBeCloseTo(0.25); // 9.5 ≥ just above 9; only the absent mate misses
    expect(fnirAtFpir(mates, non, 0.1, 1)!.fnir).toBeCloseTo(0.5);
  });

  it("counts the rank-1 rate and the hub's own decision", () => {
    expect(rankOneRate(mates)).toBeCloseTo(0.5);
    // Hub threshold 1e-3: one non-mated top (1e-4) identifies; only the first mate is rank 1 and ≤ 1e-3.
    const hub = hubDecisionRates(mates, non, 1e-3);
    expect(hub.fpir).toBeCloseTo(0.1);
    expect(hub.fnir).toBeCloseTo(0.75);
  });

  it("draws a DET curve whose FPIR falls as the threshold rises", () => {
    const curve = detCurve(mates, non);
    expect(curve).toHaveLength(10);
    expect(curve[0]).toMatchObject({ threshold: 1, fpir: 1, fnir: 0.25 });
    expect(curve[9]).toMatchObject({ threshold: 10, fpir: 0.1 });
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.fpir).toBeLessThan(curve[i - 1]!.fpir);
    const svg = detPlotSvg("test <DET>", [{ label: "a & b", points: curve }]);
    expect(svg).toContain("<svg");
    expect(svg).toContain("<title>test &lt;DET&gt;</title>");
    expect(svg).toContain("a &amp; b");
    expect(svg.match(/<path /g)).toHaveLength(1);
  });

  it("draws zero rates in their own bands, one row per curve, so equal curves stay apart", () => {
    const zero = [
      { fpir: 0, fnir: 0 },
      { fpir: 0.01, fnir: 0 },
      { fpir: 1, fnir: 0 },
    ];
    const svg = detPlotSvg("zeros", [
      { label: "rolled", points: zero },
      { label: "plain", points: zero },
    ]);
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    const ys = paths.map((d) => new Set([...d.matchAll(/,([\d.]+)/g)].map((m) => m[1])));
    // Each curve is flat (FNIR 0 throughout) and on a row of its own.
    expect(ys[0]!.size).toBe(1);
    expect(ys[1]!.size).toBe(1);
    expect([...ys[0]!][0]).not.toBe([...ys[1]!][0]);
    // FPIR 0 is a marker left of the log axis, not joined to the curve that starts at the smallest FPIR.
    const xs = [...paths[0]!.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(2);
    const zeroMarker = /<circle cx="([\d.]+)"/.exec(svg);
    expect(Number(zeroMarker![1])).toBeLessThan(xs[0]!);
    expect(svg).toContain("FNIR = 0");
  });

  it("refuses empty inputs", () => {
    expect(() => fpirAt([], 1)).toThrow(RangeError);
    expect(() => fnirAt([], 1)).toThrow(RangeError);
    expect(() => thresholdForFpir(non, 0)).toThrow(RangeError);
  });
});

describe("score distributions", () => {
  it("gives the KS statistic and p-value of known samples", () => {
    // Disjoint samples: D = 1. Identical samples: D = 0, p = 1.
    expect(twoSampleKs([1, 2, 3], [4, 5, 6]).statistic).toBe(1);
    const same = twoSampleKs([1, 2, 3, 4], [1, 2, 3, 4]);
    expect(same.statistic).toBe(0);
    expect(same.p).toBe(1);
    // Interleaved by one step: the ECDFs differ by 1/4 at most.
    expect(twoSampleKs([1, 3, 5, 7], [2, 4, 6, 8]).statistic).toBeCloseTo(0.25);
    // Kolmogorov survival at t = 1.36 is the familiar 5 % point; at 1.63 the 1 % point.
    expect(kolmogorovSurvival(1.358)).toBeCloseTo(0.05, 3);
    expect(kolmogorovSurvival(1.628)).toBeCloseTo(0.01, 3);
  });

  it("tells a shifted sample from its own distribution", () => {
    const a = Array.from({ length: 2000 }, (_, i) => Math.sqrt(i));
    const b = a.map((x) => x + 4);
    expect(twoSampleKs(a, b).p).toBeLessThan(1e-6);
    expect(
      twoSampleKs(
        a,
        a.filter((_, i) => i % 2 === 0),
      ).p,
    ).toBeGreaterThan(0.5);
  });

  it("reads the score at an FMR by nearest rank", () => {
    const scores = Array.from({ length: 1000 }, (_, i) => i + 1); // 1 … 1000
    expect(scoreAtFmr(scores, 1e-2)).toBe(990);
    expect(scoreAtFmr(scores, 1e-3)).toBe(999);
    expect(() => scoreAtFmr(scores, 0)).toThrow(RangeError);
  });
});
