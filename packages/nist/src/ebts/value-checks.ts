import type { CharacterSet, DateFormat, ValueSpec } from "./field-spec.js";
import { CODE_TABLES, isNcicOffenseCode } from "./profiles/code-tables.js";

const CHARSET_NAMES: Record<CharacterSet, string> = {
  N: "numeric",
  A: "alphabetic",
  AN: "alphanumeric",
  AS: "alphabetic-special",
  NS: "numeric-special",
  ANS: "printable ASCII",
  TEXT: "printable ASCII text",
  B: "binary",
};

const QUOTE_LIMIT = 40;

/** A value as it appears in a reason: quoted, control bytes escaped, long values cut. */
export function quote(value: string): string {
  const escaped = [...value.slice(0, QUOTE_LIMIT)]
    .map((char) => {
      const code = char.charCodeAt(0);
      return code >= 0x20 && code <= 0x7e ? char : `\\x${code.toString(16).padStart(2, "0")}`;
    })
    .join("");
  return `"${escaped}${value.length > QUOTE_LIMIT ? "..." : ""}"`;
}

function escapeForClass(specials: string): string {
  return specials.replace(/[\\\]^-]/g, (char) => `\\${char}`);
}

const COMPILED = new Map<string, RegExp>();

/** AS/NS regexes depend on the field's specials; compile each combination once. */
function withSpecials(base: string, specials: string): RegExp {
  const key = `${base}|${specials}`;
  let regex = COMPILED.get(key);
  if (!regex) {
    regex = new RegExp(`^[${base}${escapeForClass(specials)}]*$`);
    COMPILED.set(key, regex);
  }
  return regex;
}

function charsetRegex(charset: CharacterSet, specials: string): RegExp | undefined {
  switch (charset) {
    case "N":
      return /^[0-9]*$/;
    case "A":
      return /^[A-Za-z]*$/;
    case "AN":
      return /^[A-Za-z0-9]*$/;
    case "AS":
      return withSpecials("A-Za-z", specials);
    case "NS":
      return withSpecials("0-9", specials);
    case "ANS":
      return /^[\x20-\x7e]*$/;
    case "TEXT":
      return /^[\x20-\x7e\t\r\n]*$/;
    case "B":
      return undefined;
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether an 8-digit CCYYMMDD string names a day that exists. */
export function isRealDate(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** Code tables up to this size are listed in full in a problem's reason. */
const MAX_CODES_LISTED = 12;

function dateReason(value: string, format: DateFormat): string | undefined {
  if (format === "ZCCYYMMDD" && value === "00000000") return undefined;
  if (isRealDate(value)) return undefined;
  const unknown = format === "ZCCYYMMDD" ? " (or 00000000 when unknown)" : "";
  return `${quote(value)} is not a real date in CCYYMMDD form${unknown}`;
}

/** Every rule of a value spec the value breaks, as reasons; an empty list when it is valid. */
export function checkValue(spec: ValueSpec, value: string): string[] {
  const reasons: string[] = [];
  if (value.length < spec.minLength || value.length > spec.maxLength) {
    const range =
      spec.minLength === spec.maxLength ? `${spec.minLength}` : `${spec.minLength}-${spec.maxLength}`;
    reasons.push(`${quote(value)} has ${value.length} characters; ${spec.mnemonic} takes ${range}`);
  }
  const regex = charsetRegex(spec.charset, spec.specials ?? "");
  if (regex && !regex.test(value)) {
    const specials = spec.specials ? ` and ${quote(spec.specials)}` : "";
    reasons.push(`${quote(value)} is not ${CHARSET_NAMES[spec.charset]} (${spec.charset}${specials})`);
  }
  if (value.length === 0) return reasons;
  if (spec.codes) {
    const table: readonly string[] = CODE_TABLES[spec.codes];
    if (!table.includes(value)) {
      // A long table is named, not listed: it would be repeated in every problem of a hostile file.
      const codes = table.length <= MAX_CODES_LISTED ? table.join(", ") : `one of ${table.length} codes`;
      reasons.push(`${quote(value)} is not a ${spec.codes} code (${codes})`);
    }
  }
  if (spec.date) {
    const reason = dateReason(value, spec.date);
    if (reason) reasons.push(reason);
  }
  if (spec.pattern && !spec.pattern.regex.test(value)) {
    reasons.push(`${quote(value)} is not ${spec.pattern.description}`);
  }
  if (spec.check === "ncic-offense" && !isNcicOffenseCode(value)) {
    reasons.push(`${quote(value)} is not a four-digit NCIC offence code of a known category`);
  }
  if (spec.check === "ori" && !/^[A-Za-z]{2}/.test(value)) {
    reasons.push(`${quote(value)} does not start with a two-letter state or country code`);
  }
  return reasons;
}
