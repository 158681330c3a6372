import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type BinaryRecord,
  type DataField,
  fieldText,
  findField,
  lookupText,
  NistError,
  type NistTransaction,
  parseTransaction,
  recordsOfType,
  serializeTransaction,
  type TaggedRecord,
  textField,
  withField,
  withRecord,
} from "../src/index.js";
import { firstDifference, fixtureFiles, RS, US } from "./an2k-fixtures.js";
import { hasSharedData, readShared, SHARED_FINGERPRINTS } from "./shared-data.js";

const NBIS_DIR = "nbis-an2k-testdata";
const fixtures = fixtureFiles();

function fixture(prefix: string): Uint8Array {
  const found = fixtures.find((candidate) => candidate.name.startsWith(prefix));
  if (!found) throw new Error(`no fixture ${prefix}`);
  return found.bytes;
}

function tagged(transaction: NistTransaction, index: number): TaggedRecord {
  const record = transaction.records[index];
  if (record?.kind !== "tagged") throw new Error(`record ${index} is not tagged`);
  return record;
}

describe("traditional encoding round trip on built files", () => {
  it.each(fixtures.map((file) => [file.name, file.bytes] as const))(
    "%s rewrites byte for byte",
    (_name, bytes) => {
      expect(firstDifference(serializeTransaction(parseTransaction(bytes)), bytes)).toBe(-1);
    },
  );

  it("reads the record types from CNT, binary headers, and text as subfields and items", () => {
    const transaction = parseTransaction(fixture("v0500"));
    expect(transaction.records.map((record) => `${record.kind}:${record.type}`)).toEqual([
      "tagged:1",
      "tagged:2",
      "binary:4",
      "tagged:9",
      "tagged:14",
    ]);
    expect(lookupText(transaction, "1.002")?.subfields).toEqual([["0500"]]);
    expect(lookupText(transaction, "2.018")?.subfields).toEqual([["MÜLLER,JOSÉ"]]);
    expect(lookupText(transaction, "2.018")?.encoding).toBeUndefined();
    expect(lookupText(transaction, "2.047")?.subfields).toEqual([
      ["20250101", "0102"],
      ["20240202", "2399"],
    ]);
    expect(lookupText(transaction, "2.073")?.subfields).toEqual([[""]]);
    const typeFour = transaction.records[2] as BinaryRecord;
    expect(typeFour.header).toEqual({
      IDC: 1,
      IMP: 1,
      FGP: [1, 255, 255, 255, 255, 255],
      ISR: 1,
      HLL: 16,
      VLL: 12,
      CGA: 1,
    });
    expect(typeFour.data.length).toBe(192);
  });

  it("keeps binary data as views into the source bytes", () => {
    const bytes = fixture("v0500");
    const transaction = parseTransaction(bytes);
    const image = findField(tagged(transaction, 4), 999) as DataField;
    expect(image.kind).toBe("data");
    expect(image.data.buffer).toBe(bytes.buffer);
    expect(image.data.length).toBe(300 + 3 * 7);
    expect((transaction.records[2] as BinaryRecord).data.buffer).toBe(bytes.buffer);
  });

  it("reads type 7 and type 8 headers", () => {
    const transaction = parseTransaction(fixture("v0400"));
    const [typeSeven] = recordsOfType(transaction, 7) as BinaryRecord[];
    const [typeEight] = recordsOfType(transaction, 8) as BinaryRecord[];
    expect(typeSeven?.header).toEqual({ IDC: 1 });
    expect(typeSeven?.data.length).toBe(57);
    expect(typeEight?.header).toEqual({ IDC: 2, SIG: 0, SRT: 0, ISR: 1, HLL: 40, VLL: 10 });
  });

  it("decodes bytes that are not UTF-8 as Latin-1 and writes them back as such", () => {
    const transaction = parseTransaction(fixture("v0502"));
    const name = lookupText(transaction, "2.018");
    expect(name?.subfields).toEqual([["MüLLER,JOSÉ"]]);
    expect(name?.encoding).toBe("latin1");
    expect(recordsOfType(transaction, 98)).toHaveLength(1);
    expect(findField(tagged(transaction, 8), 999)?.kind).toBe("data");
  });

  it("keeps old two-digit tag spellings", () => {
    const transaction = parseTransaction(fixture("v0201"));
    const typeOne = tagged(transaction, 0);
    expect(typeOne.fields.map((field) => field.spelling)).toContain("1.01");
    expect(findField(typeOne, 3)?.spelling).toBe("1.03");
    expect(findField(tagged(transaction, 2), 1)?.spelling).toBe("9.01");
    expect(findField(tagged(transaction, 1), 18)?.spelling).toBeUndefined();
  });

  it("reads a transaction with only the Type-1 record", () => {
    const transaction = parseTransaction(fixture("v0300"));
    expect(transaction.records).toHaveLength(1);
    expect(fieldText(lookupText(transaction, "1.003") ?? textField(3, ""))).toBe(`1${US}0`);
  });
});

