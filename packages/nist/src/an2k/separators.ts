/** Information separators of the traditional encoding (ANSI/NIST-ITL 1-2011 §7.2). */
export const FS = 0x1c;
export const GS = 0x1d;
export const RS = 0x1e;
export const US = 0x1f;
export const COLON = 0x3a;
export const PERIOD = 0x2e;

/** The field number of the binary data field that ends tagged image records (10.999, 14.999, ...). */
export const DATA_FIELD_NUMBER = 999;

export function isSeparator(code: number): boolean {
  return code >= FS && code <= US;
}
