import { fieldText, findField } from "../an2k/field-access.js";
import type { NistRecord, NistTransaction, TaggedRecord } from "../an2k/transaction.js";
import { getTextByMnemonic } from "./field-dictionary.js";

/** ANSI/NIST-ITL's minimum scanning resolution (19.69 ppmm), what EBTS requires of tenprints. */
export const MINIMUM_SCANNING_PPI = 500;
const MILLIMETRES_PER_INCH = 25.4;
const CENTIMETRES_PER_INCH = 2.54;

/** The scanning resolution an image record declares, per axis, in pixels per inch (rounded). */
export interface DeclaredResolution {
  readonly horizontal: number;
  readonly vertical: number;
}

/**
 * The resolution of a fingerprint image record as the transaction declares it (ANSI/NIST-ITL 1-2011):
 * a Type-4 record through its ISR byte, 0 for the minimum scanning resolution (19.69 ppmm) and 1 for the
 * native scanning resolution the Type-1 record states in 1.011 NSR (pixels per millimetre; when NSR is
 * missing or zero, the transmitting resolution 1.012 NTR); a tagged image record (Type-13/14/15) through
 * SLC (x.008: 1 pixels per inch, 2 pixels per centimetre) and its THPS / TVPS (x.009 / x.010). SLC 0 states
 * only the aspect ratio and reads, like a Type-1 without either resolution, as the minimum scanning
 * resolution. Undefined for a record that carries no finger image.
 */
export function declaredFingerResolution(
  record: NistRecord,
  transaction: NistTransaction,
): DeclaredResolution | undefined {
  if (record.kind === "binary") {
    if (record.type !== 4) return undefined;
    const isr = record.header.ISR;
    const native = (typeof isr === "number" ? isr : isr?.[0]) === 1;
    const ppi = native
      ? (typeOnePpi(transaction, "NSR") ?? typeOnePpi(transaction, "NTR") ?? MINIMUM_SCANNING_PPI)
      : MINIMUM_SCANNING_PPI;
    return { horizontal: ppi, vertical: ppi };
  }
  if (record.type !== 13 && record.type !== 14 && record.type !== 15) return undefined;
  const units = textOf(record, 8);
  const perInch = units === "1" ? 1 : units === "2" ? CENTIMETRES_PER_INCH : 0;
  const horizontal = Number(textOf(record, 9)) * perInch;
  const vertical = Number(textOf(record, 10)) * perInch;
  if (!(horizontal > 0)) return { horizontal: MINIMUM_SCANNING_PPI, vertical: MINIMUM_SCANNING_PPI };
  return { horizontal: Math.round(horizontal), vertical: Math.round(vertical > 0 ? vertical : horizontal) };
}

function typeOnePpi(transaction: NistTransaction, mnemonic: "NSR" | "NTR"): number | undefined {
  const perMillimetre = Number(getTextByMnemonic(transaction, mnemonic, 1));
  return perMillimetre > 0 ? Math.round(perMillimetre * MILLIMETRES_PER_INCH) : undefined;
}

function textOf(record: TaggedRecord, number: number): string {
  const found = findField(record, number);
  return found?.kind === "text" ? fieldText(found) : "";
}
