/**
 * Bounds on what the traditional-encoding reader accepts, so that a hostile or corrupt file cannot make
 * it allocate without limit. Every limit is checked before the corresponding work is done.
 */
export interface ParseLimits {
  /** Largest file accepted, in bytes. */
  readonly maxFileBytes: number;
  /** Largest record (its LEN) accepted, in bytes. */
  readonly maxRecordBytes: number;
  /** Most records after the Type-1 record that 1.003 CNT may announce. */
  readonly maxRecords: number;
  /** Most fields in one tagged record. */
  readonly maxFieldsPerRecord: number;
  /** Most text items (US/RS-separated values) in the whole transaction; each becomes a string. */
  readonly maxItems: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  // A tenprint with 1000 ppi uncompressed Type-14 slaps stays well under this.
  maxFileBytes: 512 * 1024 * 1024,
  maxRecordBytes: 128 * 1024 * 1024,
  maxRecords: 1000,
  // Field numbers run from 1 to 999 and may not repeat.
  maxFieldsPerRecord: 999,
  maxItems: 1_000_000,
};
