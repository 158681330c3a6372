import { describe, expect, it } from "vitest";
import { clopperPearson, zeroErrorUpperBound } from "../src/index.js";

describe("clopperPearson", () => {
  it("matches published exact intervals", () => {
    // Reference values: Clopper & Pearson's exact interval (scipy.stats.beta.ppf).
    const five = clopperPearson(5, 10);
    expect(five.lower).toBeCloseTo(0.187086, 5);
    expect(five.upper).toBeCloseTo(0.812914, 5);
    const one = clopperPearson(1, 100);
    expect(one.lower).toBeCloseTo(0.000253, 6);
    expect(one.upper).toBeCloseTo(0.05446, 5);
    const many = clopperPearson(11, 10_000);
    expect(many.lower).toBeCloseTo(0.0005492, 6);
    expect(many.upper).toBeCloseTo(0.0019673, 6);
  });

  it("has closed forms at zero and at every trial an error", () => {
    for (const n of [1, 7, 196, 12_345]) {
      expect(clopperPearson(0, n).lower).toBe(0);
      expect(clopperPearson(0, n).upper).toBeCloseTo(1 - 0.025 ** (1 / n), 10);
      expect(clopperPearson(n, n).upper).toBe(1);
      expect(clopperPearson(n, n).lower).toBeCloseTo(0.025 ** (1 / n), 10);
    }
  });

  it("brackets the observed rate and narrows as trials grow", () => {
    const small = clopperPearson(3, 300);
    const large = clopperPearson(300, 30_000);
    expect(small.lower).toBeLessThan(0.01);
    expect(small.upper).toBeGreaterThan(0.01);
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
  });

  it("refuses counts that are not counts", () => {
    expect(() => clopperPearson(1, 0)).toThrow(RangeError);
    expect(() => clopperPearson(5, 4)).toThrow(RangeError);
    expect(() => clopperPearson(0.5, 4)).toThrow(RangeError);
    expect(() => clopperPearson(1, 4, 1)).toThrow(RangeError);
  });
});

describe("zeroErrorUpperBound", () => {
  it("is the rule of three for large n", () => {
    expect(zeroErrorUpperBound(1000)).toBeCloseTo(0.0029914, 6);
    expect(zeroErrorUpperBound(100_000) * 100_000).toBeCloseTo(2.9957, 3);
  });
});
