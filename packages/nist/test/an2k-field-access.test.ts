import { describe, expect, it } from "vitest";
import {
  fieldText,
  findField,
  formatTag,
  lookupText,
  type NistTransaction,
  parseTag,
  parseTransaction,
  serializeTransaction,
  type TaggedRecord,
  taggedRecordsOfType,
  textField,
  withField,
  withoutField,
  withRecord,
} from "../src/index.js";
import { fixtureFiles } from "./an2k-fixtures.js";

const [sample] = fixtureFiles();
const transaction = parseTransaction(sample?.bytes ?? new Uint8Array(0));
const typeTwo = transaction.records[1] as TaggedRecord;

describe("tags", () => {
  it("parses and formats tags", () => {
    expect(parseTag("2.018")).toEqual({ type: 2, field: 18 });
    expect(parseTag("14.999")).toEqual({ type: 14, field: 999 });
    expect(parseTag("2.18x")).toBeUndefined();
    expect(formatTag(2, 18)).toBe("2.018");
    expect(formatTag(10, 999)).toBe("10.999");
  });
});

describe("field access", () => {
  it("finds records and fields by tag", () => {
    expect(taggedRecordsOfType(transaction, 14)).toHaveLength(1);
    expect(taggedRecordsOfType(transaction, 4)).toHaveLength(0);
    expect(lookupText(transaction, "2.018")?.subfields).toEqual([["MÜLLER,JOSÉ"]]);
    expect(lookupText(transaction, "14.999")).toBeUndefined();
    expect(lookupText(transaction, "nonsense")).toBeUndefined();
    expect(fieldText(lookupText(transaction, "2.047") ?? textField(47, ""))).toBe(
      "20250101\x1f0102\x1e20240202\x1f2399",
    );
  });

  it("replaces a field in place without touching the original", () => {
    const changed = withField(typeTwo, textField(18, "ROE,JANE"));
    expect(changed.fields.map((field) => field.number)).toEqual(typeTwo.fields.map((field) => field.number));
    expect(findField(changed, 18)).toEqual(textField(18, "ROE,JANE"));
    expect(lookupText(transaction, "2.018")?.subfields).toEqual([["MÜLLER,JOSÉ"]]);
  });

  it("keeps the old tag spelling when replacing and inserts new fields in number order", () => {
    const old: TaggedRecord = {
      kind: "tagged",
      type: 9,
      fields: [
        { ...textField(1, "0"), spelling: "9.01" },
        { ...textField(2, "01"), spelling: "9.02" },
        textField(4, "S"),
      ],
    };
    expect(findField(withField(old, textField(2, "03")), 2)?.spelling).toBe("9.02");
    expect(withField(old, textField(3, "0")).fields.map((field) => field.number)).toEqual([1, 2, 3, 4]);
    expect(withField(old, textField(7, "X")).fields.map((field) => field.number)).toEqual([1, 2, 4, 7]);
    expect(withoutField(old, 2).fields.map((field) => field.number)).toEqual([1, 4]);
  });

  it("replaces a record and the written file follows", () => {
    const changed: NistTransaction = withRecord(transaction, 1, withoutField(typeTwo, 47));
    expect(transaction.records[1]).toBe(typeTwo);
    const reread = parseTransaction(serializeTransaction(changed));
    expect(lookupText(reread, "2.047")).toBeUndefined();
    expect(() => withRecord(transaction, 9, typeTwo)).toThrow(RangeError);
  });
});