describe("writer computes LEN and CNT", () => {
  it("derives them for a transaction built without them", () => {
    const transaction: NistTransaction = {
      records: [
        { kind: "tagged", type: 1, fields: [textField(2, "0502"), textField(4, "CAR")] },
        { kind: "tagged", type: 2, fields: [textField(2, "07"), textField(18, "ROE,JANE")] },
        {
          kind: "binary",
          type: 4,
          header: { IDC: 3, IMP: 0, FGP: [2, 255, 255, 255, 255, 255], ISR: 0, HLL: 2, VLL: 2, CGA: 0 },
          data: Uint8Array.of(1, 2, 3, 4),
        },
      ],
    };
    const bytes = serializeTransaction(transaction);
    const text = new TextDecoder().decode(bytes.subarray(0, 60));
    expect(
      text.startsWith(`1.001:50\x1d1.002:0502\x1d1.003:1${US}2${RS}2${US}07${RS}4${US}03\x1d1.004:CAR\x1c`),
    ).toBe(true);
    expect(bytes.length).toBe(50 + 33 + 22);
    const read = parseTransaction(bytes);
    expect(lookupText(read, "2.001")?.subfields).toEqual([["33"]]);
    expect((read.records[2] as BinaryRecord).data).toEqual(Uint8Array.of(1, 2, 3, 4));
  });

  it("recomputes LEN when a field changes (a real rewrite, not an echo)", () => {
    const bytes = fixture("v0500");
    const original = parseTransaction(bytes);
    const changed = withRecord(original, 1, withField(tagged(original, 1), textField(18, "A,B")));
    const rewritten = serializeTransaction(changed);
    const reread = parseTransaction(rewritten);
    expect(lookupText(reread, "2.018")?.subfields).toEqual([["A,B"]]);
    const oldLen = Number(lookupText(original, "2.001")?.subfields[0]?.[0]);
    expect(lookupText(reread, "2.001")?.subfields).toEqual([[String(oldLen - 13 + 3)]]);
    expect(rewritten.length).toBe(bytes.length - 13 + 3);
  });

  it("updates CNT when records are dropped", () => {
    const original = parseTransaction(fixture("v0400"));
    const fewer = { records: original.records.filter((record) => record.type !== 7) };
    const reread = parseTransaction(serializeTransaction(fewer));
    expect(lookupText(reread, "1.003")?.subfields).toEqual([
      ["1", "4"],
      ["2", "00"],
      ["8", "02"],
      ["10", "03"],
      ["13", "04"],
    ]);
  });

  it("rejects models it cannot write faithfully", () => {
    const base = parseTransaction(fixture("v0500"));
    const typeTwo = tagged(base, 1);
    const cases: [NistTransaction, string][] = [
      [withRecord(base, 1, withField(typeTwo, textField(18, "A\x1dB"))), "BAD_SEPARATOR"],
      [withRecord(base, 1, withField(typeTwo, { ...textField(18, "Ω"), encoding: "latin1" })), "BAD_VALUE"],
      [
        withRecord(base, 1, withField(typeTwo, { kind: "data", number: 19, data: new Uint8Array(1) })),
        "BAD_VALUE",
      ],
      [withRecord(base, 1, withField(typeTwo, { ...textField(18, "X"), spelling: "2.19" })), "BAD_TAG"],
      [withRecord(base, 2, { ...(base.records[2] as BinaryRecord), header: { IDC: 1 } }), "BAD_VALUE"],
      [{ records: base.records.slice(1) }, "BAD_VALUE"],
      [withRecord(base, 1, { ...typeTwo, fields: [...typeTwo.fields, textField(5, "N")] }), "BAD_TAG"],
      [withRecord(base, 1, withField(typeTwo, textField(2, "007"))), "BAD_VALUE"],
      [withRecord(base, 0, withField(tagged(base, 0), textField(2, "5.0"))), "BAD_VALUE"],
    ];
    for (const [transaction, code] of cases) {
      expect(() => serializeTransaction(transaction)).toThrow(NistError);
      try {
        serializeTransaction(transaction);
      } catch (error) {
        expect((error as NistError).code).toBe(code);
      }
    }
  });
});

describe.skipIf(!hasSharedData)("NBIS AN2K test files", () => {
  const names = hasSharedData
    ? readdirSync(join(SHARED_FINGERPRINTS, NBIS_DIR)).filter((name) => name.endsWith(".an2"))
    : [];

  it("finds the files", () => {
    expect(names.length).toBeGreaterThanOrEqual(18);
  });

  it.each(names)("%s rewrites byte for byte", (name) => {
    const bytes = readShared(join(NBIS_DIR, name));
    expect(firstDifference(serializeTransaction(parseTransaction(bytes)), bytes)).toBe(-1);
  });

  it("reads every record of valid1.9 (types 4, 7, 8, 10, 14, 17)", () => {
    const transaction = parseTransaction(readShared(join(NBIS_DIR, "valid1.9.an2")));
    expect(transaction.records.map((record) => record.type)).toEqual([1, 2, 4, 7, 8, 10, 14, 17]);
    expect((transaction.records[4] as BinaryRecord).header).toMatchObject({ IDC: 9, HLL: 1000, VLL: 375 });
    expect(lookupText(transaction, "1.002")?.subfields).toEqual([["0201"]]);
  });
});
