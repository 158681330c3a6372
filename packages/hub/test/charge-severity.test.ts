import { describe, expect, it } from "vitest";
import { chargeSeverity } from "../src/domain/charge-severity.js";

describe("charge severity by NCIC code range", () => {
  it("classes violent, burglary, vehicle theft, forgery, drug, sex and weapon codes as felonies", () => {
    for (const code of [
      "0999",
      "1099",
      "1199",
      "1299",
      "1399",
      "2299",
      "2404",
      "2599",
      "3599",
      "3699",
      "5299",
    ] as const)
      expect(chargeSeverity(code), code).toBe("FELONY");
  });

  it("keeps the misdemeanours inside felony ranges and parole apart from probation", () => {
    expect(chargeSeverity("1313")).toBe("MISDEMEANOR");
    expect(chargeSeverity("3550")).toBe("MISDEMEANOR");
    expect(chargeSeverity("3562")).toBe("MISDEMEANOR");
    expect(chargeSeverity("5011")).toBe("FELONY");
    expect(chargeSeverity("5012")).toBe("MISDEMEANOR");
  });

  it("never raises an unlisted category: traffic, larceny, illegal entry stay misdemeanours", () => {
    for (const code of ["0301", "0399", "2303", "2399", "5403", "5499", "7399"] as const)
      expect(chargeSeverity(code), code).toBe("MISDEMEANOR");
  });
});
