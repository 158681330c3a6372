import type { NistTransaction } from "../an2k/transaction.js";
import { EbtsError } from "./ebts-error.js";
import { getTextByMnemonic } from "./field-dictionary.js";

/** Nlets destination code of the LESC used in the IAQ header line. */
const NLETS_DESTINATION = "AX";

/** Nlets NAM/ holds at most 30 characters. */
const NLETS_NAME_LIMIT = 30;

/** "DOE,JOHN Q" → "DOE, JOHN Q" (Nlets writes a blank after the comma when the name has room for it). */
function nletsName(name: string): string {
  const spaced = name.replace(",", ", ");
  return spaced.length <= NLETS_NAME_LIMIT ? spaced : name;
}

/**
 * The Nlets legacy text form of an IAQ transaction:
 * `IAQ.<ORI>.AX.<control>` and `TXT` on the first line, then one `MNE/value.` per line in the order
 * PUR, ATN, PHN, NAM, DOB, SEX, POB, CUS, OFF, then ARN, FBI, SID when present. The control field is
 * the transaction's TCN. Throws EbtsError when a required value is missing.
 */
export function formatIaqNlets(iaq: NistTransaction): string {
  const tot = getTextByMnemonic(iaq, "TOT", 1);
  if (tot !== "IAQ")
    throw new EbtsError(`expected an IAQ transaction, 1.004 TOT is ${JSON.stringify(tot ?? "")}`);
  const value = (mnemonic: string, recordType: number) => getTextByMnemonic(iaq, mnemonic, recordType);
  const required = (mnemonic: string, recordType = 2): string => {
    const found = value(mnemonic, recordType);
    if (!found) throw new EbtsError(`the IAQ has no ${mnemonic} value, which the Nlets IAQ requires`);
    return found;
  };
  const lines = [
    `IAQ.${required("ORI", 1)}.${NLETS_DESTINATION}.${required("TCN", 1)}.TXT`,
    `PUR/${required("PUR")}.`,
    `ATN/${required("ATN")}.`,
    `PHN/${required("PHN")}.`,
    `NAM/${nletsName(required("NAM"))}.`,
    `DOB/${required("DOB")}.`,
    `SEX/${required("SEX")}.`,
    `POB/${required("POB")}.`,
    `CUS/${required("CUS")}.`,
    `OFF/${required("OFF")}.`,
  ];
  for (const mnemonic of ["ARN", "FBI", "SID"]) {
    const optional = value(mnemonic, 2);
    if (optional) lines.push(`${mnemonic}/${optional}.`);
  }
  return `${lines.join("\n")}\n`;
}
