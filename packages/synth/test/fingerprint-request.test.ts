import { describe, expect, it } from "vitest";
import { parseDatasetRequest, parseFingerRequest, SynthFingerError } from "../src/index.js";

function parameterOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof SynthFingerError) return error.parameter;
    throw error;
  }
  return undefined;
}

describe("synthetic fingerprint requests", () => {
  it("accepts well-formed options and fills defaults", () => {
    expect(parseFingerRequest({ seed: "12", class: "Whorl", impression: "2" })).toEqual({
      seed: 12,
      fingerClass: "whorl",
      impression: 2,
      kind: "plain",
      ppi: 500,
    });
    expect(parseFingerRequest({ seed: 1, class: "tented" }).fingerClass).toBe("tented-arch");
    expect(parseDatasetRequest({ fingers: "10", impressions: "8" })).toEqual({
      seed: 1,
      fingers: 10,
      impressions: 8,
      kind: "plain",
      ppi: 500,
    });
  });

  it("names the parameter of an impossible request", () => {
    expect(parameterOf(() => parseFingerRequest({}))).toBe("seed");
    expect(parameterOf(() => parseFingerRequest({ seed: "-1" }))).toBe("seed");
    expect(parameterOf(() => parseFingerRequest({ seed: "1.5" }))).toBe("seed");
    expect(parameterOf(() => parseFingerRequest({ seed: "99999999999999999999" }))).toBe("seed");
    expect(parameterOf(() => parseFingerRequest({ seed: "1", class: "spiral" }))).toBe("class");
    expect(parameterOf(() => parseFingerRequest({ seed: "1", ppi: "100" }))).toBe("ppi");
    expect(parameterOf(() => parseFingerRequest({ seed: "1", kind: "latent" }))).toBe("kind");
    expect(parameterOf(() => parseDatasetRequest({ fingers: "-3", impressions: "2" }))).toBe("fingers");
    expect(parameterOf(() => parseDatasetRequest({ fingers: "3", impressions: "0" }))).toBe("impressions");
    expect(parameterOf(() => parseDatasetRequest({ fingers: "1000000", impressions: "2" }))).toBe("fingers");
    expect(() => parseFingerRequest({ seed: "1", class: "spiral" })).toThrow(/class.*spiral.*whorl/);
  });
});
