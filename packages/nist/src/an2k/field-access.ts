import type { DataField, Field, NistRecord, NistTransaction, TaggedRecord, TextField } from "./transaction.js";

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
  const record = transaction.records.find((r): r is TaggedRecord => r.kind === "tagged" && r.type === parsed.type);
  const field = record ? findField(record, parsed.field) : undefined;
  return field?.kind === "text" ? field : undefined;
}
