import { describe, expect, it } from "vitest";
import {
  buildCar,
  buildCna,
  buildErrt,
  buildIaq,
  buildIar,
  buildIdr,
  buildSre,
  EbtsError,
  encodeWsq,
  findField,
  firstItem,
  formatIaqNlets,
  getTextByMnemonic,
  getValuesByMnemonic,
  type NcicOffenseCode,
  NistError,
  type NistTransaction,
  parseTransaction,
  problemFromNistError,
  responseContextOf,
  serializeTransaction,
  validateTransaction,
} from "../src/index.js";
import { syntheticBooking } from "./ebts-fixtures.js";

const responseOptions = { tcn: "FBI20260115-000777", date: "20260115" };

function roundTrip(tx: NistTransaction): NistTransaction {
  return parseTransaction(serializeTransaction(tx));
}

function lenValues(tx: NistTransaction): string[] {
  return tx.records.map((record) => {
    const len = record.kind === "tagged" ? findField(record, 1) : undefined;
    return len?.kind === "text" ? firstItem(len) : "";
  });
}

describe("buildCar / buildCna", () => {
  const car = buildCar(syntheticBooking());

  it("writes the Type-1 header, biographics and the arrest segment", () => {
    expect(getTextByMnemonic(car, "TOT")).toBe("CAR");
    expect(getTextByMnemonic(car, "NAM")).toBe("SYNTHETIC,ALEX Q");
    expect(getTextByMnemonic(car, "HGT")).toBe("510");
    expect(getTextByMnemonic(car, "WGT")).toBe("180");
    expect(getTextByMnemonic(car, "NSR")).toBe("19.69");
    expect(getValuesByMnemonic(car, "ASL")).toEqual([
      "20260113\x1fSIMPLE ASSAULT\x1f1313",
      "\x1fDRIVING UNDER THE INFLUENCE\x1f5404",
    ]);
    expect(getTextByMnemonic(car, "CRI")).toBe("WV0540000");
    expect(getValuesByMnemonic(car, "CNT")).toHaveLength(12);
    expect(getTextByMnemonic(car, "FGP", 14)).toBe("1");
    expect(car.records.filter((r) => r.type === 14)).toHaveLength(10);
  });

  it("validates clean against its own profile, as CAR and as CNA", () => {
    expect(validateTransaction(car)).toEqual([]);
    const cna = buildCna({ ...syntheticBooking(14), requestRapSheet: undefined });
    expect(getTextByMnemonic(cna, "TOT")).toBe("CNA");
    expect(validateTransaction(cna)).toEqual([]);
  });

  it("computes the same LEN values as the writer and survives a byte round trip", () => {
    const bytes = serializeTransaction(car);
    const parsed = parseTransaction(bytes);
    expect(lenValues(parsed)).toEqual(lenValues(car));
    expect(serializeTransaction(parsed)).toEqual(bytes);
    expect(validateTransaction(parsed)).toEqual([]);
  });

  it("carries WSQ-compressed images and checks their marker and frame size", () => {
    const pixels = new Uint8Array(96 * 120).map((_, i) => (i * 5) % 256);
    const wsq = encodeWsq({ width: 96, height: 120, ppi: 500, pixels });
    const booking = syntheticBooking(1);
    const finger = {
      fgp: 6,
      imp: 1,
      width: 96,
      height: 120,
      ppi: 500,
      compression: "WSQ20",
      data: wsq,
    } as const;
    const wsqCar = buildCar({ ...booking, fingers: [finger] });
    expect(validateTransaction(roundTrip(wsqCar))).toEqual([]);
    expect(() => buildCar({ ...booking, fingers: [{ ...finger, data: wsq.slice(2) }] })).toThrow(
      /WSQ SOI marker/,
    );
    expect(() => buildCar({ ...booking, fingers: [{ ...finger, width: 95 }] })).toThrow(
      /the WSQ frame is 96 x 120 pixels but HLL x VLL says 95 x 120/,
    );
  });

  it("refuses input that would make an invalid CAR, listing every reason", () => {
    const bad = syntheticBooking(0);
    const input = {
      ...bad,
      subject: { ...bad.subject, dateOfBirth: "19850231", placeOfBirth: "T1" },
      arrest: { ...bad.arrest, charges: [{ ncic: "99" as string as NcicOffenseCode, literal: "X" }] },
    };
    const error = (() => {
      try {
        buildCar(input);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EbtsError);
    const tags = (error as EbtsError).problems.map((p) => p.tag);
    expect(tags).toEqual(expect.arrayContaining(["1.003", "2.020", "2.022", "2.047"]));
  });
});

describe("responses", () => {
  const car = buildCar(syntheticBooking());
  const context = responseContextOf(car, responseOptions);
  const name = { surname: "Synthetic", given: "Alex", middle: "Q" };

  it("swaps ORI and DAI and references the request TCN", () => {
    expect(context.header).toMatchObject({ ori: "WVIAFIS0Z", dai: "WV0000000", tcn: responseOptions.tcn });
    expect(context.tcr).toBe("WV20260115-000001");
  });

  it("builds ident and non-ident SREs that validate and round-trip", () => {
    const ident = buildSre({
      context,
      name,
      cri: "WV0540000",
      result: {
        kind: "ident",
        fbiNumber: "123456AB1",
        stateId: "WV1234567",
        rapSheet: "SYNTHETIC RAP SHEET\r\nLINE 2",
      },
    });
    expect(getTextByMnemonic(ident, "SRF")).toBe("I");
    expect(getTextByMnemonic(ident, "TCR")).toBe("WV20260115-000001");
    expect(validateTransaction(roundTrip(ident))).toEqual([]);
    const none = buildSre({ context, name, cri: "WV0540000", result: { kind: "non-ident" } });
    expect(getTextByMnemonic(none, "SRF")).toBe("N");
    expect(getTextByMnemonic(none, "FBI")).toBeUndefined();
    expect(validateTransaction(none)).toEqual([]);
  });

  it("builds an ERRT whose MSG lines are the problems, capped at 11", () => {
    const broken: NistTransaction = {
      records: car.records.map((record, index) =>
        index === 1 && record.kind === "tagged"
          ? { ...record, fields: record.fields.filter((f) => ![24, 25, 31, 32].includes(f.number)) }
          : record,
      ),
    };
    const problems = validateTransaction(broken);
    const errt = buildErrt(broken, problems, responseOptions);
    expect(getValuesByMnemonic(errt, "MSG")).toEqual([
      "record 1 field 2.024 SEX: mandatory field is missing",
      "record 1 field 2.025 RAC: mandatory field is missing",
      "record 1 field 2.031 EYE: mandatory field is missing",
      "record 1 field 2.032 HAI: mandatory field is missing",
    ]);
    expect(getTextByMnemonic(errt, "TCR")).toBe("WV20260115-000001");
    expect(getTextByMnemonic(errt, "ORI")).toBe("WVIAFIS0Z");
    expect(getTextByMnemonic(errt, "DAI")).toBe("WV0000000");
    expect(getTextByMnemonic(errt, "CRI")).toBe("WV0540000");
    expect(validateTransaction(roundTrip(errt))).toEqual([]);

    const many = Array.from({ length: 15 }, (_, i) => ({
      recordIndex: 1,
      recordType: 2,
      tag: "2.018",
      mnemonic: "NAM",
      reason: `problem ${i} ${"x".repeat(400)}`,
      severity: "error" as const,
    }));
    const lines = getValuesByMnemonic(buildErrt(broken, many, responseOptions), "MSG");
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe("and 5 more problems");
    expect(lines.every((line) => line.length <= 300)).toBe(true);
  });

  it("builds an ERRT even for a request without TCN, using fallback addressing", () => {
    const headerless: NistTransaction = {
      records: [{ kind: "tagged", type: 1, fields: [] }],
    };
    const problems = validateTransaction(headerless);
    expect(() => buildErrt(headerless, problems, responseOptions)).toThrow(EbtsError);
    const errt = buildErrt(headerless, problems, { ...responseOptions, ori: "WVIAFIS0Z", dai: "WV0000000" });
    expect(getTextByMnemonic(errt, "TCR")).toBeUndefined();
    expect(validateTransaction(errt)).toEqual([]);
  });

  it("answers an unparseable submission with an ERRT carrying the parser's error", () => {
    const bytes = serializeTransaction(car).slice(0, 120);
    let parseError: unknown;
    try {
      parseTransaction(bytes);
    } catch (caught) {
      parseError = caught;
    }
    expect(parseError).toBeInstanceOf(NistError);
    const problem = problemFromNistError(parseError as NistError);
    expect(problem).toMatchObject({ recordIndex: 0, tag: "1.001", mnemonic: "LEN", severity: "error" });
    const errt = buildErrt(undefined, [problem], { ...responseOptions, ori: "WVIAFIS0Z", dai: "WV0000000" });
    expect(getValuesByMnemonic(errt, "MSG")[0]).toMatch(/^record 0 field 1.001 LEN: byte \d+: /);
    expect(validateTransaction(errt)).toEqual([]);
  });

  it("builds IDR match and no-match responses", () => {
    const match = buildIdr({
      context,
      name,
      cri: "WV0540000",
      result: {
        match: true,
        fin: "1234567890",
        encounterIds: ["E-0001", "E-0002"],
        aNumber: "012345678",
        fbiNumber: "123456AB1",
      },
      message: "SYNTHETIC IDENT DATA RESPONSE",
    });
    expect(getTextByMnemonic(match, "TOT")).toBe("IDR");
    expect(getValuesByMnemonic(match, "EID")).toEqual(["E-0001", "E-0002"]);
    expect(getTextByMnemonic(match, "ARN")).toBe("012345678");
    expect(validateTransaction(roundTrip(match))).toEqual([]);
    const noMatch = buildIdr({ context, name, cri: "WV0540000", result: { match: false } });
    expect(getTextByMnemonic(noMatch, "SRF")).toBe("N");
    expect(getTextByMnemonic(noMatch, "FIN")).toBeUndefined();
    expect(validateTransaction(noMatch)).toEqual([]);
    expect(() =>
      buildIdr({ context, name, cri: "WV0540000", result: { match: true, fin: "12", aNumber: "A12" } }),
    ).toThrow(/2\.903/);
  });

  it("builds an IAQ, renders it as Nlets text and answers it with an IAR", () => {
    const iaq = buildIaq({
      header: { ori: "WVIAFIS0Z", tcn: "IAQ2026011500001", date: "20260115" },
      purpose: "C",
      attention: "SYNTHETIC BOOKING DESK",
      phone: "555-0100",
      name,
      dateOfBirth: "19850317",
      sex: "M",
      placeOfBirth: "MM",
      inCustody: true,
      offense: "1313",
      aNumber: "012345678",
      cri: "WV0540000",
    });
    expect(getTextByMnemonic(iaq, "DAI")).toBe("VTICE0900");
    expect(validateTransaction(roundTrip(iaq))).toEqual([]);
    expect(formatIaqNlets(iaq)).toBe(
      [
        "IAQ.WVIAFIS0Z.AX.IAQ2026011500001.TXT",
        "PUR/C.",
        "ATN/SYNTHETIC BOOKING DESK.",
        "PHN/555-0100.",
        "NAM/SYNTHETIC, ALEX Q.",
        "DOB/19850317.",
        "SEX/M.",
        "POB/MM.",
        "CUS/Y.",
        "OFF/1313.",
        "ARN/012345678.",
        "",
      ].join("\n"),
    );
    expect(() => formatIaqNlets(buildCar(syntheticBooking()))).toThrow(/expected an IAQ/);
    const longName = buildIaq({
      header: { ori: "WVIAFIS0Z", tcn: "IAQ2026011500002", date: "20260115" },
      purpose: "C",
      attention: "DESK",
      phone: "555-0100",
      name: { surname: "Abcdefghijklmnopqrstuvwxyz", given: "Abc" },
      dateOfBirth: "19850317",
      sex: "F",
      placeOfBirth: "TX",
      inCustody: false,
      offense: "0399",
    });
    expect(formatIaqNlets(longName)).toContain("\nNAM/ABCDEFGHIJKLMNOPQRSTUVWXYZ,ABC.\nDOB/19850317.");

    const iar = buildIar({
      context: responseContextOf(iaq, { tcn: "LESC2026011500042", date: "20260115" }),
      status: "REM",
      name,
      dateOfBirth: "19850317",
      sex: "M",
      placeOfBirth: "MM",
      citizenship: "MM",
      aNumber: "012345678",
      criminalHistory: [
        { date: "20240101", ncic: "5404", literal: "DUI", disposition: "C" },
        { ncic: "1313", literal: "SIMPLE ASSAULT", disposition: "A" },
      ],
      remarks: "SYNTHETIC RECORD\nNO REAL PERSON",
      copyTo: ["VTICE0900"],
    });
    expect(getTextByMnemonic(iar, "TCR")).toBe("IAQ2026011500001");
    expect(getTextByMnemonic(iar, "DAI")).toBe("WVIAFIS0Z");
    expect(getValuesByMnemonic(iar, "CHS")).toHaveLength(2);
    expect(validateTransaction(roundTrip(iar))).toEqual([]);
  });
});
