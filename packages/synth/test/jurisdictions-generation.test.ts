import { describe, expect, it } from "vitest";
import {
  ERO_FIELD_OFFICES,
  FBI_CJIS_ORI,
  generateJurisdictions,
  isOri,
  localAgencyOri,
  SynthOptionError,
  US_STATES,
} from "../src/index.js";
import { fieldOfficeFor } from "../src/jurisdictions/field-office-lookup.js";

describe("generateJurisdictions", () => {
  const all = generateJurisdictions({ seed: "j" });

  it("covers every county of the 50 states, DC and Puerto Rico with FIPS codes and names", () => {
    expect(all.states).toHaveLength(52);
    expect(all.jurisdictions.length).toBeGreaterThan(3200);
    expect(all.jurisdictions.filter((j) => j.state === "TX")).toHaveLength(254);
    expect(all.jurisdictions.every((j) => /^\d{5}$/.test(j.id) && j.synthetic === true)).toBe(true);
    const fipsOf = new Map(US_STATES.map((s) => [s.postal, s.fips]));
    expect(all.jurisdictions.every((j) => j.id.startsWith(fipsOf.get(j.state) ?? "--"))).toBe(true);
    const harris = all.jurisdictions.find((j) => j.id === "48201");
    const loving = all.jurisdictions.find((j) => j.id === "48301");
    expect(harris?.name).toBe("Harris County, TX");
    expect(harris!.population).toBeGreaterThan(100 * loving!.population);
  });

  it("gives every agency a unique nine-character ORI that starts with its state", () => {
    const oris = all.agencies.map((a) => a.ori);
    expect(new Set(oris).size).toBe(oris.length);
    expect(oris.every(isOri)).toBe(true);
    for (const agency of all.agencies.filter((a) => a.kind === "LEA")) {
      expect(agency.ori).toMatch(/^[A-Z]{2}\d{3}\d{2}00$/);
      expect(agency.ori.slice(0, 2)).toBe(agency.state);
    }
    expect(all.agencies.filter((a) => a.kind === "SIB")).toHaveLength(52);
    expect(all.agencies.find((a) => a.kind === "LESC")?.ori).toBe("VTICE0900");
    expect(all.agencies.find((a) => a.kind === "FBI_CJIS")?.ori).toBe(FBI_CJIS_ORI);
    expect(all.agencies.filter((a) => a.kind === "ERO_FO")).toHaveLength(24);
    for (const jurisdiction of all.jurisdictions) {
      expect(jurisdiction.facilityOris.length).toBeGreaterThan(0);
      expect(jurisdiction.sibOri).toBe(`${jurisdiction.state}SIB0000`);
    }
  });

  it("numbers counties alphabetically within the state in LEA ORIs", () => {
    expect(localAgencyOri("TX", 101, 0)).toBe("TX1010000");
    const texas = all.jurisdictions.filter((j) => j.state === "TX").map((j) => j.facilityOris[0]);
    expect(texas[0]).toBe("TX0010000");
    expect(texas.at(-1)).toBe("TX2540000");
    expect(() => localAgencyOri("tx", 1, 0)).toThrow(RangeError);
    expect(() => localAgencyOri("TX", 0, 0)).toThrow(RangeError);
    expect(() => localAgencyOri("TX", 1, 100)).toThrow(RangeError);
  });

  it("maps counties to the 24 ERO field offices, splitting New York, California and Texas", () => {
    const used = new Set(all.jurisdictions.map((j) => j.fieldOffice));
    expect(used.size).toBe(ERO_FIELD_OFFICES.length);
    const expected: [string, string, string][] = [
      ["TX", "48201", "HOU"],
      ["TX", "48141", "ELP"],
      ["TX", "48029", "SNA"],
      ["TX", "48113", "DAL"],
      ["CA", "06037", "LOS"],
      ["CA", "06073", "SND"],
      ["CA", "06075", "SFR"],
      ["NY", "36047", "NYC"],
      ["NY", "36029", "BUF"],
      ["PR", "72127", "MIA"],
      ["DC", "11001", "WAS"],
    ];
    for (const [state, fips, office] of expected) expect(fieldOfficeFor(state, fips).id).toBe(office);
  });

  it("draws activation and receipt preferences from the seed, with overrides", () => {
    expect(generateJurisdictions({ seed: "j" })).toEqual(all);
    const statuses = all.jurisdictions.map((j) => j.activation.status);
    const activated = statuses.filter((s) => s === "ACTIVATED").length / statuses.length;
    expect(Math.abs(activated - 0.55)).toBeLessThan(0.04);
    for (const j of all.jurisdictions) {
      // Statuses describe the plan on the default asOf day, 2010-10-01.
      if (j.activation.activatedAt) expect(j.activation.activatedAt <= "2010-10-01").toBe(true);
      if (j.activation.scheduledAt) expect(j.activation.scheduledAt > "2010-10-01").toBe(true);
      expect(j.activation.activatedAt !== undefined).toBe(j.activation.status === "ACTIVATED");
      expect(j.activation.scheduledAt !== undefined).toBe(
        j.activation.status === "SCHEDULED" || j.activation.status === "DEFERRED",
      );
    }
    const custom = generateJurisdictions({
      seed: "j",
      states: ["TX", "NM"],
      activation: { TX: "ACTIVATED", "48201": "DEFERRED" },
      receipt: { NM: { idr: false }, "48113": { iar: false } },
      receiptOptOutShare: 0,
    });
    const texas = custom.jurisdictions.filter((j) => j.state === "TX");
    expect(texas.filter((j) => j.id !== "48201").every((j) => j.activation.status === "ACTIVATED")).toBe(
      true,
    );
    expect(texas.find((j) => j.id === "48201")?.activation.status).toBe("DEFERRED");
    expect(
      custom.jurisdictions.filter((j) => j.state === "NM").every((j) => !j.receipt.idr && j.receipt.iar),
    ).toBe(true);
    expect(custom.jurisdictions.find((j) => j.id === "48113")?.receipt).toEqual({ idr: true, iar: false });
    expect(custom.states.map((s) => s.postal)).toEqual(["TX", "NM"]);
    const later = generateJurisdictions({ seed: "j", states: ["TX"], asOf: "2012-06-30" });
    const activatedLater = later.jurisdictions.filter((j) => j.activation.activatedAt! > "2010-10-01");
    expect(activatedLater.length).toBeGreaterThan(0);
  });

  it("rejects impossible options", () => {
    const bad = [
      () => generateJurisdictions({ states: ["XX"] }),
      () => generateJurisdictions({ states: [] }),
      () => generateJurisdictions({ receiptOptOutShare: -0.1 }),
      () =>
        generateJurisdictions({ activationShares: { ACTIVATED: 0, SCHEDULED: 0, PLANNED: 0, DEFERRED: 0 } }),
      () => generateJurisdictions({ activation: { TX: "LIVE" as never } }),
      () => generateJurisdictions({ activationWindow: ["2012-01-01", "2010-01-01"] }),
      () => generateJurisdictions({ asOf: "2010-09-31" }),
    ];
    for (const build of bad) expect(build).toThrow(SynthOptionError);
  });
});
