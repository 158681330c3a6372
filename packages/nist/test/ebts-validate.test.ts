import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BinaryRecord,
  buildCar,
  CAR_PROFILE,
  type EbtsProblem,
  type Field,
  hasErrors,
  type NistTransaction,
  type TaggedRecord,
  textField,
  validateTransaction,
} from "../src/index.js";
import { syntheticBooking } from "./ebts-fixtures.js";

function withType2Field(tx: NistTransaction, number: number, value: string | string[][]): NistTransaction {
  return withRecordFields(tx, 1, (fields) => [
    ...fields.filter((f) => f.number !== number),
    textField(number, value),
  ]);
}

function withRecordFields(
  tx: NistTransaction,
  index: number,
  change: (fields: TaggedRecord["fields"]) => TaggedRecord["fields"],
): NistTransaction {
  return {
    records: tx.records.map((record, i) =>
      i === index && record.kind === "tagged" ? { ...record, fields: change(record.fields) } : record,
    ),
  };
}

function errorsAt(problems: readonly EbtsProblem[], tag: string): EbtsProblem[] {
  return problems.filter((p) => p.tag === tag && p.severity === "error");
}

describe("validateTransaction", () => {
  const car = buildCar(syntheticBooking());

  it("accepts a built CAR without any problem", () => {
    expect(validateTransaction(car)).toEqual([]);
  });

  it("reports every problem, not only the first", () => {
    let broken = withType2Field(car, 24, "Q");
    broken = withType2Field(broken, 22, "19850230");
    broken = withType2Field(broken, 31, "BROWN");
    broken = withRecordFields(broken, 1, (fields) => fields.filter((f) => f.number !== 32));
    const problems = validateTransaction(broken);
    expect(errorsAt(problems, "2.024")[0]?.reason).toMatch(/not a SEX code/);
    expect(errorsAt(problems, "2.022")[0]?.reason).toMatch(/not a real date/);
    expect(errorsAt(problems, "2.031").map((p) => p.reason)).toEqual([
      expect.stringMatching(/has 5 characters; EYE takes 3/),
      expect.stringMatching(/not a EYE code/),
    ]);
    expect(errorsAt(problems, "2.032")[0]).toMatchObject({
      mnemonic: "HAI",
      reason: "mandatory field is missing",
    });
    expect(problems.every((p) => p.recordIndex <= 1)).toBe(true);
  });

  it("accepts the unknown date of birth 00000000 but not 00000000 as an arrest date", () => {
    expect(validateTransaction(withType2Field(car, 22, "00000000"))).toEqual([]);
    expect(errorsAt(validateTransaction(withType2Field(car, 45, "00000000")), "2.045")).toHaveLength(1);
  });

  it("checks leap days as real dates", () => {
    expect(errorsAt(validateTransaction(withType2Field(car, 22, "19840229")), "2.022")).toHaveLength(0);
    expect(errorsAt(validateTransaction(withType2Field(car, 22, "19850229")), "2.022")).toHaveLength(1);
  });

  it("rejects dates after the transaction date and an arrest before birth", () => {
    const problems = validateTransaction(withType2Field(car, 45, "20270101"));
    expect(errorsAt(problems, "2.045")[0]?.reason).toMatch(/after the transaction date/);
    const early = validateTransaction(withType2Field(car, 45, "19800101"));
    expect(errorsAt(early, "2.045")[0]?.reason).toMatch(/before the date of birth/);
  });

  it("checks grouped ASL items, the NCIC offence code and occurrence limits", () => {
    const asl = [
      ["20261399", "THEFT", "2399"],
      ["", " LEADING BLANK", "9999"],
      ["", "OK", "2399", "EXTRA"],
    ];
    const problems = errorsAt(validateTransaction(withType2Field(car, 47, asl)), "2.047");
    const reasons = problems.map((p) => p.reason);
    expect(reasons).toContainEqual(expect.stringMatching(/subfield 1: item 1 DOO: .*not a real date/));
    expect(reasons).toContainEqual(expect.stringMatching(/subfield 2: item 2 AOL/));
    expect(reasons).toContainEqual(
      expect.stringMatching(/subfield 2: item 3 NCC: "9999" is not a four-digit NCIC/),
    );
    expect(reasons).toContainEqual(expect.stringMatching(/subfield 3: has 4 information items/));
    const many = Array.from({ length: 41 }, () => ["", "THEFT", "2399"]);
    expect(errorsAt(validateTransaction(withType2Field(car, 47, many)), "2.047")[0]?.reason).toMatch(
      /has 41 subfields; ASL takes 1-40/,
    );
  });

  it("checks name shape, height and weight formats", () => {
    expect(errorsAt(validateTransaction(withType2Field(car, 18, "NOCOMMA")), "2.018")).toHaveLength(1);
    expect(errorsAt(validateTransaction(withType2Field(car, 18, "DOE, JOHN")), "2.018")).toHaveLength(1);
    expect(errorsAt(validateTransaction(withType2Field(car, 18, "DOE2,JOHN")), "2.018")[0]?.reason).toMatch(
      /alphabetic-special/,
    );
    expect(errorsAt(validateTransaction(withType2Field(car, 27, "512")), "2.027")).toHaveLength(1);
    expect(errorsAt(validateTransaction(withType2Field(car, 27, "N70")), "2.027")).toHaveLength(0);
    expect(errorsAt(validateTransaction(withType2Field(car, 29, "040")), "2.029")).toHaveLength(1);
  });

  it("warns about fields the profile does not define", () => {
    const problems = validateTransaction(withType2Field(car, 250, "STATE FIELD"));
    expect(problems).toEqual([expect.objectContaining({ tag: "2.250", mnemonic: "-", severity: "warning" })]);
    expect(hasErrors(problems)).toBe(false);
  });

  it("enforces record counts and 1.003 CNT agreement", () => {
    const noImages = { records: car.records.slice(0, 2) };
    const problems = validateTransaction(noImages);
    expect(problems.map((p) => p.reason)).toContainEqual("CAR takes 1-14 Type-4 or Type-14 records, found 0");
    expect(problems.map((p) => p.reason)).toContainEqual(
      expect.stringMatching(/lists 11 records but the transaction has 1 after/),
    );
    const extra: TaggedRecord = { kind: "tagged", type: 9, fields: [textField(1, "0"), textField(2, "11")] };
    const withType9 = validateTransaction({ records: [...car.records, extra] });
    expect(withType9.map((p) => p.reason)).toContainEqual("CAR does not allow Type-9 records, found 1");
  });

  it("reports a missing profile but still checks the Type-1", () => {
    const tx = withRecordFields(car, 0, (fields) =>
      fields.map((f) => (f.number === 4 ? textField(4, "NFUF") : f.number === 9 ? textField(9, "SHORT") : f)),
    );
    const problems = validateTransaction(tx);
    expect(errorsAt(problems, "1.004")[0]?.reason).toMatch(/no EBTS profile for TOT "NFUF"/);
    expect(errorsAt(problems, "1.009")[0]?.reason).toMatch(/has 5 characters; TCN takes 10-40/);
  });

  it("flags a TOT that differs from the requested profile", () => {
    const cna = withRecordFields(car, 0, (fields) =>
      fields.map((f) => (f.number === 4 ? textField(4, "CNA") : f)),
    );
    expect(errorsAt(validateTransaction(cna, CAR_PROFILE), "1.004")).toHaveLength(1);
    expect(validateTransaction(cna)).toContainEqual(
      expect.objectContaining({ tag: "2.070", severity: "warning" }),
    );
  });

  it("checks Type-14 image fields and the payload size", () => {
    const tx = withRecordFields(car, 2, (fields) =>
      fields.map((f) =>
        f.number === 13
          ? textField(13, "16")
          : f.number === 6
            ? textField(6, "41")
            : f.number === 11
              ? textField(11, "WSQ")
              : f,
      ),
    );
    const problems = validateTransaction(tx).filter((p) => p.recordIndex === 2);
    expect(problems.map((p) => p.tag)).toEqual(["14.011", "14.013"]);
    const noneTx = withRecordFields(car, 2, (fields) =>
      fields.map((f) => (f.number === 6 ? textField(6, "41") : f)),
    );
    expect(validateTransaction(noneTx)).toEqual([
      expect.objectContaining({
        recordIndex: 2,
        tag: "14.999",
        reason: expect.stringMatching(/2000 bytes; HLL x VLL x BPX \/ 8 is 2050/),
      }),
    ]);
  });

  it("checks binary Type-4 headers", () => {
    const type4: BinaryRecord = {
      kind: "binary",
      type: 4,
      header: { IDC: 11, IMP: 7, FGP: [22, 255, 255, 255, 255, 255], ISR: 1, HLL: 10, VLL: 10, CGA: 1 },
      data: new Uint8Array([0x00, 0x01]),
    };
    const problems = validateTransaction({ records: [...car.records, type4] }).filter(
      (p) => p.recordIndex === 12,
    );
    expect(problems.map((p) => p.mnemonic)).toEqual(["IMP", "FGP", "DAT"]);
  });

  it("survives structurally odd input without throwing", () => {
    expect(validateTransaction({ records: [] })[0]?.reason).toMatch(/first record must be the Type-1/);
    const textData = withRecordFields(car, 2, (fields) =>
      fields.map((f) => (f.number === 999 ? textField(999, "x") : f)),
    );
    expect(errorsAt(validateTransaction(textData), "14.999")[0]?.reason).toMatch(/binary/);
    const empty = withRecordFields(car, 1, (fields) =>
      fields.map((f) => (f.number === 18 ? { ...f, subfields: [] } : f)),
    );
    expect(errorsAt(validateTransaction(empty), "2.018")[0]?.reason).toMatch(/has 0 subfields/);
  });
});

describe("validateTransaction on arbitrary field content", () => {
  const car = buildCar(syntheticBooking(2));

  it("never throws and always names a record, tag and reason", () => {
    const subfields = fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }), { maxLength: 4 });
    const edit = fc.record({
      record: fc.integer({ min: 0, max: car.records.length - 1 }),
      number: fc.integer({ min: 1, max: 999 }),
      value: fc.oneof(subfields, fc.uint8Array({ maxLength: 8 })),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        let tx: NistTransaction = car;
        for (const { record, number, value } of edits) {
          const field: Field =
            value instanceof Uint8Array
              ? { kind: "data", number, data: value }
              : { kind: "text", number, subfields: value };
          tx = withRecordFields(tx, record, (fields) => [
            ...fields.filter((f) => f.number !== number),
            field,
          ]);
        }
        for (const problem of validateTransaction(tx)) {
          expect(problem.reason.length).toBeGreaterThan(0);
          expect(problem.tag).toMatch(/^\d{1,2}\.\d{3}$/);
          expect(problem.recordIndex).toBeLessThan(tx.records.length);
        }
      }),
      { numRuns: 300, seed: 20260115 },
    );
  });
});
