import { describe, expect, it } from "vitest";
import { SeededRandom } from "../src/seeded-random.js";

const draws = (random: SeededRandom) => Array.from({ length: 8 }, () => random.uint32());

describe("seeded random from a text seed", () => {
  it("draws the same numbers from the same text and different numbers otherwise", () => {
    expect(draws(SeededRandom.fromText("tenprint"))).toEqual(draws(SeededRandom.fromText("tenprint")));
    expect(draws(SeededRandom.fromText("tenprint"))).not.toEqual(draws(SeededRandom.fromText("tenprinT")));
  });

  it("forks streams that depend on the seed and the label, not on draws already made", () => {
    const root = SeededRandom.fromText("s");
    const before = draws(root.fork("fingers"));
    draws(root);
    expect(draws(root.fork("fingers"))).toEqual(before);
    expect(draws(root.fork("records"))).not.toEqual(before);
    expect(draws(SeededRandom.fromText("t").fork("fingers"))).not.toEqual(before);
    expect(draws(root.fork("a").fork("b"))).not.toEqual(draws(root.fork("b").fork("a")));
  });

  it("draws standard normals and integers in their ranges", () => {
    const random = SeededRandom.fromText("normal");
    const n = 20_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = random.normal();
      sum += x;
      squares += x * x;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(squares / n).toBeCloseTo(1, 1);
    const ints = Array.from({ length: 1000 }, () => random.int(-2, 2));
    expect(new Set(ints)).toEqual(new Set([-2, -1, 0, 1, 2]));
  });
});
