import type { NistTransaction } from "./transaction.js";

const FS = 0x1c;
const GS = 0x1d;
const COLON = 0x3a;

/** Where each record and field starts in the file, for pointing at a problem. */
export interface FieldOffsets {
  /** Byte offset of record `recordIndex` (transmission order, 0 = Type-1). */
  record(recordIndex: number): number | undefined;
  /** Byte offset of a field's tag ("2.018") in record `recordIndex`. */
  field(recordIndex: number, tag: string): number | undefined;
}

function asciiDigits(bytes: Uint8Array, from: number, end: number): number {
  let value = 0;
  let at = from;
  while (at < end && bytes[at]! >= 0x30 && bytes[at]! <= 0x39) value = value * 10 + bytes[at++]! - 0x30;
  return at === from ? Number.NaN : value;
}

/**
 * The byte offsets of the records and fields of a parsed transaction in the bytes it was parsed from.
 * Records follow one another by their LEN; a tagged record's fields are found by their separators up to
 * its binary data field, which runs to the record's end. Tags are keyed as "T.FFF" (three digits),
 * whatever spelling the file used.
 */
export function fieldOffsets(bytes: Uint8Array, transaction: NistTransaction): FieldOffsets {
  const records: number[] = [];
  const fields = new Map<string, number>();
  let start = 0;
  transaction.records.forEach((record, index) => {
    if (start >= bytes.length) return;
    records[index] = start;
    let length: number;
    if (record.kind === "binary") {
      length =
        ((bytes[start]! << 24) | (bytes[start + 1]! << 16) | (bytes[start + 2]! << 8) | bytes[start + 3]!) >>>
        0;
    } else {
      let at = start;
      length = Number.NaN;
      while (at < bytes.length) {
        const tagStart = at;
        while (at < bytes.length && bytes[at] !== COLON) at++;
        const tag = new TextDecoder().decode(bytes.subarray(tagStart, at));
        const [type, number] = tag.split(".").map(Number);
        const key = `${type}.${String(number).padStart(3, "0")}`;
        fields.set(`${index}:${key}`, tagStart);
        if (number === 1) length = asciiDigits(bytes, at + 1, bytes.length);
        const field = record.fields.find((candidate) => candidate.number === number);
        // A binary data field runs to the end of the record: its bytes may hold any separator.
        if (field?.kind === "data") break;
        while (at < bytes.length && bytes[at] !== GS && bytes[at] !== FS) at++;
        if (at >= bytes.length || bytes[at] === FS) break;
        at++;
      }
    }
    start += Number.isFinite(length) && length > 0 ? length : bytes.length;
  });
  return {
    record: (recordIndex) => records[recordIndex],
    field: (recordIndex, tag) => {
      const [type, number] = tag.split(".").map(Number);
      return fields.get(`${recordIndex}:${type}.${String(number).padStart(3, "0")}`);
    },
  };
}
