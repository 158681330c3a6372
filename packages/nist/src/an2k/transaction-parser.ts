import { BINARY_RECORD_LAYOUTS, isBinaryRecordType } from "./binary-record-layouts.js";
import { findField, formatTag } from "./field-access.js";
import { NistError, type NistErrorCode } from "./nist-error.js";
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from "./parse-limits.js";
import {
  IDC_PATTERN,
  MAX_FIELD_NUMBER,
  MAX_RECORD_TYPE,
  MIN_RECORD_TYPE,
  singleValue,
  VERSION_PATTERN,
} from "./record-rules.js";
import { COLON, DATA_FIELD_NUMBER, FS, GS, PERIOD, RS, US } from "./separators.js";
import { decodeLatin1, decodeUtf8 } from "./text-encoding.js";
import type {
  BinaryRecord,
  BinaryRecordType,
  Field,
  NistRecord,
  NistTransaction,
  TaggedRecord,
  TextField,
} from "./transaction.js";

export interface ParseOptions {
  /** Overrides of DEFAULT_PARSE_LIMITS. */
  readonly limits?: Partial<ParseLimits>;
}

/**
 * Reads an ANSI/NIST-ITL transaction in the traditional encoding (VER 0200 to 0502 alike).
 *
 * The record types come from 1.003 CNT, since binary records (types 3–8) carry no tags. Field x.999 of
 * any tagged record but Type-1 is binary data running to the record's FS. The reader is strict about
 * structure: every LEN must end exactly at its record's FS, CNT must list exactly the records present
 * with matching IDCs, and nothing may follow the last record. Binary data (x.999 and binary record
 * images) are views into `bytes`, not copies. Text is decoded per field: UTF-8 when the bytes are valid
 * UTF-8, otherwise Latin-1 (see TextField.encoding). Malformed input throws a NistError.
 */
export function parseTransaction(bytes: Uint8Array, options: ParseOptions = {}): NistTransaction {
  // A limit given as undefined keeps its default rather than switching the check off.
  const overrides = Object.entries(options.limits ?? {}).filter(([, value]) => value !== undefined);
  return new Reader(bytes, { ...DEFAULT_PARSE_LIMITS, ...Object.fromEntries(overrides) }).readTransaction();
}

/** One entry of 1.003 CNT after the first: the record type and its IDC. */
interface ContentEntry {
  readonly type: number;
  readonly idc: number;
}

interface FieldTag {
  readonly number: number;
  /** Set only when the tag is not spelled canonically ("1.01" rather than "1.001"). */
  readonly spelling?: string;
  readonly valueStart: number;
}

const MAX_TAG_DIGITS = 3;
const MAX_LEN_DIGITS = 10;
const BINARY_LEN_BYTES = 4;
const TAG_EXPECTED = 'expected a field tag such as "2.018:"';

