import { formatName, isNcicOffenseCode } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import {
  CLASS_FREQUENCIES,
  DEFAULT_FOREIGN_BORN_STATUS_SHARES,
  generatePopulation,
  type ImmigrationStatus,
  lescStatusCode,
  SynthOptionError,
  US_STATES,
} from "../src/index.js";

const NAME_PATTERN = /^[A-Za-z&][A-Za-z' -]*(?<! ),(?! )[A-Za-z][A-Za-z' -]*$/;

describe("generatePopulation", () => {
  const large = generatePopulation({ people: 6000, seed: "distribution" });

  it("is deterministic from the seed and prefix-stable in the count", () => {
    const a = generatePopulation({ people: 200, seed: "same" });
    const b = generatePopulation({ people: 200, seed: "same" });
    const c = generatePopulation({ people: 50, seed: "same" });
    const d = generatePopulation({ people: 200, seed: "other" });
    expect(b).toEqual(a);
    expect(c.people).toEqual(a.people.slice(0, 50));
    expect(d.people.map((p) => p.name)).not.toEqual(a.people.map((p) => p.name));
  });

  it("marks every record synthetic and links records to people", () => {
    const ids = new Set(large.people.map((p) => p.id));
    expect(ids.size).toBe(large.people.length);
    expect(large.people.every((p) => p.synthetic === true)).toBe(true);
    expect(large.criminalRecords.every((r) => r.synthetic === true && ids.has(r.personId))).toBe(true);
    expect(large.immigrationRecords.every((r) => r.synthetic === true && ids.has(r.personId))).toBe(true);
  });

  it("draws sex, prior records and IDENT enrolment near their configured shares", () => {
    const n = large.people.length;
    const share = (predicate: (p: (typeof large.people)[number]) => boolean) =>
      large.people.filter(predicate).length / n;
    expect(share((p) => p.sex === "M")).toBeCloseTo(0.73, 1);
    expect(Math.abs(share((p) => p.repositories.criminal) - 0.45)).toBeLessThan(0.025);
    expect(large.criminalRecords.length).toBe(large.people.filter((p) => p.repositories.criminal).length);
    expect(large.immigrationRecords.length).toBe(large.people.filter((p) => p.repositories.ident).length);
    const ewi = large.people.filter((p) => p.immigrationStatus === "ENTERED_WITHOUT_INSPECTION");
    expect(ewi.length).toBeGreaterThan(100);
    expect(Math.abs(ewi.filter((p) => p.repositories.ident).length / ewi.length - 0.35)).toBeLessThan(0.1);
  });

  it("draws the statuses of foreign-born people near their configured weights", () => {
    const foreign = large.people.filter((p) => p.immigrationStatus !== "US_CITIZEN");
    expect(foreign.length).toBeGreaterThan(700);
    const total = Object.values(DEFAULT_FOREIGN_BORN_STATUS_SHARES).reduce((a, b) => a + b, 0);
    for (const [status, weight] of Object.entries(DEFAULT_FOREIGN_BORN_STATUS_SHARES)) {
      const observed = foreign.filter((p) => p.immigrationStatus === status).length / foreign.length;
      const expected = weight / total;
      // Three binomial standard deviations.
      expect(Math.abs(observed - expected)).toBeLessThan(
        3 * Math.sqrt((expected * (1 - expected)) / foreign.length),
      );
    }
    const stateCodes = new Set(US_STATES.map((state) => state.postal));
    expect(foreign.every((p) => !stateCodes.has(p.placeOfBirth))).toBe(true);
    const citizens = ["NATURALIZED_CITIZEN", "NATURALIZED_RECORD_NOT_UPDATED"];
    for (const person of foreign) {
      expect(person.citizenship).toBe(
        citizens.includes(person.immigrationStatus) ? "US" : person.placeOfBirth,
      );
    }
    const native = large.people.filter((p) => p.immigrationStatus === "US_CITIZEN");
    expect(native.every((p) => stateCodes.has(p.placeOfBirth) && p.citizenship === "US")).toBe(true);
  });

  it("gives ten fingers with reproducible seeds and class frequencies near the natural ones", () => {
    const fingers = large.people.flatMap((p) => p.fingers);
    expect(
      large.people.every((p) => p.fingers.map((f) => f.position).join() === "1,2,3,4,5,6,7,8,9,10"),
    ).toBe(true);
    expect(fingers.every((f) => Number.isSafeInteger(f.seed) && f.seed >= 0)).toBe(true);
    expect(new Set(fingers.map((f) => f.seed)).size).toBe(fingers.length);
    const whorls = fingers.filter((f) => f.fingerClass === "whorl").length / fingers.length;
    const arches =
      fingers.filter((f) => f.fingerClass === "arch" || f.fingerClass === "tented-arch").length /
      fingers.length;
    expect(Math.abs(whorls - CLASS_FREQUENCIES.whorl)).toBeLessThan(0.04);
    expect(Math.abs(arches - (CLASS_FREQUENCIES.arch + CLASS_FREQUENCIES["tented-arch"]))).toBeLessThan(0.03);
  });

  it("writes names and aliases that fit EBTS 2.018 NAM and real dates of birth", () => {
    for (const person of large.people) {
      for (const name of [person.name, ...person.aliases]) {
        const text = formatName(name);
        expect(text.length).toBeLessThanOrEqual(30);
        expect(text).toMatch(NAME_PATTERN);
      }
    }
    const isDate = (d: string) => {
      const iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
      return (
        !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) &&
        new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso)
      );
    };
    const dates = large.people.flatMap((p) => [p.dateOfBirth, ...p.otherDatesOfBirth]);
    expect(dates.length).toBeGreaterThan(large.people.length);
    expect(dates.filter((d) => !isDate(d))).toEqual([]);
    const origins = new Set(large.people.map((p) => p.origin));
    expect(origins.size).toBeGreaterThanOrEqual(8);
    expect(large.people.filter((p) => p.aliases.length > 0).length / large.people.length).toBeGreaterThan(
      0.2,
    );
  });

  it("builds criminal histories before the reference day with NCIC codes and outcomes", () => {
    for (const record of large.criminalRecords) {
      const dates = record.arrests.map((a) => a.date);
      expect(dates).toEqual([...dates].sort());
      expect(dates.every((d) => d < "20101001")).toBe(true);
      for (const charge of record.arrests.flatMap((a) => a.charges)) {
        expect(isNcicOffenseCode(charge.ncic)).toBe(true);
        if (charge.disposition === "CONVICTED") expect(charge.sentence).toBeDefined();
        if (charge.disposition === "PENDING") expect(charge.dispositionDate).toBeUndefined();
      }
    }
  });

  it("keeps IDENT records consistent with the true status", () => {
    const byId = new Map(large.people.map((p) => [p.id, p]));
    for (const record of large.immigrationRecords) {
      const person = byId.get(record.personId)!;
      expect(record.trueStatus).toBe(person.immigrationStatus);
      expect(record.fin).toBe(person.fin);
      expect(record.encounters.length).toBeGreaterThan(0);
      if (record.aNumber) expect(record.aNumber).toMatch(/^9\d{8}$/);
    }
    const stale = large.immigrationRecords.filter((r) => r.trueStatus === "NATURALIZED_RECORD_NOT_UPDATED");
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.every((r) => r.recordedStatus === "LAWFUL_PERMANENT_RESIDENT")).toBe(true);
    expect(lescStatusCode("NATURALIZED_RECORD_NOT_UPDATED")).toBe("USC");
  });

  it("honours configured shares", () => {
    const none = generatePopulation({ people: 300, seed: "cfg", criminalRepositoryShare: 0, aliasShare: 0 });
    expect(none.criminalRecords).toHaveLength(0);
    expect(none.people.every((p) => p.aliases.length === 0)).toBe(true);
    const all = generatePopulation({
      people: 300,
      seed: "cfg",
      criminalRepositoryShare: 1,
      identEnrolment: { US_CITIZEN: 1 },
      foreignBornStatusShares: { FINAL_ORDER: 1, ...zeroOtherStatuses("FINAL_ORDER") },
      states: ["AZ"],
    });
    expect(all.criminalRecords).toHaveLength(300);
    expect(all.people.every((p) => p.residence.state === "AZ")).toBe(true);
    expect(
      all.people.every((p) => p.immigrationStatus === "US_CITIZEN" || p.immigrationStatus === "FINAL_ORDER"),
    ).toBe(true);
    expect(
      all.people.filter((p) => p.immigrationStatus === "US_CITIZEN").every((p) => p.repositories.ident),
    ).toBe(true);
  });

  it("rejects impossible options before generating", () => {
    const cases: [Parameters<typeof generatePopulation>[0], string][] = [
      [{ people: -1 }, "people"],
      [{ people: 1.5 }, "people"],
      [{ people: 10, states: ["ZZ"] }, "states"],
      [{ people: 10, maleShare: 1.2 }, "maleShare"],
      [{ people: 10, referenceDate: "2010-02-30" }, "referenceDate"],
      [{ people: 10, originWeights: { general: -1 } }, "originWeights.general"],
      [{ people: 10, identEnrolment: { US_CITIZEN: 2 } }, "identEnrolment.US_CITIZEN"],
    ];
    for (const [options, option] of cases) {
      let error: unknown;
      try {
        generatePopulation(options);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SynthOptionError);
      expect((error as SynthOptionError).option).toBe(option);
    }
  });
});

function zeroOtherStatuses(keep: ImmigrationStatus): Record<string, number> {
  return Object.fromEntries(
    Object.keys(DEFAULT_FOREIGN_BORN_STATUS_SHARES)
      .filter((status) => status !== keep)
      .map((status) => [status, 0]),
  );
}
