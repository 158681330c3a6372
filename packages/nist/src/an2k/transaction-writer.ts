import { BINARY_RECORD_LAYOUTS, binaryRecordLength, isBinaryRecordType } from "./binary-record-layouts.js";
import { findField, formatTag } from "./field-access.js";
import { NistError, type NistErrorLocation } from "./nist-error.js";
import {
  IDC_PATTERN,
  MAX_FIELD_NUMBER,
  MAX_RECORD_TYPE,
  MIN_RECORD_TYPE,
  singleValue,
  VERSION_PATTERN,
} from "./record-rules.js";
import { DATA_FIELD_NUMBER, FS, GS, isSeparator, RS, US } from "./separators.js";
import { encodeLatin1, encodeUtf8 } from "./text-encoding.js";
import type {
  BinaryRecord,
  Field,
  NistRecord,
  NistTransaction,
  TaggedRecord,
  TextField,
} from "./transaction.js";

const GS_BYTE = Uint8Array.of(GS);
const FS_BYTE = Uint8Array.of(FS);
const MAX_BINARY_LENGTH = 0xffffffff;
const SPELLING = /^(\d{1,3})\.(\d{1,3})$/;

/**
 * Writes a transaction in the traditional encoding. Every LEN (x.001 and the binary LEN) and 1.003 CNT
 * are computed from the records, whatever the model holds for them; IDCs come from x.002 of tagged
 * records and from the header of binary records. Tags keep their source spelling. Throws a NistError
 * when the model cannot be written as a file that reads back the same (separators inside values,
 * header values out of range, a data field that is not last, ...).
 */
export function serializeTransaction(transaction: NistTransaction): Uint8Array {
  const { records } = transaction;
  const first = records[0];
  if (first?.kind !== "tagged" || first.type !== 1) {
    throw new NistError("BAD_VALUE", "a transaction must start with its Type-1 record", { recordIndex: 0 });
  }
  if (!VERSION_PATTERN.test(singleValue(findField(first, 2)) ?? "")) {
    const location = { recordIndex: 0, recordType: 1, tag: "1.002" };
    throw new NistError("BAD_VALUE", "1.002 VER must be four digits such as 0500", location);
  }
  const contents: string[][] = [["1", String(records.length - 1)]];
  for (const [index, record] of records.entries()) {
    if (index > 0) contents.push([String(record.type), contentIdc(record, index)]);
  }

  const chunks: Uint8Array[] = [];
  for (const [index, record] of records.entries()) {
    if (record.kind === "binary") writeBinaryRecord(record, index, chunks);
    else writeTaggedRecord(index === 0 ? withContents(record, contents) : record, index, chunks);
  }

  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const output = new Uint8Array(total);
  let position = 0;
  for (const chunk of chunks) {
    output.set(chunk, position);
    position += chunk.length;
  }
  return output;
}

/** The IDC as written in 1.003 CNT for a record after the Type-1. */
function contentIdc(record: NistRecord, recordIndex: number): string {
  const location = { recordIndex, recordType: record.type };
  if (!Number.isInteger(record.type) || record.type < MIN_RECORD_TYPE || record.type > MAX_RECORD_TYPE) {
    const reason = `record types after the first run from ${MIN_RECORD_TYPE} to ${MAX_RECORD_TYPE}`;
    throw new NistError("BAD_VALUE", reason, location);
  }
  if (record.kind === "binary") {
    if (!isBinaryRecordType(record.type))
      throw new NistError("BAD_VALUE", "binary records are types 3–8", location);
    const idc = record.header.IDC;
    if (typeof idc !== "number" || !Number.isInteger(idc) || idc < 0 || idc > 99) {
      throw new NistError("BAD_VALUE", "header value IDC must be an integer from 0 to 99", {
        ...location,
        tag: formatTag(record.type, 2),
      });
    }
    return String(idc).padStart(2, "0");
  }
  if (isBinaryRecordType(record.type)) {
    throw new NistError("BAD_VALUE", `Type-${record.type} records are binary, not tagged`, location);
  }
  const idc = singleValue(findField(record, 2));
  if (idc === undefined || !IDC_PATTERN.test(idc)) {
    throw new NistError("BAD_VALUE", "field 2 must hold the record's IDC, one or two digits", {
      ...location,
      tag: formatTag(record.type, 2),
    });
  }
  return idc;
}

/** The Type-1 record with 1.003 CNT set to `contents`, added after 1.002 when the model lacks it. */
function withContents(typeOne: TaggedRecord, contents: readonly (readonly string[])[]): TaggedRecord {
  const existing = typeOne.fields.findIndex((field) => field.number === 3);
  const fields = [...typeOne.fields];
  if (existing >= 0) {
    const old = fields[existing] as Field;
    fields[existing] =
      old.spelling === undefined
        ? { kind: "text", number: 3, subfields: contents }
        : { kind: "text", number: 3, spelling: old.spelling, subfields: contents };
  } else {
    const version = fields.findIndex((field) => field.number === 2);
    fields.splice(version >= 0 ? version + 1 : 0, 0, { kind: "text", number: 3, subfields: contents });
  }
  return { ...typeOne, fields };
}

