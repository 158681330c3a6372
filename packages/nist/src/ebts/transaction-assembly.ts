import { textField } from "../an2k/field-access.js";
import type { Field, NistRecord, NistTransaction, TaggedRecord, TextField } from "../an2k/transaction.js";
import { parseTransaction } from "../an2k/transaction-parser.js";
import { serializeTransaction } from "../an2k/transaction-writer.js";
import { EbtsError } from "./ebts-error.js";
import { hasErrors } from "./ebts-problem.js";
import type { PriorityCode } from "./profiles/code-tables.js";
import { profileForTot } from "./profiles/tot-profiles.js";
import { validateTransaction } from "./validate-transaction.js";

/** ANSI/NIST-ITL version written by the builders: 1-2007, the base of EBTS 9.x. */
const WRITTEN_VERSION = "0400";
/** 1.011/1.012 for transactions without fingerprint images. */
const NO_FINGERPRINT_RESOLUTION = "00.00";

/** The Type-1 facts a builder needs; LEN and CNT are derived. */
export interface TransactionHeader {
  /** Originating agency (1.008), nine characters, state code first. */
  readonly ori: string;
  /** Destination agency (1.007). */
  readonly dai: string;
  /** Transaction control number (1.009), 10–40 printable characters, unique per transaction. */
  readonly tcn: string;
  /** Transaction date (1.005), CCYYMMDD. */
  readonly date: string;
  readonly priority?: PriorityCode;
}

/** Two-digit IDC as EBTS files write it (IDC 0 is the Type-2, 1… the image records). */
export function idcText(idc: number): string {
  return String(idc).padStart(2, "0");
}

/** A tagged record with its fields in tag order; LEN is derived when the transaction is assembled. */
export function taggedRecord(type: number, fields: readonly Field[]): TaggedRecord {
  return { kind: "tagged", type, fields: [...fields].sort((a, b) => a.number - b.number) };
}

interface AssemblyOptions {
  readonly tot: string;
  readonly header: TransactionHeader;
  /** Request TCN that a response answers (1.010). */
  readonly tcr?: string;
  /** 1.011/1.012 in pixels per millimetre ("19.69" for 500 ppi); defaults to 00.00. */
  readonly resolution?: string;
}

/**
 * Builds the Type-1 for the given records (Type-2 first) and returns the whole transaction as the codec
 * reads it back, so every LEN and the 1.003 CNT are the ones the writer derives.
 */
export function assembleTransaction(
  options: AssemblyOptions,
  records: readonly NistRecord[],
): NistTransaction {
  const { header } = options;
  const resolution = options.resolution ?? NO_FINGERPRINT_RESOLUTION;
  const fields: TextField[] = [
    textField(2, WRITTEN_VERSION),
    textField(4, options.tot),
    textField(5, header.date),
    textField(7, header.dai),
    textField(8, header.ori),
    textField(9, header.tcn),
    textField(11, resolution),
    textField(12, resolution),
  ];
  if (header.priority !== undefined) fields.push(textField(6, String(header.priority)));
  if (options.tcr !== undefined) fields.push(textField(10, options.tcr));
  return parseTransaction(serializeTransaction({ records: [taggedRecord(1, fields), ...records] }));
}

/** Validates a freshly built transaction against its own profile; builders never return invalid ones. */
export function checkedBuild(transaction: NistTransaction, tot: string): NistTransaction {
  const problems = validateTransaction(transaction, profileForTot(tot));
  if (hasErrors(problems)) {
    throw new EbtsError(
      `cannot build a valid ${tot}: the input breaks ${problems.filter((p) => p.severity === "error").length} rule(s)`,
      problems.filter((p) => p.severity === "error"),
    );
  }
  return transaction;
}
