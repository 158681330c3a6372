import { textField } from "../an2k/field-access.js";
import type { TextField } from "../an2k/transaction.js";
import type { EyeColorCode, HairColorCode, RaceCode, SexCode } from "./profiles/code-tables.js";

/** A person's name; written as "SURNAME,GIVEN MIDDLE" (2.018 NAM, 2.019 AKA). */
export interface PersonName {
  readonly surname: string;
  readonly given: string;
  readonly middle?: string;
}

/** The biographic descriptors of a booking subject (Type-2 of CAR/CNA). */
export interface Biographics {
  readonly name: PersonName;
  /** CCYYMMDD, or "00000000" when completely unknown. */
  readonly dateOfBirth: string;
  readonly sex: SexCode;
  readonly race: RaceCode;
  /** Height in inches (written as feet and inches, e.g. 70 → "510"); 0 when unknown. */
  readonly heightInches: number;
  /** Weight in pounds; 0 when unknown. */
  readonly weightPounds: number;
  readonly eyeColor: EyeColorCode;
  readonly hairColor: HairColorCode;
  /** NCIC state or country code (two letters). */
  readonly placeOfBirth: string;
  /** NCIC country code of citizenship. */
  readonly citizenship?: string;
  readonly aliases?: readonly PersonName[];
  /** Nine digits, no punctuation. */
  readonly ssn?: string;
  readonly fbiNumber?: string;
  readonly stateId?: string;
}

export function formatName(name: PersonName): string {
  const given = name.middle ? `${name.given} ${name.middle}` : name.given;
  return `${name.surname.trim()},${given.trim()}`.toUpperCase();
}

/** "SURNAME,GIVEN MIDDLE NAMES" → its parts (the inverse of formatName, case kept). */
export function parseName(text: string): PersonName {
  const comma = text.indexOf(",");
  const surname = comma < 0 ? text : text.slice(0, comma);
  const [given = "", ...middle] = (comma < 0 ? "" : text.slice(comma + 1)).split(" ").filter(Boolean);
  return middle.length > 0 ? { surname, given, middle: middle.join(" ") } : { surname, given };
}

/** 2.027 HGT: first digit feet, two digits inches; "000" when unknown. */
function formatHeight(inches: number): string {
  if (inches <= 0) return "000";
  const whole = Math.round(inches);
  return `${Math.floor(whole / 12)}${String(whole % 12).padStart(2, "0")}`;
}

/** 2.029 WGT: three digits, clamped to 499 as the FBI does; "000" when unknown. */
function formatWeight(pounds: number): string {
  if (pounds <= 0) return "000";
  return String(Math.min(499, Math.round(pounds))).padStart(3, "0");
}

/** Type-2 fields for a subject's biographics, in tag order. */
export function biographicFields(subject: Biographics): TextField[] {
  const fields: TextField[] = [];
  if (subject.fbiNumber) fields.push(textField(14, subject.fbiNumber));
  if (subject.stateId) fields.push(textField(15, subject.stateId));
  if (subject.ssn) fields.push(textField(16, subject.ssn));
  fields.push(textField(18, formatName(subject.name)));
  if (subject.aliases && subject.aliases.length > 0) {
    fields.push(
      textField(
        19,
        subject.aliases.map((alias) => [formatName(alias)]),
      ),
    );
  }
  fields.push(textField(20, subject.placeOfBirth));
  if (subject.citizenship) fields.push(textField(21, subject.citizenship));
  fields.push(
    textField(22, subject.dateOfBirth),
    textField(24, subject.sex),
    textField(25, subject.race),
    textField(27, formatHeight(subject.heightInches)),
    textField(29, formatWeight(subject.weightPounds)),
    textField(31, subject.eyeColor),
    textField(32, subject.hairColor),
  );
  return fields;
}
