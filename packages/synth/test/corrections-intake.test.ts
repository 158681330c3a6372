import {
  type FingerImage,
  getValuesByMnemonic,
  parseTransaction,
  serializeTransaction,
  validateTransaction,
} from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import {
  activatedOn,
  generateBookings,
  generateCorrections,
  generateIntakes,
  generateJurisdictions,
  generatePopulation,
  intakeCpnu,
  isOri,
  SynthOptionError,
} from "../src/index.js";

const population = generatePopulation({ people: 3000, seed: "intake", states: ["TX", "NM"] });
// Half the counties not activated, so that arrests there reach prisons.
const jurisdictions = generateJurisdictions({
  seed: "intake",
  states: ["TX", "NM"],
  activationShares: { ACTIVATED: 0.5, SCHEDULED: 0.25, PLANNED: 0.25, DEFERRED: 0 },
});
const fixed = { TX: "ACTIVATED", NM: "PLANNED" } as const;
const corrections = generateCorrections(jurisdictions, { seed: "intake", activation: fixed });
const arrests = generateBookings({ population, jurisdictions }, 3000);

describe("generateCorrections", () => {
  it("gives each state a department and reception facilities in its own counties, marked synthetic", () => {
    expect(corrections.departments.map((d) => d.ori)).toEqual(["TXDOC0000", "NMDOC0000"]);
    const tx = corrections.facilities.filter((f) => f.state === "TX");
    const nm = corrections.facilities.filter((f) => f.state === "NM");
    expect(tx.length).toBeGreaterThan(nm.length);
    expect(nm.length).toBeGreaterThanOrEqual(1);
    for (const facility of corrections.facilities) {
      expect(isOri(facility.ori)).toBe(true);
      expect(facility.name).toMatch(/\(synthetic\)$/);
      expect(facility.synthetic).toBe(true);
      const county = jurisdictions.counties.find((c) => c.fips === facility.countyFips);
      expect(county?.state).toBe(facility.state);
    }
    expect(tx.every((f) => f.activation.status === "ACTIVATED" && f.activation.activatedAt)).toBe(true);
    expect(generateCorrections(jurisdictions, { seed: "intake", activation: fixed })).toEqual(corrections);
    expect(() => generateCorrections(jurisdictions, { activation: { TX: "ON" as "PLANNED" } })).toThrow(
      SynthOptionError,
    );
  });
});

describe("generateIntakes", () => {
  const intakes = generateIntakes(arrests, { corrections, seed: "intake" });

  it("books sentenced felony arrestees at a reception facility of their state weeks to months later", () => {
    expect(intakes.length).toBeGreaterThan(20);
    expect(intakes.map((i) => i.bookedAt)).toEqual([...intakes.map((i) => i.bookedAt)].sort());
    const byTcn = new Map(arrests.map((a) => [a.tcn, a]));
    for (const intake of intakes) {
      const arrest = byTcn.get(intake.arrest.tcn);
      expect(arrest).toBeDefined();
      const facility = corrections.facilities.find((f) => f.ori === intake.facilityOri);
      expect(facility?.state).toBe(arrest?.state);
      const days = (Date.parse(intake.bookedAt) - Date.parse(`${intake.arrest.date}T00:00:00`)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(30);
      expect(days).toBeLessThan(181);
      expect(intake.truth.personId).toBe(arrest?.truth.personId);
      expect(intake.charges.length).toBeGreaterThan(0);
    }
  });

  it("routes by the facility: arrests in non-activated counties reach IDENT at activated facilities", () => {
    const reached = intakes.filter((i) => !i.arrest.jurisdictionActivated && i.truth.jurisdictionActivated);
    expect(reached.length).toBeGreaterThan(0);
    for (const intake of reached) {
      const county = jurisdictions.jurisdictions.find((j) => j.id === intake.arrest.countyFips);
      expect(county && activatedOn(county, intake.arrest.date)).toBe(false);
      expect(intake.state).toBe("TX");
    }
    // New Mexico's facilities are only planned: its intakes are not searched, even after an activated arrest.
    const nm = intakes.filter((i) => i.state === "NM");
    expect(nm.some((i) => i.arrest.jurisdictionActivated)).toBe(true);
    expect(nm.every((i) => !i.truth.jurisdictionActivated)).toBe(true);
  });

  it("writes each intake as a valid EBTS CPNU naming the facility and then the arresting agency", () => {
    const intake = intakes[0];
    if (!intake) throw new Error("no intake");
    const finger: FingerImage = {
      fgp: 1,
      imp: 1,
      width: 16,
      height: 16,
      ppi: 500,
      compression: "NONE",
      data: new Uint8Array(256).fill(128),
    };
    const transaction = parseTransaction(serializeTransaction(intakeCpnu(intake, [finger])));
    expect(validateTransaction(transaction).filter((p) => p.severity === "error")).toEqual([]);
    expect(getValuesByMnemonic(transaction, "TOT", 1)).toEqual(["CPNU"]);
    expect(getValuesByMnemonic(transaction, "CRI", 2)).toEqual([intake.facilityOri, intake.arrest.agencyOri]);
    expect(getValuesByMnemonic(transaction, "DOA", 2)).toEqual([intake.arrest.date.replaceAll("-", "")]);
  });
});
