import type {
  DataField,
  Field,
  NistRecord,
  NistTransaction,
  TaggedRecord,
  TextField,
} from "./transaction.js";

/** Splits "2.018" into its record type and field number; undefined when the text is not a tag. */
export function parseTag(tag: string): { type: number; field: number } | undefined {
  const match = /^(\d{1,2})\.(\d{1,3})$/.exec(tag);
  if (!match) return undefined;
  return { type: Number(match[1]), field: Number(match[2]) };
}

/** The canonical spelling of a tag: record type, a dot, and a three-digit field number ("2.018"). */
export function formatTag(type: number, field: number): string {
  return `${type}.${String(field).padStart(3, "0")}`;
}

export function findField(record: TaggedRecord, number: number): Field | undefined {
  return record.fields.find((field) => field.number === number);
}

/** The whole text value of a field: items joined by US, subfields by RS, as transmitted. */
export function fieldText(field: TextField): string {
  return field.subfields.map((items) => items.join("\x1f")).join("\x1e");
}

/** The first item of the first subfield, which is the whole value of a single-valued field. */
export function firstItem(field: TextField): string {
  return field.subfields[0]?.[0] ?? "";
}

export function textField(number: number, value: string | readonly (readonly string[])[]): TextField {
  return { kind: "text", number, subfields: typeof value === "string" ? [[value]] : value };
}

export function dataField(number: number, data: Uint8Array): DataField {
  return { kind: "data", number, data };
}

export function recordsOfType(transaction: NistTransaction, type: number): NistRecord[] {
  return transaction.records.filter((record) => record.type === type);
}

/** Looks a text field up by tag ("2.018") in the first record of that type. */
export function lookupText(transaction: NistTransaction, tag: string): TextField | undefined {
  const parsed = parseTag(tag);
  if (!parsed) return undefined;
  const record = transaction.records.find(
    (r): r is TaggedRecord => r.kind === "tagged" && r.type === parsed.type,
  );
  const field = record ? findField(record, parsed.field) : undefined;
  return field?.kind === "text" ? field : undefined;
}

export function taggedRecordsOfType(transaction: NistTransaction, type: number): TaggedRecord[] {
  return transaction.records.filter(
    (record): record is TaggedRecord => record.kind === "tagged" && record.type === type,
  );
}

/**
 * The record with `field` in place of the field of the same number (keeping its position, and its tag
 * spelling when `field` has none), or with `field` added before the first higher-numbered field.
 */
export function withField(record: TaggedRecord, field: Field): TaggedRecord {
  const fields = [...record.fields];
  const existing = fields.findIndex((candidate) => candidate.number === field.number);
  if (existing >= 0) {
    const spelling = field.spelling ?? fields[existing]?.spelling;
    fields[existing] = spelling === undefined ? field : { ...field, spelling };
  } else {
    const after = fields.findIndex((candidate) => candidate.number > field.number);
    fields.splice(after < 0 ? fields.length : after, 0, field);
  }
  return { ...record, fields };
}

export function withoutField(record: TaggedRecord, number: number): TaggedRecord {
  return { ...record, fields: record.fields.filter((field) => field.number !== number) };
}

/** The transaction with record `index` replaced; LEN and CNT follow when it is written. */
export function withRecord(transaction: NistTransaction, index: number, record: NistRecord): NistTransaction {
  if (index < 0 || index >= transaction.records.length) {
    throw new RangeError(`record index ${index} is outside 0–${transaction.records.length - 1}`);
  }
  return { ...transaction, records: transaction.records.map((old, i) => (i === index ? record : old)) };
}
