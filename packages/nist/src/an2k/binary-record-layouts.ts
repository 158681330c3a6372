import type { BinaryRecord, BinaryRecordType } from "./transaction.js";

/** One fixed-size header value of a binary record; `count` > 1 for repeated bytes such as FGP. */
export interface HeaderItem {
  readonly mnemonic: string;
  readonly bytes: 1 | 2;
  readonly count: number;
}

export interface BinaryRecordLayout {
  /** Header values after the 4-byte LEN, in file order. */
  readonly items: readonly HeaderItem[];
  /** LEN plus the header values: where the data starts. */
  readonly headerBytes: number;
}

const LEN_BYTES = 4;

function layout(items: readonly HeaderItem[]): BinaryRecordLayout {
  return { items, headerBytes: items.reduce((sum, item) => sum + item.bytes * item.count, LEN_BYTES) };
}

const byte = (mnemonic: string): HeaderItem => ({ mnemonic, bytes: 1, count: 1 });
const short = (mnemonic: string): HeaderItem => ({ mnemonic, bytes: 2, count: 1 });

/**
 * Types 3–6 share one 18-byte image header (the standard calls the last byte GCA in Type-4 and a
 * compression algorithm in all four; the model names it CGA throughout). Type-7 is user-defined after
 * its IDC. Type-8 carries a signature header. Multi-byte values are big-endian, as in NBIS's an2k library.
 */
const IMAGE_LAYOUT = layout([
  byte("IDC"),
  byte("IMP"),
  { mnemonic: "FGP", bytes: 1, count: 6 },
  byte("ISR"),
  short("HLL"),
  short("VLL"),
  byte("CGA"),
]);

export const BINARY_RECORD_LAYOUTS: Readonly<Record<BinaryRecordType, BinaryRecordLayout>> = {
  3: IMAGE_LAYOUT,
  4: IMAGE_LAYOUT,
  5: IMAGE_LAYOUT,
  6: IMAGE_LAYOUT,
  7: layout([byte("IDC")]),
  8: layout([byte("IDC"), byte("SIG"), byte("SRT"), byte("ISR"), short("HLL"), short("VLL")]),
};

export function isBinaryRecordType(type: number): type is BinaryRecordType {
  return type >= 3 && type <= 8;
}

/** The LEN a binary record has when written: header plus data. */
export function binaryRecordLength(record: BinaryRecord): number {
  return BINARY_RECORD_LAYOUTS[record.type].headerBytes + record.data.length;
}
