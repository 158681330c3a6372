/**
 * The in-memory model of an ANSI/NIST-ITL transaction in the traditional encoding.
 *
 * The model keeps exactly what is needed to write the file back byte for byte (tag spelling, field
 * order, record order) while letting callers work with field numbers and decoded text. LEN fields and
 * the 1.003 CNT are derived: writers recompute them, so callers never maintain them by hand.
 */

/** Record types whose layout is a fixed binary header followed by image data (ANSI/NIST-ITL 1-2011 §8). */
export type BinaryRecordType = 3 | 4 | 5 | 6 | 7 | 8;

/** One field of a tagged record. */
export interface TextField {
  readonly kind: "text";
  /** The field number: 18 for "2.018". */
  readonly number: number;
  /**
   * The tag as written in the source file (for example "1.01" in older files); writers fall back to
   * "T.NNN" with a three-digit field number when absent.
   */
  readonly spelling?: string;
  /** Subfields (RS-separated), each a list of items (US-separated). A plain value is `[[value]]`. */
  readonly subfields: readonly (readonly string[])[];
  /**
   * How the value's bytes map to text. Readers decode a field as UTF-8 when its bytes are valid UTF-8
   * (ASCII included) and otherwise as Latin-1, one character per byte, marking it "latin1" so that
   * writers reproduce the original bytes; absent means UTF-8.
   */
  readonly encoding?: "latin1";
}

/** The binary data field of a tagged image record (x.999): a view into the source bytes, not a copy. */
export interface DataField {
  readonly kind: "data";
  readonly number: number;
  readonly spelling?: string;
  readonly data: Uint8Array;
}

export type Field = TextField | DataField;

/** A tagged record: types 1, 2, 9, 10, 13–21, 98, 99 and any other tagged type. */
export interface TaggedRecord {
  readonly kind: "tagged";
  readonly type: number;
  /** Fields in transmission order; x.001 LEN is included and recomputed on write. */
  readonly fields: readonly Field[];
}

/**
 * A binary record (types 3–8): fixed header fields, then the image bytes.
 * Header values are numbers; `data` is a view into the source bytes, not a copy.
 */
export interface BinaryRecord {
  readonly kind: "binary";
  readonly type: BinaryRecordType;
  /** Header fields in layout order, by mnemonic (IDC, IMP, FGP, ISR, HLL, VLL, CGA, ...). */
  readonly header: Readonly<Record<string, number | readonly number[]>>;
  readonly data: Uint8Array;
}

export type NistRecord = TaggedRecord | BinaryRecord;

export interface NistTransaction {
  /** Records in transmission order; record 0 is the Type-1 transaction information record. */
  readonly records: readonly NistRecord[];
}
