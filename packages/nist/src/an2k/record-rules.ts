import type { Field } from "./transaction.js";

/**
 * Structural rules that reader and writer share, so that every transaction the reader accepts can be
 * written, and every file the writer produces reads back.
 */

/** IDC values, in x.002 and in 1.003 CNT: one or two digits. */
export const IDC_PATTERN = /^\d{1,2}$/;

/** 1.002 VER: four digits such as 0400, 0500 or 0502. */
export const VERSION_PATTERN = /^\d{4}$/;

/** Record types after the Type-1 record. */
export const MIN_RECORD_TYPE = 2;
export const MAX_RECORD_TYPE = 99;

/** Field numbers are written with at most three digits. */
export const MAX_FIELD_NUMBER = 999;

/** The value of a field that holds exactly one item (such as VER or IDC); undefined otherwise. */
export function singleValue(field: Field | undefined): string | undefined {
  if (field?.kind !== "text" || field.subfields.length !== 1) return undefined;
  const [items] = field.subfields;
  return items?.length === 1 ? items[0] : undefined;
}
