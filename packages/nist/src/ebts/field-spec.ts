import type { CodeTableName } from "./profiles/code-tables.js";

/**
 * Character sets of EBTS fields: N numeric, A alphabetic, AN alphanumeric, AS alphabetic plus the
 * field's listed specials, NS numeric plus specials, ANS any printable ASCII (0x20–0x7E), TEXT printable
 * ASCII plus CR, LF and TAB (free-text bodies such as a rap sheet), B binary data.
 */
export type CharacterSet = "N" | "A" | "AN" | "AS" | "NS" | "ANS" | "TEXT" | "B";

/** How a date item is written; ZCCYYMMDD also admits 00000000 (date completely unknown). */
export type DateFormat = "CCYYMMDD" | "ZCCYYMMDD";

/** The rules for one value: a whole field value, or one information item of a grouped field. */
export interface ValueSpec {
  readonly mnemonic: string;
  readonly name: string;
  readonly charset: CharacterSet;
  /** Special characters allowed on top of the letters/digits of AS and NS. */
  readonly specials?: string;
  readonly minLength: number;
  readonly maxLength: number;
  readonly codes?: CodeTableName;
  readonly date?: DateFormat;
  /** An extra shape rule with the words used in the problem report. */
  readonly pattern?: { readonly regex: RegExp; readonly description: string };
  /** The special values "NCIC offence code" and "state-prefixed agency identifier". */
  readonly check?: "ncic-offense" | "ori";
  /** For items: may be left empty (its US separator is still written). */
  readonly optional?: boolean;
}

/** One field of a record type: tag, value rules and how many subfields (occurrences) it may have. */
export interface FieldSpec extends ValueSpec {
  /** "2.018" */
  readonly tag: string;
  readonly minOccurrences: number;
  readonly maxOccurrences: number;
  /** Grouped fields: the information items of each subfield, in order. */
  readonly items?: readonly ValueSpec[];
}

/** Shorthand constructor used by the field tables; keeps every table row on one line of data. */
export function field(
  tag: string,
  mnemonic: string,
  name: string,
  charset: CharacterSet,
  length: readonly [number, number],
  occurrences: readonly [number, number] = [1, 1],
  extra: Partial<Omit<FieldSpec, "tag" | "mnemonic" | "name" | "charset">> = {},
): FieldSpec {
  return {
    tag,
    mnemonic,
    name,
    charset,
    minLength: length[0],
    maxLength: length[1],
    minOccurrences: occurrences[0],
    maxOccurrences: occurrences[1],
    ...extra,
  };
}

export function item(
  mnemonic: string,
  name: string,
  charset: CharacterSet,
  length: readonly [number, number],
  extra: Partial<Omit<ValueSpec, "mnemonic" | "name" | "charset">> = {},
): ValueSpec {
  return { mnemonic, name, charset, minLength: length[0], maxLength: length[1], ...extra };
}
