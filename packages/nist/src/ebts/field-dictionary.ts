import { findField, formatTag, parseTag } from "../an2k/field-access.js";
import type { NistTransaction, TaggedRecord, TextField } from "../an2k/transaction.js";
import type { FieldSpec } from "./field-spec.js";
import { TYPE1_FIELDS } from "./profiles/type1-fields.js";
import { TYPE2_FIELDS } from "./profiles/type2-fields.js";
import { TYPE14_FIELDS } from "./profiles/type14-fields.js";

const TABLES: ReadonlyMap<number, readonly FieldSpec[]> = new Map<number, readonly FieldSpec[]>([
  [1, TYPE1_FIELDS],
  [2, TYPE2_FIELDS],
  [14, TYPE14_FIELDS],
]);

/** Record types searched, in order, when a mnemonic is looked up without a record type. */
const DEFAULT_SEARCH_ORDER = [1, 2, 14] as const;

const BY_NUMBER: ReadonlyMap<number, ReadonlyMap<number, FieldSpec>> = new Map(
  [...TABLES].map(([type, specs]) => [
    type,
    new Map(specs.map((spec) => [Number(spec.tag.split(".")[1]), spec])),
  ]),
);

/** The spec of field `number` of a record type, e.g. (2, 18) → NAM. */
export function fieldSpecByNumber(recordType: number, number: number): FieldSpec | undefined {
  return BY_NUMBER.get(recordType)?.get(number);
}

/** Every field the EBTS profiles know, for one record type (1, 2 or 14); empty for other types. */
export function fieldSpecsOf(recordType: number): readonly FieldSpec[] {
  return TABLES.get(recordType) ?? [];
}

/** The field spec for a tag such as "2.018" (any spelling "2.18" is accepted). */
export function fieldSpecByTag(tag: string): FieldSpec | undefined {
  const parsed = parseTag(tag);
  if (!parsed) return undefined;
  const canonical = formatTag(parsed.type, parsed.field);
  return fieldSpecsOf(parsed.type).find((spec) => spec.tag === canonical);
}

/** The field spec for a mnemonic; without a record type, Type-1 wins over Type-2 over Type-14 (LEN, IDC). */
export function fieldSpecByMnemonic(mnemonic: string, recordType?: number): FieldSpec | undefined {
  const types = recordType === undefined ? DEFAULT_SEARCH_ORDER : [recordType];
  for (const type of types) {
    const spec = fieldSpecsOf(type).find((candidate) => candidate.mnemonic === mnemonic);
    if (spec) return spec;
  }
  return undefined;
}

export function tagOfMnemonic(mnemonic: string, recordType?: number): string | undefined {
  return fieldSpecByMnemonic(mnemonic, recordType)?.tag;
}

export function mnemonicOfTag(tag: string): string | undefined {
  return fieldSpecByTag(tag)?.mnemonic;
}

/**
 * The text field named by a mnemonic in the first record of its type, e.g. `getByMnemonic(tx, "NAM")`
 * → 2.018; `getByMnemonic(tx, "FGP", 14)` → 14.013 of the first Type-14 record.
 */
export function getByMnemonic(
  transaction: NistTransaction,
  mnemonic: string,
  recordType?: number,
): TextField | undefined {
  const spec = fieldSpecByMnemonic(mnemonic, recordType);
  const parsed = spec ? parseTag(spec.tag) : undefined;
  if (!parsed) return undefined;
  const record = transaction.records.find(
    (r): r is TaggedRecord => r.kind === "tagged" && r.type === parsed.type,
  );
  const found = record ? findField(record, parsed.field) : undefined;
  return found?.kind === "text" ? found : undefined;
}

/** The values of a mnemonic's field: one string per subfield (items joined by US). */
export function getValuesByMnemonic(
  transaction: NistTransaction,
  mnemonic: string,
  recordType?: number,
): string[] {
  const found = getByMnemonic(transaction, mnemonic, recordType);
  return found ? found.subfields.map((items) => items.join("\x1f")) : [];
}

/** The first value of a mnemonic's field, or undefined when the field is absent. */
export function getTextByMnemonic(
  transaction: NistTransaction,
  mnemonic: string,
  recordType?: number,
): string | undefined {
  return getByMnemonic(transaction, mnemonic, recordType)?.subfields[0]?.[0];
}
