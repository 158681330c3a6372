/** The kinds of agency in the IDENT/IAFIS interoperability flow. */
export type AgencyKind = "LEA" | "SIB" | "FBI_CJIS" | "IDENT" | "LESC" | "ERO_FO";

export interface Agency {
  /** Nine-character originating agency identifier, state code first. */
  readonly ori: string;
  readonly name: string;
  readonly kind: AgencyKind;
  /** Postal code of the state the agency sits in. */
  readonly state: string;
  /** For LEAs: the county they book in. */
  readonly countyFips?: string;
  /** For ERO field offices: the office key (see ERO_FIELD_OFFICES). */
  readonly fieldOffice?: string;
  /** Real places, synthetic agencies: ORIs and agency names are generated, not looked up. */
  readonly synthetic: true;
}

const ORI_PATTERN = /^[A-Z]{2}[A-Z0-9]{7}$/;

/** Nine characters: a two-letter state (or country) code, then seven letters or digits. */
export function isOri(value: string): boolean {
  return ORI_PATTERN.test(value);
}

/**
 * A local agency's ORI in the NCIC layout: state code, three-digit county number (the county's place in
 * its state's alphabetical list), two-digit agency number (00 for the sheriff), then "00".
 */
export function localAgencyOri(state: string, countyOrdinal: number, agencyNumber: number): string {
  if (!/^[A-Z]{2}$/.test(state)) throw new RangeError(`state code "${state}" is not two capital letters`);
  if (!Number.isInteger(countyOrdinal) || countyOrdinal < 1 || countyOrdinal > 999) {
    throw new RangeError(`county number ${countyOrdinal} is outside 1–999`);
  }
  if (!Number.isInteger(agencyNumber) || agencyNumber < 0 || agencyNumber > 99) {
    throw new RangeError(`agency number ${agencyNumber} is outside 0–99`);
  }
  return `${state}${String(countyOrdinal).padStart(3, "0")}${String(agencyNumber).padStart(2, "0")}00`;
}
