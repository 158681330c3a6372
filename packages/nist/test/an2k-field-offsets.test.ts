import { describe, expect, it } from "vitest";
import { buildCar, fieldOffsets, parseTransaction, serializeTransaction } from "../src/index.js";
import { syntheticBooking } from "./ebts-fixtures.js";

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

describe("fieldOffsets", () => {
  const bytes = serializeTransaction(buildCar(syntheticBooking(10)));
  const transaction = parseTransaction(bytes);
  const offsets = fieldOffsets(bytes, transaction);

  it("points at every text field's tag, in every record", () => {
    expect(offsets.record(0)).toBe(0);
    expect(ascii(bytes, offsets.field(0, "1.004")!, 6)).toBe("1.004:");
    expect(ascii(bytes, offsets.field(1, "2.018")!, 6)).toBe("2.018:");
    const type14 = transaction.records.findIndex((record) => record.type === 14);
    expect(ascii(bytes, offsets.record(type14)!, 7)).toBe("14.001:");
    expect(ascii(bytes, offsets.field(type14, "14.013")!, 7)).toBe("14.013:");
  });

  it("finds the binary data field, whose bytes may hold separators, and the records after it", () => {
    const type14 = transaction.records
      .map((record, index) => ({ record, index }))
      .filter(({ record }) => record.type === 14);
    for (const { record, index } of type14) {
      const data =
        record.kind === "tagged" ? record.fields.find((field) => field.kind === "data") : undefined;
      if (data?.kind !== "data") throw new Error("a Type-14 record without image data");
      const tag = offsets.field(index, "14.999")!;
      expect(ascii(bytes, tag, 7)).toBe("14.999:");
      // The data view points into the same bytes, just after the tag.
      expect(data.data.byteOffset - bytes.byteOffset).toBe(tag + 7);
    }
    expect(offsets.record(transaction.records.length - 1)).toBeLessThan(bytes.length);
  });

  it("knows nothing of fields that are not there", () => {
    expect(offsets.field(1, "2.999")).toBeUndefined();
    expect(offsets.record(99)).toBeUndefined();
  });
});
