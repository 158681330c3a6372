import { describe, expect, it } from "vitest";
import { buildIaq, EbtsError, formatIaqNlets, type IaqInput, parseIaqNlets } from "../src/index.js";

const input: IaqInput = {
  header: { ori: "WVIAFIS0Z", tcn: "IAQ2026011500001", date: "20260115" },
  purpose: "C",
  attention: "SYNTHETIC BOOKING DESK",
  phone: "555-0100",
  name: { surname: "SYNTHETIC", given: "ALEX", middle: "Q" },
  dateOfBirth: "19850317",
  sex: "M",
  placeOfBirth: "MM",
  inCustody: true,
  offense: "1313",
  aNumber: "012345678",
  fbiNumber: "123456AB1",
};

describe("Nlets IAQ text", () => {
  it("reads back what formatIaqNlets wrote", () => {
    const parsed = parseIaqNlets(formatIaqNlets(buildIaq(input)));
    const { header, ...fields } = input;
    expect(parsed).toEqual({
      ...fields,
      ori: header.ori,
      destination: "AX",
      control: header.tcn,
      stateId: undefined,
    });
    const rebuilt = buildIaq({ ...parsed, header: { ori: parsed.ori, tcn: header.tcn, date: header.date } });
    expect(formatIaqNlets(rebuilt)).toBe(formatIaqNlets(buildIaq(input)));
  });

  it("accepts fields on one line, in any order, without a control field", () => {
    const text =
      "IAQ.WV0000000.AX.TXT NAM/DOE, JANE. PUR/F. ATN/DESK 4. PHN/555-0101. DOB/19900101. SEX/F. POB/TX. CUS/N. OFF/0399.";
    expect(parseIaqNlets(text)).toMatchObject({
      ori: "WV0000000",
      purpose: "F",
      name: { surname: "DOE", given: "JANE" },
      inCustody: false,
      offense: "0399",
    });
    expect(parseIaqNlets(text).control).toBeUndefined();
  });

  it("lists every missing or malformed field", () => {
    const text = "IAQ.WV0000000.AX.X1.TXT\nPUR/Q.\nNAM/DOE, JANE.\nDOB/010190.\nSEX/F.\nCUS/Y.\nOFF/99.\n";
    let error: unknown;
    try {
      parseIaqNlets(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EbtsError);
    expect((error as EbtsError).problems.map((p) => `${p.tag} ${p.mnemonic}: ${p.reason}`)).toEqual([
      '2.907 PUR: "Q" is not one of C, F',
      "2.006 ATN: required field is missing",
      "2.904 PHN: required field is missing",
      '2.022 DOB: "010190" is not CCYYMMDD (mmddyy is ambiguous and not read)',
      "2.020 POB: required field is missing",
      '2.906 OFF: "99" is not a four-digit NCIC offence code',
    ]);
    expect(() => parseIaqNlets("HELLO")).toThrow(/not an Nlets IAQ/);
    expect(() => parseIaqNlets(`IAQ.WV0000000.AX.TXT ${"x".repeat(20_000)}`)).toThrow(/exceeds/);
  });
});
