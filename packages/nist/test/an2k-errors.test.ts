import { describe, expect, it } from "vitest";
import {
  NistError,
  type NistErrorCode,
  type NistErrorLocation,
  type ParseLimits,
  parseTransaction,
} from "../src/index.js";
import {
  binaryRecord,
  concat,
  FS,
  fixtureFiles,
  GS,
  pseudoRandomBytes,
  RS,
  taggedRecord,
  transactionFile,
  US,
} from "./an2k-fixtures.js";

const encoder = new TextEncoder();

function typeTwo(fields: readonly (readonly [string, string])[] = []): {
  type: number;
  idc: string;
  bytes: Uint8Array;
} {
  return { type: 2, idc: "00", bytes: taggedRecord(2, [["2.002", "00"], ...fields]) };
}

function expectError(
  bytes: Uint8Array,
  code: NistErrorCode,
  location: NistErrorLocation,
  limits?: Partial<ParseLimits>,
): NistError {
  let caught: unknown;
  try {
    parseTransaction(bytes, limits ? { limits } : {});
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(NistError);
  const error = caught as NistError;
  expect({ code: error.code, ...error.location }).toMatchObject({ code, ...location });
  return error;
}

const good = transactionFile("0500", [typeTwo([["2.018", "DOE,JOHN"]])]);
const typeOneLength = Number(new TextDecoder().decode(good.subarray(6, 9)));

describe("malformed transactions give a NistError naming record, field and byte", () => {
  it("rejects an empty file", () => {
    expectError(new Uint8Array(0), "TRUNCATED", { offset: 0 });
  });

  it("rejects a file that does not start with a Type-1 LEN", () => {
    expectError(encoder.encode("2.001:10\x1d2.002:00\x1c"), "BAD_TAG", {
      recordIndex: 0,
      recordType: 1,
      offset: 0,
    });
    expectError(encoder.encode("1.002:0500\x1c"), "BAD_TAG", { recordIndex: 0, offset: 0 });
    expectError(encoder.encode("hello world"), "BAD_TAG", { recordIndex: 0, offset: 0 });
  });

  it("rejects a LEN that overruns the file or misses the FS", () => {
    expectError(good.subarray(0, 100), "TRUNCATED", { recordIndex: 0, offset: 0 });
    const shortLen = encoder.encode(`1.001:${typeOneLength - 1}`);
    expectError(concat([shortLen, good.subarray(9)]), "BAD_LENGTH", {
      recordIndex: 0,
      offset: typeOneLength - 2,
    });
    expectError(encoder.encode("1.001:x\x1d"), "BAD_LENGTH", { recordIndex: 0, tag: "1.001", offset: 6 });
    expectError(encoder.encode("1.001:99999999999\x1d"), "BAD_LENGTH", { recordIndex: 0, tag: "1.001" });
  });

  it("names the field and byte of a separator inside a value", () => {
    const bytes = transactionFile("0500", [typeTwo([["2.018", `DOE${FS}JOHN`]])]);
    const error = expectError(bytes, "BAD_SEPARATOR", {
      recordIndex: 1,
      recordType: 2,
      tag: "2.018",
      offset: typeOneLength + bytes.subarray(typeOneLength).indexOf(0x1c),
    });
    expect(error.message).toMatch(/^record 1 \(Type-2\), field 2\.018, byte \d+: /);
  });

  it("rejects duplicate fields, tags of another record type and empty fields", () => {
    expectError(
      transactionFile("0500", [
        typeTwo([
          ["2.018", "A"],
          ["2.018", "B"],
        ]),
      ]),
      "BAD_TAG",
      {
        recordIndex: 1,
        tag: "2.018",
      },
    );
    expectError(transactionFile("0500", [typeTwo([["3.018", "A"]])]), "BAD_TAG", {
      recordIndex: 1,
      recordType: 2,
    });
    const emptyField = transactionFile("0500", [
      { type: 2, idc: "00", bytes: taggedRecord(2, [["2.002", `00${GS}`]]) },
    ]);
    expectError(emptyField, "BAD_TAG", { recordIndex: 1 });
  });

  it("checks 1.003 CNT against the records", () => {
    const missing = concat([taggedRecord(1, [["1.002", "0500"]]), typeTwo().bytes]);
    expectError(missing, "BAD_COUNT", { recordIndex: 0, tag: "1.003" });
    const wrongCount = concat([
      taggedRecord(1, [
        ["1.002", "0500"],
        ["1.003", `1${US}2${RS}2${US}00`],
      ]),
      typeTwo().bytes,
    ]);
    expectError(wrongCount, "BAD_COUNT", { recordIndex: 0, tag: "1.003" });
    const badType = concat([
      taggedRecord(1, [
        ["1.002", "0500"],
        ["1.003", `1${US}1${RS}1${US}00`],
      ]),
      typeTwo().bytes,
    ]);
    expectError(badType, "BAD_COUNT", { tag: "1.003" });
    expectError(transactionFile("0500", [{ ...typeTwo(), idc: "01" }]), "BAD_COUNT", {
      recordIndex: 1,
      recordType: 2,
      tag: "2.002",
    });
    expectError(concat([good, encoder.encode("extra")]), "BAD_COUNT", { offset: good.length });
    const twoListed = transactionFile("0500", [typeTwo(), typeTwo()]);
    expectError(twoListed.subarray(0, good.length - 13), "TRUNCATED", { recordIndex: 1 });
  });

  it("rejects a bad 1.002 VER", () => {
    expectError(transactionFile("5", [typeTwo()]), "BAD_VALUE", { recordIndex: 0, tag: "1.002" });
  });

  it("checks binary record lengths", () => {
    const header = [1, 1, 1, 255, 255, 255, 255, 255, 1, 0, 2, 0, 2, 0];
    const record = binaryRecord(header, pseudoRandomBytes(4, 1));
    const file = (bytes: Uint8Array) => transactionFile("0500", [typeTwo(), { type: 4, idc: "01", bytes }]);
    const typeFourAt = file(record).length - record.length;
    const tooShort = record.slice();
    tooShort[3] = 10;
    expectError(file(tooShort), "BAD_LENGTH", { recordIndex: 2, recordType: 4, offset: typeFourAt });
    const absurd = record.slice();
    absurd.set([255, 255, 255, 255], 0);
    expectError(file(absurd), "LIMIT_EXCEEDED", { recordIndex: 2, recordType: 4 });
    const overrun = record.slice();
    overrun[3] = 200;
    expectError(file(overrun), "TRUNCATED", { recordIndex: 2, recordType: 4, offset: typeFourAt });
    expectError(file(record.subarray(0, 2)), "TRUNCATED", { recordIndex: 2, recordType: 4 });
  });

  it("enforces the limits", () => {
    const [first] = fixtureFiles();
    const bytes = first?.bytes ?? new Uint8Array(0);
    expectError(bytes, "LIMIT_EXCEEDED", { offset: 0 }, { maxFileBytes: 100 });
    expectError(bytes, "LIMIT_EXCEEDED", { recordIndex: 0, tag: "1.003" }, { maxRecords: 2 });
    expectError(bytes, "LIMIT_EXCEEDED", { recordIndex: 0 }, { maxRecordBytes: 50 });
    expectError(bytes, "LIMIT_EXCEEDED", { recordIndex: 0 }, { maxFieldsPerRecord: 5 });
    expectError(bytes, "LIMIT_EXCEEDED", {}, { maxItems: 20 });
    expect(parseTransaction(bytes).records).toHaveLength(5);
    const separatorsOnly = transactionFile("0500", [typeTwo([["2.018", US.repeat(10_000)]])]);
    expectError(separatorsOnly, "LIMIT_EXCEEDED", { recordIndex: 1, tag: "2.018" }, { maxItems: 100 });
  });
});
