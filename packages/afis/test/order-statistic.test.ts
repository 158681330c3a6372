import { describe, expect, it } from "vitest";
import { kthSmallest } from "../src/order-statistic.js";

/** Deterministic pseudo-random values in [0, 1) (xorshift), so a failure can be replayed. */
function randomValues(seed: number, count: number): number[] {
  let state = seed | 1;
  return Array.from({ length: count }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  });
}

describe("kthSmallest", () => {
  it("returns the element an ascending sort puts at index k, duplicates and order included", () => {
    for (let trial = 0; trial < 300; trial++) {
      const [sizeDraw, kDraw] = randomValues(trial + 1, 2) as [number, number];
      const size = 1 + Math.floor(sizeDraw * 200);
      const raw = randomValues(trial + 1000, size);
      const shapes = [
        raw,
        raw.map((v) => Math.floor(v * 3)),
        raw.map((_, i) => i),
        raw.map((_, i) => size - i),
      ];
      for (const shape of shapes) {
        const k = Math.floor(kDraw * size);
        for (const values of [Float32Array.from(shape), Float64Array.from(shape)]) {
          expect(kthSmallest(values, k)).toBe(values.slice().sort()[k]);
        }
      }
    }
  });

  it("orders NaN last, as a typed-array sort does, and leaves its input untouched", () => {
    const values = Float32Array.of(3, Number.NaN, 1, 2);
    expect(kthSmallest(values, 2)).toBe(3);
    expect(kthSmallest(values, 3)).toBeNaN();
    expect(Array.from(values)).toEqual([3, Number.NaN, 1, 2]);
  });
});
