import { describe, expect, it } from "vitest";
import { ageAppearance } from "../src/features/lesc-queue/age-colour.js";

const HOUR = 3_600_000;

describe("queue age against the target", () => {
  it("is green under half the target, amber up to it and red beyond", () => {
    expect(ageAppearance(0, 8 * HOUR)).toMatchObject({ tone: "good", label: "within target", fraction: 0 });
    expect(ageAppearance(3.99 * HOUR, 8 * HOUR).tone).toBe("good");
    expect(ageAppearance(4 * HOUR, 8 * HOUR)).toMatchObject({
      tone: "warn",
      label: "due soon",
      fraction: 0.5,
    });
    expect(ageAppearance(8 * HOUR, 8 * HOUR).tone).toBe("warn");
    expect(ageAppearance(8 * HOUR + 1, 8 * HOUR)).toMatchObject({ tone: "bad", label: "overdue" });
    expect(ageAppearance(24 * HOUR, 8 * HOUR).fraction).toBe(3);
  });

  it("treats a negative age (clock skew) as none and refuses a target that is no duration", () => {
    expect(ageAppearance(-5000, HOUR)).toMatchObject({ tone: "good", fraction: 0 });
    expect(() => ageAppearance(1, 0)).toThrow(RangeError);
  });
});
