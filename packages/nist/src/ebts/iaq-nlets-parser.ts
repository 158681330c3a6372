import { EbtsError } from "./ebts-error.js";
import type { EbtsProblem } from "./ebts-problem.js";
import { tagOfMnemonic } from "./field-dictionary.js";
import type { IaqInput } from "./iaq-builder.js";
import { IAQ_PURPOSE_CODES, isNcicOffenseCode, SEX_CODES } from "./profiles/code-tables.js";
import { parseName } from "./subject-fields.js";

/** An IAQ read from Nlets text: the builder's input plus the Nlets header. */
export interface NletsIaq extends Omit<IaqInput, "header" | "cri"> {
  /** Sender ORI from the header line. */
  readonly ori: string;
  /** Destination code from the header line (AX for the LESC). */
  readonly destination: string;
  /** Control field from the header line, when present. */
  readonly control?: string;
}

/** Longest text accepted; an IAQ is a few hundred characters. */
const MAX_TEXT = 10_000;
const HEADER = /^IAQ\.([A-Za-z0-9]{9})\.([A-Za-z0-9]{2})(?:\.([^.\s]+))?\.TXT\s*/;
/** `MNE/value.` where the value runs to the period that ends the field (before the next MNE/ or the end). */
const FIELD = /([A-Z]{3})\/([^\n]*?)\.(?=\s*(?:[A-Z]{3}\/|$))/g;

/** Problems name the Type-2 field of our IAQ profile that carries the Nlets field. */
function problem(mnemonic: string, reason: string): EbtsProblem {
  return {
    recordIndex: 1,
    recordType: 2,
    tag: tagOfMnemonic(mnemonic, 2) ?? "-",
    mnemonic,
    reason,
    severity: "error",
  };
}

/**
 * Reads the Nlets text form written by formatIaqNlets (and by Nlets senders): the header line, then
 * `MNE/value.` fields in any order. Throws EbtsError listing every missing or malformed field.
 */
export function parseIaqNlets(text: string): NletsIaq {
  if (text.length > MAX_TEXT)
    throw new EbtsError(`IAQ text of ${text.length} characters exceeds ${MAX_TEXT}`);
  const header = HEADER.exec(text);
  if (!header) throw new EbtsError("not an Nlets IAQ: expected a first line IAQ.<ORI>.<DST>[.<control>].TXT");
  const fields = new Map<string, string>();
  for (const match of text.slice(header[0].length).matchAll(FIELD)) {
    if (match[1] && !fields.has(match[1])) fields.set(match[1], (match[2] ?? "").trim());
  }
  const problems: EbtsProblem[] = [];
  const required = (mnemonic: string): string => {
    const value = fields.get(mnemonic);
    if (!value) problems.push(problem(mnemonic, "required field is missing"));
    return value ?? "";
  };
  const oneOf = <T extends string>(mnemonic: string, codes: readonly T[]): T => {
    const value = required(mnemonic);
    if (value && !(codes as readonly string[]).includes(value)) {
      problems.push(problem(mnemonic, `${JSON.stringify(value)} is not one of ${codes.join(", ")}`));
    }
    return value as T;
  };
  const purpose = oneOf("PUR", IAQ_PURPOSE_CODES);
  const attention = required("ATN");
  const phone = required("PHN");
  const name = required("NAM");
  const dateOfBirth = required("DOB");
  if (dateOfBirth && !/^\d{8}$/.test(dateOfBirth)) {
    problems.push(
      problem("DOB", `${JSON.stringify(dateOfBirth)} is not CCYYMMDD (mmddyy is ambiguous and not read)`),
    );
  }
  const sex = oneOf("SEX", SEX_CODES);
  const placeOfBirth = required("POB");
  const custody = oneOf("CUS", ["Y", "N"] as const);
  const offense = required("OFF");
  if (offense && !isNcicOffenseCode(offense)) {
    problems.push(problem("OFF", `${JSON.stringify(offense)} is not a four-digit NCIC offence code`));
  }
  if (problems.length > 0) throw new EbtsError("the Nlets IAQ cannot be read", problems);
  const optional = (mnemonic: string) => fields.get(mnemonic) || undefined;
  return {
    ori: header[1] ?? "",
    destination: header[2] ?? "",
    ...(header[3] ? { control: header[3] } : {}),
    purpose,
    attention,
    phone,
    name: parseName(name.replace(", ", ",")),
    dateOfBirth,
    sex,
    placeOfBirth,
    inCustody: custody === "Y",
    offense: offense as IaqInput["offense"],
    aNumber: optional("ARN"),
    fbiNumber: optional("FBI"),
    stateId: optional("SID"),
  };
}
