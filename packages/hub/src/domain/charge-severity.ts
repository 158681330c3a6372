import type { NcicOffenseCode } from "@tenprint/nist";

/** The class of a charge as the priority rules weigh it; a booking states the charge, not its class. */
export type Severity = "FELONY" | "MISDEMEANOR";

/**
 * Felony ranges of the NCIC offence code (the first two digits are the category; Secure Communities mapped its crime
 * levels onto these ranges: 09xx–12xx violent, 13xx assault, 35xx drugs, 52xx weapons), inclusive, with the codes inside a felony range that
 * are misdemeanours listed in MISDEMEANOR_CODES. Every other code is a misdemeanour, so that an unknown
 * code never raises a priority level.
 */
const FELONY_RANGES: readonly (readonly [string, string])[] = [
  ["0900", "1299"], // homicide, kidnapping, sexual assault, robbery
  ["1300", "1399"], // assault (aggravated); simple assault is excepted below
  ["2200", "2299"], // burglary
  ["2400", "2499"], // stolen vehicle
  ["2500", "2599"], // forgery
  ["3500", "3599"], // dangerous drugs; possession of paraphernalia and of marijuana excepted below
  ["3600", "3699"], // sex offenses
  ["5011", "5011"], // parole violation
  ["5200", "5299"], // weapons
];

/** Codes inside a felony range that name a misdemeanour: simple assault, paraphernalia, marijuana possession. */
const MISDEMEANOR_CODES: ReadonlySet<string> = new Set(["1313", "3550", "3562"]);

/** The severity a charge's NCIC offence code carries (four digits; lexical order is numeric order). */
export function chargeSeverity(ncic: NcicOffenseCode): Severity {
  if (MISDEMEANOR_CODES.has(ncic)) return "MISDEMEANOR";
  return FELONY_RANGES.some(([low, high]) => ncic >= low && ncic <= high) ? "FELONY" : "MISDEMEANOR";
}