function writeTaggedRecord(record: TaggedRecord, recordIndex: number, chunks: Uint8Array[]): void {
  const { type } = record;
  const lenField = record.fields.find((field) => field.number === 1);
  const lenPrefix = encodeUtf8(`${tagSpelling(lenField ?? { number: 1 }, type, recordIndex)}:`);
  const body: Uint8Array[] = [];
  let bodyBytes = 0;
  const others = record.fields.filter((field) => field.number !== 1);
  const seen = new Set<number>([1]);
  for (const [position, field] of others.entries()) {
    const location = { recordIndex, recordType: type, tag: formatTag(type, field.number) };
    if (!Number.isInteger(field.number) || field.number < 1 || field.number > MAX_FIELD_NUMBER) {
      throw new NistError("BAD_TAG", `field numbers run from 1 to ${MAX_FIELD_NUMBER}`, location);
    }
    if (seen.has(field.number))
      throw new NistError("BAD_TAG", "the field appears twice in the record", location);
    seen.add(field.number);
    const tag = tagSpelling(field, type, recordIndex);
    let encoded: Uint8Array[];
    if (field.kind === "data") {
      if (field.number !== DATA_FIELD_NUMBER || type === 1 || position !== others.length - 1) {
        throw new NistError(
          "BAD_VALUE",
          `binary data must be the last field, numbered ${DATA_FIELD_NUMBER}`,
          location,
        );
      }
      encoded = [encodeUtf8(`${tag}:`), field.data];
    } else {
      if (field.number === DATA_FIELD_NUMBER && type !== 1) {
        throw new NistError("BAD_VALUE", `field ${DATA_FIELD_NUMBER} holds binary data, not text`, location);
      }
      encoded = [encodeText(field, tag, location)];
    }
    body.push(GS_BYTE, ...encoded);
    bodyBytes += 1;
    for (const chunk of encoded) bodyBytes += chunk.length;
  }
  body.push(FS_BYTE);
  bodyBytes += 1;

  // LEN counts its own digits, so grow the digit count until the total agrees with it.
  const fixed = lenPrefix.length + bodyBytes;
  let digits = 1;
  while (String(fixed + digits).length !== digits) digits++;
  chunks.push(lenPrefix, encodeUtf8(String(fixed + digits)), ...body);
}

function encodeText(field: TextField, tag: string, location: NistErrorLocation): Uint8Array {
  for (const items of field.subfields) {
    for (const item of items) {
      if (hasSeparator(item)) {
        throw new NistError(
          "BAD_SEPARATOR",
          "a value contains an FS, GS, RS or US separator character",
          location,
        );
      }
    }
  }
  const text = `${tag}:${field.subfields.map((items) => items.join(String.fromCharCode(US))).join(String.fromCharCode(RS))}`;
  if (field.encoding !== "latin1") return encodeUtf8(text);
  const latin1 = encodeLatin1(text);
  if (latin1 === undefined) {
    throw new NistError("BAD_VALUE", "a Latin-1 field holds a character above U+00FF", location);
  }
  return latin1;
}

function tagSpelling(field: Pick<Field, "number" | "spelling">, type: number, recordIndex: number): string {
  if (field.spelling === undefined) return formatTag(type, field.number);
  const match = SPELLING.exec(field.spelling);
  if (!match || Number(match[1]) !== type || Number(match[2]) !== field.number) {
    throw new NistError("BAD_TAG", `spelling "${field.spelling}" does not name this field`, {
      recordIndex,
      recordType: type,
      tag: formatTag(type, field.number),
    });
  }
  return field.spelling;
}

function writeBinaryRecord(record: BinaryRecord, recordIndex: number, chunks: Uint8Array[]): void {
  const layout = BINARY_RECORD_LAYOUTS[record.type];
  const length = binaryRecordLength(record);
  if (length > MAX_BINARY_LENGTH) {
    throw new NistError("BAD_LENGTH", `the record needs ${length} bytes, more than a 4-byte LEN holds`, {
      recordIndex,
      recordType: record.type,
    });
  }
  const header = new Uint8Array(layout.headerBytes);
  const view = new DataView(header.buffer);
  view.setUint32(0, length);
  let position = 4;
  for (const [index, item] of layout.items.entries()) {
    const value = record.header[item.mnemonic];
    const values = typeof value === "number" ? [value] : (value ?? []);
    const max = item.bytes === 1 ? 0xff : 0xffff;
    if (values.length !== item.count || values.some((v) => !Number.isInteger(v) || v < 0 || v > max)) {
      throw new NistError(
        "BAD_VALUE",
        `header value ${item.mnemonic} must be ${item.count === 1 ? "an integer" : `${item.count} integers`} from 0 to ${max}`,
        { recordIndex, recordType: record.type, tag: formatTag(record.type, index + 2) },
      );
    }
    for (const v of values) {
      if (item.bytes === 1) header[position] = v;
      else view.setUint16(position, v);
      position += item.bytes;
    }
  }
  chunks.push(header, record.data);
}

function hasSeparator(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isSeparator(text.charCodeAt(i))) return true;
  }
  return false;
}
