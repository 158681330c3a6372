import { describe, expect, it } from "vitest";
import { formatCcyymmdd, formatDuration, formatRate } from "../src/lib/format.js";

describe("display formats", () => {
  it("writes rates for people, from percentages to the vanishingly small", () => {
    expect(formatRate(0.55)).toBe("0.55");
    expect(formatRate(0.012)).toBe("0.012");
    expect(formatRate(1 / 11_520)).toBe("1 in 11,520");
    expect(formatRate(1 / 54_300_000)).toBe("1 in 54.3 million");
    expect(formatRate(3.2e-29)).toBe("3.2e-29");
    expect(formatRate(0)).toBe("0");
  });

  it("writes durations and EBTS dates", () => {
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(12 * 60_000)).toBe("12 min");
    expect(formatDuration(200 * 60_000)).toBe("3 h 20 min");
    expect(formatDuration(52 * 3_600_000)).toBe("2 d 4 h");
    expect(formatCcyymmdd("19640103")).toBe("1964-01-03");
    expect(formatCcyymmdd("00000000")).toBe("unknown");
  });
});
