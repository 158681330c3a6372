import { describe, expect, it } from "vitest";
import { TYPE14_RECORD } from "../src/ebts/profiles/tot-profiles.js";
import {
  buildCar,
  CODE_TABLES,
  describeRecordCounts,
  EBTS_PROFILES,
  fieldSpecByMnemonic,
  fieldSpecByTag,
  fieldSpecsOf,
  getByMnemonic,
  isNcicOffenseCode,
  mnemonicOfTag,
  tagOfMnemonic,
} from "../src/index.js";
import { syntheticBooking } from "./ebts-fixtures.js";

describe("field dictionary", () => {
  it("maps mnemonics to tags and back", () => {
    expect(tagOfMnemonic("NAM")).toBe("2.018");
    expect(tagOfMnemonic("TCN")).toBe("1.009");
    expect(tagOfMnemonic("LEN")).toBe("1.001");
    expect(tagOfMnemonic("LEN", 14)).toBe("14.001");
    expect(tagOfMnemonic("FGP", 14)).toBe("14.013");
    expect(tagOfMnemonic("NOPE")).toBeUndefined();
    expect(mnemonicOfTag("2.073")).toBe("CRI");
    expect(mnemonicOfTag("2.73")).toBe("CRI");
    expect(mnemonicOfTag("9.001")).toBeUndefined();
    expect(fieldSpecByTag("2.047")?.items?.map((i) => i.mnemonic)).toEqual(["DOO", "AOL", "NCC"]);
    expect(fieldSpecByMnemonic("DOB")).toMatchObject({ tag: "2.022", charset: "N", date: "ZCCYYMMDD" });
  });

  it("reads fields of a transaction by mnemonic", () => {
    const car = buildCar(syntheticBooking());
    expect(getByMnemonic(car, "NAM")?.subfields).toEqual([["SYNTHETIC,ALEX Q"]]);
    expect(getByMnemonic(car, "AKA")?.subfields).toEqual([["SAMPLE,AL"]]);
    expect(getByMnemonic(car, "SRF")).toBeUndefined();
  });

  it("has unique tags and mnemonics per record type, and every profile names known fields", () => {
    for (const type of [1, 2, 14]) {
      const specs = fieldSpecsOf(type);
      expect(new Set(specs.map((s) => s.tag)).size).toBe(specs.length);
      expect(new Set(specs.map((s) => s.mnemonic)).size).toBe(specs.length);
    }
    for (const mnemonic of [...TYPE14_RECORD.mandatory, ...TYPE14_RECORD.optional]) {
      expect(fieldSpecByMnemonic(mnemonic, 14), `14.${mnemonic}`).toBeDefined();
    }
    for (const profile of Object.values(EBTS_PROFILES)) {
      for (const [type, record] of [[1, profile.type1] as const, [2, profile.type2] as const]) {
        for (const mnemonic of [...record.mandatory, ...record.optional]) {
          expect(fieldSpecByMnemonic(mnemonic, type), `${profile.tot} ${type}.${mnemonic}`).toBeDefined();
        }
      }
    }
  });

  it("holds the EBTS record-count rules of each TOT", () => {
    const counts = Object.fromEntries(
      Object.values(EBTS_PROFILES).map((profile) => [profile.tot, describeRecordCounts(profile)]),
    );
    expect(counts).toEqual({
      CAR: "1:1 2:1 4|14:1-14 10:0-4 7|13:0-2 15:0-8",
      CNA: "1:1 2:1 4|14:1-14 10:0-4 7|13:0-2 15:0-8",
      CPNU: "1:1 2:1 4|14:1-14 10:0-4 7|13:0-2 15:0-8",
      SRE: "1:1 2:1 10:0-1",
      ERRT: "1:1 2:1",
      IDR: "1:1 2:1 10:0-1",
      IAQ: "1:1 2:1",
      IAR: "1:1 2:1",
    });
  });

  it("keeps the code tables and the NCIC category check consistent", () => {
    expect(CODE_TABLES.SEX).toContain("X");
    expect(CODE_TABLES.FGP).toEqual(expect.arrayContaining(["0", "14", "15", "255"]));
    expect(isNcicOffenseCode("0399")).toBe(true);
    expect(isNcicOffenseCode("1313")).toBe(true);
    expect(isNcicOffenseCode("9999")).toBe(false);
    expect(isNcicOffenseCode("131")).toBe(false);
  });
});
