import { describe, expect, it } from "vitest";
import {
  buildCar,
  DEFAULT_MAX_PROBLEMS,
  errtMessages,
  type NistTransaction,
  textField,
  validateTransactionReport,
} from "../src/index.js";
import { syntheticBooking } from "./ebts-fixtures.js";

/** The CAR with Type-2 field `number` replaced by `subfields` copies of `items` (issue 16, finding 3). */
function withHugeType2Field(number: number, subfields: number, items: string[]): NistTransaction {
  const car = buildCar(syntheticBooking());
  const value = Array.from({ length: subfields }, () => items);
  return {
    records: car.records.map((record, index) =>
      index === 1 && record.kind === "tagged"
        ? {
            ...record,
            fields: [...record.fields.filter((f) => f.number !== number), textField(number, value)],
          }
        : record,
    ),
  };
}

describe("validation bounded by the input", () => {
  it("validates 200,000 subfields of 3 items in a date field without overflowing the stack", () => {
    // 2.047 is read as a list of dates: it was spread into push(), beyond the engine's argument limit.
    const report = validateTransactionReport(withHugeType2Field(47, 200_000, ["20990101", "X", "Y"]));
    expect(report.errors).toBeGreaterThan(200_000);
    expect(report.problems).toHaveLength(DEFAULT_MAX_PROBLEMS);
  });

  it("keeps the first problems of 40,000 and counts them all; the ERRT says how many more", () => {
    const report = validateTransactionReport(withHugeType2Field(18, 40_000, ["@"]), { maxProblems: 25 });
    expect(report.problems).toHaveLength(25);
    expect(report.total).toBeGreaterThanOrEqual(40_000);
    const lines = errtMessages(report.problems, report.errors);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe(`and ${report.errors - 10} more problems`);
  });
});