class Reader {
  private itemsLeft: number;
  /** The record being read, for error locations. */
  private recordIndex = 0;
  private recordType = 1;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: ParseLimits,
  ) {
    this.itemsLeft = limits.maxItems;
  }

  readTransaction(): NistTransaction {
    const { bytes, limits } = this;
    if (bytes.length > limits.maxFileBytes) {
      const reason = `file is ${bytes.length} bytes, more than the limit of ${limits.maxFileBytes}`;
      throw new NistError("LIMIT_EXCEEDED", reason, { offset: 0 });
    }
    if (bytes.length === 0) throw new NistError("TRUNCATED", "empty file", { offset: 0 });

    const first = this.readTaggedRecord(0);
    const entries = this.readContents(first.record);
    this.checkVersion(first.record);

    const records: NistRecord[] = [first.record];
    let position = first.end;
    for (const [index, entry] of entries.entries()) {
      this.recordIndex = index + 1;
      this.recordType = entry.type;
      if (position >= bytes.length) {
        const reason = `file ends after ${index + 1} of the ${entries.length + 1} records listed in 1.003 CNT`;
        throw this.error("TRUNCATED", reason, position);
      }
      const { record, end } = isBinaryRecordType(entry.type)
        ? this.readBinaryRecord(position, entry.type)
        : this.readTaggedRecord(position);
      this.checkIdc(record, entry.idc, position);
      records.push(record);
      position = end;
    }
    if (position !== bytes.length) {
      const reason = `${bytes.length - position} bytes follow the last of the ${entries.length + 1} records listed in 1.003 CNT`;
      throw new NistError("BAD_COUNT", reason, { recordIndex: entries.length, offset: position });
    }
    return { records };
  }

  /** An error located in the current record. */
  private error(code: NistErrorCode, reason: string, offset: number, tag?: string): NistError {
    const location = { recordIndex: this.recordIndex, recordType: this.recordType, offset };
    return new NistError(code, reason, tag === undefined ? location : { ...location, tag });
  }

  /** Parses 1.003 CNT: "1␟<n>" then n subfields "<type>␟<IDC>". */
  private readContents(typeOne: TaggedRecord): ContentEntry[] {
    const location = { recordIndex: 0, recordType: 1, tag: "1.003" };
    const field = findField(typeOne, 3);
    if (field?.kind !== "text")
      throw new NistError("BAD_COUNT", "the Type-1 record has no CNT field", location);
    const [head, ...rest] = field.subfields;
    const count = head?.length === 2 && decimal(head[0]) === 1 ? decimal(head[1]) : undefined;
    if (count === undefined) {
      throw new NistError(
        "BAD_COUNT",
        'the first subfield must be "1" and the number of other records',
        location,
      );
    }
    if (count > this.limits.maxRecords) {
      const reason = `CNT announces ${count} records, more than the limit of ${this.limits.maxRecords}`;
      throw new NistError("LIMIT_EXCEEDED", reason, location);
    }
    if (count !== rest.length) {
      throw new NistError("BAD_COUNT", `CNT announces ${count} records but lists ${rest.length}`, location);
    }
    return rest.map((items, index) => {
      const type = items.length === 2 ? decimal(items[0]) : undefined;
      const idc = items.length === 2 && IDC_PATTERN.test(items[1] ?? "") ? Number(items[1]) : undefined;
      if (type === undefined || idc === undefined || type < MIN_RECORD_TYPE || type > MAX_RECORD_TYPE) {
        const reason = `subfield ${index + 2} must be a record type (${MIN_RECORD_TYPE}–${MAX_RECORD_TYPE}) and a 2-digit IDC`;
        throw new NistError("BAD_COUNT", reason, location);
      }
      return { type, idc };
    });
  }

  private checkVersion(typeOne: TaggedRecord): void {
    if (!VERSION_PATTERN.test(singleValue(findField(typeOne, 2)) ?? "")) {
      const location = { recordIndex: 0, recordType: 1, tag: "1.002" };
      throw new NistError("BAD_VALUE", "1.002 VER must be four digits such as 0500", location);
    }
  }

  /** The record's own IDC (x.002 or the binary header) must be the one CNT lists for it. */
  private checkIdc(record: NistRecord, listed: number, offset: number): void {
    const tag = formatTag(record.type, 2);
    let idc: number;
    if (record.kind === "binary") {
      idc = record.header.IDC as number;
    } else {
      const text = singleValue(findField(record, 2));
      if (text === undefined || !IDC_PATTERN.test(text)) {
        throw this.error("BAD_VALUE", "field 2 must hold the record's IDC, one or two digits", offset, tag);
      }
      idc = Number(text);
    }
    if (idc !== listed) {
      throw this.error(
        "BAD_COUNT",
        `IDC ${idc} differs from ${listed} listed for it in 1.003 CNT`,
        offset,
        tag,
      );
    }
  }

  private readBinaryRecord(start: number, type: BinaryRecordType): { record: BinaryRecord; end: number } {
    const { bytes } = this;
    const layout = BINARY_RECORD_LAYOUTS[type];
    if (start + BINARY_LEN_BYTES > bytes.length)
      throw this.error("TRUNCATED", "file ends inside the LEN", start);
    const length = readUint32(bytes, start);
    const end = this.checkLength(start, length, layout.headerBytes);
    const header: Record<string, number | number[]> = {};
    let position = start + BINARY_LEN_BYTES;
    for (const item of layout.items) {
      const values: number[] = [];
      for (let i = 0; i < item.count; i++) {
        values.push(item.bytes === 1 ? (bytes[position] as number) : readUint16(bytes, position));
        position += item.bytes;
      }
      header[item.mnemonic] = item.count === 1 ? (values[0] as number) : values;
    }
    return { record: { kind: "binary", type, header, data: bytes.subarray(position, end) }, end };
  }

  /** Checks a record LEN against the limits and the file; returns where the record ends. */
  private checkLength(start: number, length: number, minimum: number): number {
    if (length > this.limits.maxRecordBytes) {
      const reason = `LEN ${length} is more than the record limit of ${this.limits.maxRecordBytes}`;
      throw this.error("LIMIT_EXCEEDED", reason, start);
    }
    if (length < minimum)
      throw this.error("BAD_LENGTH", `LEN ${length} is shorter than ${minimum} bytes`, start);
    if (start + length > this.bytes.length) {
      const reason = `LEN ${length} runs past the end of the file (${this.bytes.length - start} bytes remain)`;
      throw this.error("TRUNCATED", reason, start);
    }
    return start + length;
  }

  private readTaggedRecord(start: number): { record: TaggedRecord; end: number } {
    const { bytes, recordType: type } = this;
    const lenTag = this.readTag(start, bytes.length);
    if (lenTag.number !== 1)
      throw this.error("BAD_TAG", "a tagged record must start with its LEN (x.001)", start);
    let lenEnd = lenTag.valueStart;
    while (lenEnd < bytes.length && lenEnd - lenTag.valueStart <= MAX_LEN_DIGITS && isDigit(bytes[lenEnd]))
      lenEnd++;
    const digits = lenEnd - lenTag.valueStart;
    if (lenEnd >= bytes.length)
      throw this.error("TRUNCATED", "file ends inside the LEN", lenEnd, formatTag(type, 1));
    if (digits === 0 || digits > MAX_LEN_DIGITS || (bytes[lenEnd] !== GS && bytes[lenEnd] !== FS)) {
      const reason = `LEN must be 1 to ${MAX_LEN_DIGITS} digits ended by a separator`;
      throw this.error("BAD_LENGTH", reason, lenTag.valueStart, formatTag(type, 1));
    }
    const length = Number(decodeLatin1(bytes.subarray(lenTag.valueStart, lenEnd)));
    const end = this.checkLength(start, length, lenEnd + 1 - start);
    const fsAt = end - 1;
    if (bytes[fsAt] !== FS) {
      const reason = `LEN ${length} does not end at an FS separator (byte 0x${hex(bytes[fsAt])})`;
      throw this.error("BAD_LENGTH", reason, fsAt);
    }
    if (lenEnd !== fsAt && bytes[lenEnd] === FS) {
      throw this.error("BAD_LENGTH", `the record ends before the end given by LEN ${length}`, lenEnd);
    }

    const fields: Field[] = [this.readText(lenTag, lenEnd)];
    // Field numbers have at most three digits, so a flag per number finds repeats cheaply.
    const seen = new Uint8Array(MAX_FIELD_NUMBER + 1);
    seen[1] = 1;
    let separator = lenEnd;
    while (separator < fsAt) {
      const fieldStart = separator + 1;
      const tag = this.readTag(fieldStart, fsAt);
      if (seen[tag.number] === 1) {
        throw this.error(
          "BAD_TAG",
          "the field appears twice in the record",
          fieldStart,
          formatTag(type, tag.number),
        );
      }
      seen[tag.number] = 1;
      if (fields.length >= this.limits.maxFieldsPerRecord) {
        const reason = `more than ${this.limits.maxFieldsPerRecord} fields in the record`;
        throw this.error("LIMIT_EXCEEDED", reason, fieldStart, formatTag(type, tag.number));
      }
      if (tag.number === DATA_FIELD_NUMBER && type !== 1) {
        const data = bytes.subarray(tag.valueStart, fsAt);
        const { number, spelling } = tag;
        fields.push(
          spelling === undefined ? { kind: "data", number, data } : { kind: "data", number, spelling, data },
        );
        break;
      }
      const nextGs = bytes.subarray(tag.valueStart, fsAt).indexOf(GS);
      separator = nextGs < 0 ? fsAt : tag.valueStart + nextGs;
      fields.push(this.readText(tag, separator));
    }
    return { record: { kind: "tagged", type, fields }, end };
  }

  /** Reads "T.F:" at `start`, ending before `limit`; T must be the current record's type. */
  private readTag(start: number, limit: number): FieldTag {
    const { bytes } = this;
    let position = start;
    let type = 0;
    while (position < limit && position - start < MAX_TAG_DIGITS && isDigit(bytes[position])) {
      type = type * 10 + (bytes[position] as number) - 0x30;
      position++;
    }
    const typeDigits = position - start;
    if (typeDigits === 0 || position >= limit || bytes[position] !== PERIOD)
      throw this.tagError(TAG_EXPECTED, start, limit);
    const numberStart = ++position;
    let number = 0;
    while (position < limit && position - numberStart < MAX_TAG_DIGITS && isDigit(bytes[position])) {
      number = number * 10 + (bytes[position] as number) - 0x30;
      position++;
    }
    const numberDigits = position - numberStart;
    if (numberDigits === 0 || position >= limit || bytes[position] !== COLON)
      throw this.tagError(TAG_EXPECTED, start, limit);
    if (type !== this.recordType) {
      throw this.tagError(`a Type-${type} tag inside a Type-${this.recordType} record`, start, limit);
    }
    if (number === 0) throw this.tagError("field number 0 does not exist", start, limit);
    const canonical = numberDigits === 3 && (typeDigits === 1 || bytes[start] !== 0x30);
    const valueStart = position + 1;
    return canonical
      ? { number, valueStart }
      : { number, spelling: decodeLatin1(bytes.subarray(start, position)), valueStart };
  }

  private tagError(reason: string, start: number, limit: number): NistError {
    const found = decodeLatin1(this.bytes.subarray(start, Math.min(limit, start + 12)));
    return this.error("BAD_TAG", `${reason} (found "${found.replace(/[^\x20-\x7e]/g, "?")}")`, start);
  }

  private tooManyItems(offset: number, tag: FieldTag): NistError {
    const reason = `more than ${this.limits.maxItems} text items in the transaction`;
    return this.error("LIMIT_EXCEEDED", reason, offset, formatTag(this.recordType, tag.number));
  }

  /** Splits the value from `tag.valueStart` to `end` into subfields and items, and decodes it. */
  private readText(tag: FieldTag, end: number): TextField {
    const { bytes } = this;
    const start = tag.valueStart;
    // Item i spans bounds[2i] to bounds[2i + 1]; a subfield ends before each item index in subfieldEnds.
    const bounds: number[] = [start];
    const subfieldEnds: number[] = [];
    let ascii = true;
    for (let i = start; i < end; i++) {
      const code = bytes[i] as number;
      if (code >= 0x80) ascii = false;
      else if (code === US || code === RS) {
        // Checked as items appear, so a value made of separators cannot grow `bounds` past the limit.
        if ((bounds.length + 1) / 2 >= this.itemsLeft) throw this.tooManyItems(i, tag);
        bounds.push(i, i + 1);
        if (code === RS) subfieldEnds.push((bounds.length - 1) / 2);
      } else if (code === FS) {
        throw this.error(
          "BAD_SEPARATOR",
          "FS separator inside a field value",
          i,
          formatTag(this.recordType, tag.number),
        );
      }
    }
    bounds.push(end);
    const itemCount = bounds.length / 2;
    if (itemCount > this.itemsLeft) throw this.tooManyItems(start, tag);
    this.itemsLeft -= itemCount;

    // ASCII decodes the same either way; one item that is not UTF-8 makes the whole field Latin-1.
    const utf8Items = ascii ? undefined : decodeItems(bytes, bounds, decodeUtf8);
    const latin1 = !ascii && utf8Items === undefined;
    const items = utf8Items ?? (decodeItems(bytes, bounds, decodeLatin1) as string[]);
    const subfields: string[][] = [];
    let from = 0;
    for (const subfieldEnd of [...subfieldEnds, itemCount]) {
      subfields.push(items.slice(from, subfieldEnd));
      from = subfieldEnd;
    }

    const field: { -readonly [K in keyof TextField]: TextField[K] } = {
      kind: "text",
      number: tag.number,
      subfields,
    };
    if (tag.spelling !== undefined) field.spelling = tag.spelling;
    if (latin1) field.encoding = "latin1";
    return field;
  }
}

/** Decodes the items whose [start, end) pairs are listed in `bounds`; undefined if any fails. */
function decodeItems(
  bytes: Uint8Array,
  bounds: readonly number[],
  decode: (bytes: Uint8Array) => string | undefined,
): string[] | undefined {
  const items: string[] = [];
  for (let k = 0; k < bounds.length; k += 2) {
    const text = decode(bytes.subarray(bounds[k] as number, bounds[k + 1] as number));
    if (text === undefined) return undefined;
    items.push(text);
  }
  return items;
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= 0x30 && code <= 0x39;
}

/** A non-negative decimal integer of at most 9 digits, or undefined. */
function decimal(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at] as number) * 0x1000000 +
    (((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number))
  );
}

function readUint16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
}

function hex(code: number | undefined): string {
  return (code ?? 0).toString(16).padStart(2, "0");
}
