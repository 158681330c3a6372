import { describe, expect, it } from "vitest";
import { splitFingers } from "../src/evaluation/evaluation-sets.js";

describe("tuning and validation split", () => {
  const fingers = Array.from({ length: 10 }, (_, i) => String(101 + i));

  it("halves the fingers, the same way every time, and depends on the salt", () => {
    const split = splitFingers(fingers, "salt-a");
    const tuning = fingers.filter((finger) => split.get(finger) === "tuning");
    expect(tuning).toHaveLength(5);
    expect(splitFingers([...fingers].reverse(), "salt-a")).toEqual(split);
    const other = splitFingers(fingers, "salt-b");
    expect(fingers.some((finger) => other.get(finger) !== split.get(finger))).toBe(true);
  });

  it("gives the extra finger of an odd count to validation and ignores repeats", () => {
    const split = splitFingers(["1", "2", "3", "3"], "salt-a");
    expect([...split.values()].filter((set) => set === "validation")).toHaveLength(2);
    expect(split.size).toBe(3);
  });
});
