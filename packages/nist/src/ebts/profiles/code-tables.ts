/**
 * Code tables used by the EBTS profiles (EBTS 9.1 Appendix C/NCIC code manual values we rely on).
 * Each table is a tuple so that TypeScript derives a literal union from it: builders accept only
 * these codes, and the validator checks parsed files against the very same lists.
 */

export const SEX_CODES = ["M", "F", "X", "G", "N", "Y", "Z"] as const;
export type SexCode = (typeof SEX_CODES)[number];

export const RACE_CODES = ["A", "B", "I", "U", "W"] as const;
export type RaceCode = (typeof RACE_CODES)[number];

export const EYE_COLOR_CODES = [
  "BLK",
  "BLU",
  "BRO",
  "GRY",
  "GRN",
  "HAZ",
  "MAR",
  "MUL",
  "PNK",
  "XXX",
] as const;
export type EyeColorCode = (typeof EYE_COLOR_CODES)[number];

export const HAIR_COLOR_CODES = [
  "BAL",
  "BLK",
  "BLN",
  "BRO",
  "GRY",
  "RED",
  "SDY",
  "WHI",
  "XXX",
  "BLU",
  "GRN",
  "ONG",
  "PNK",
  "PLE",
] as const;
export type HairColorCode = (typeof HAIR_COLOR_CODES)[number];

export const YES_NO_CODES = ["Y", "N"] as const;

/** 2.059 SRF in SRE (and, in our IDR, I = IDENT match, N = no match). */
export const SEARCH_RESULT_CODES = ["I", "N"] as const;

/**
 * Finger positions (ANSI/NIST-ITL 1-2007 Table 12): 0 unknown, 1–10 rolled fingers (1 right thumb … 10
 * left little), 11/12 plain thumbs, 13/14 plain four-finger slaps, 15 both plain thumbs, 255 unused
 * slot of a Type-4 FGP list.
 */
export const FINGER_POSITIONS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 255] as const;
export type FingerPosition = (typeof FINGER_POSITIONS)[number];

/** Impression types: 0 live-scan plain, 1 live-scan rolled, 2 non-live-scan plain, 3 non-live-scan rolled. */
export const IMPRESSION_TYPES = [0, 1, 2, 3] as const;
export type ImpressionType = (typeof IMPRESSION_TYPES)[number];

/** 14.011 CGA compression algorithm names. */
export const TYPE14_COMPRESSION_CODES = ["NONE", "WSQ20", "JPEGB", "JPEGL", "JP2", "JP2L", "PNG"] as const;
export type CompressionCode = (typeof TYPE14_COMPRESSION_CODES)[number];

/** Type-4 header CGA: 0 uncompressed, 1 WSQ (the only values the FBI accepts for Type-4). */
export const TYPE4_COMPRESSION_CODES = [0, 1] as const;

/** 14.008 SLC scale units: 0 no scale (aspect ratio only), 1 pixels per inch, 2 pixels per centimetre. */
export const SCALE_UNIT_CODES = ["0", "1", "2"] as const;

/** 1.002 VER values we recognise; EBTS 9.x is written over ANSI/NIST-ITL 1-2007 (0400) or later. */
export const VERSION_CODES = ["0200", "0201", "0300", "0400", "0500", "0501", "0502"] as const;
export const EBTS_MINIMUM_VERSION = "0400";

/** 1.006 PRY: 1 (highest) to 9. */
export const PRIORITY_CODES = ["1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;
export type PriorityCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Nlets IAQ PUR/ purpose code: C criminal, F (as the Nlets IAQ spec lists it). */
export const IAQ_PURPOSE_CODES = ["C", "F"] as const;
export type IaqPurposeCode = (typeof IAQ_PURPOSE_CODES)[number];

/**
 * Immigration status determined by the LESC, carried in our IAR (2.920 IST).
 * USC citizen (by birth or naturalised), LPR lawful permanent resident, NIV nonimmigrant with status,
 * RFG refugee or asylee, REM removable (no lawful status), FOR final order of removal outstanding,
 * UNK status could not be determined.
 */
export const IMMIGRATION_STATUS_CODES = ["USC", "LPR", "NIV", "RFG", "REM", "FOR", "UNK"] as const;
export type ImmigrationStatusCode = (typeof IMMIGRATION_STATUS_CODES)[number];

/** Disposition of a criminal-history entry in our IAR: C convicted, A arrested or charged only. */
export const HISTORY_DISPOSITION_CODES = ["C", "A"] as const;
export type HistoryDispositionCode = (typeof HISTORY_DISPOSITION_CODES)[number];

/**
 * NCIC offence code categories (the first two digits of a four-digit NCIC OFF code). A code is
 * accepted when its category is listed; the catalogue of every individual code is not reproduced.
 */
export const NCIC_OFFENSE_CATEGORIES: Readonly<Record<string, string>> = {
  "01": "Sovereignty",
  "02": "Military",
  "03": "Immigration",
  "09": "Homicide",
  "10": "Kidnapping",
  "11": "Sexual assault",
  "12": "Robbery",
  "13": "Assault",
  "14": "Abortion",
  "16": "Threat",
  "20": "Arson",
  "21": "Extortion",
  "22": "Burglary",
  "23": "Larceny",
  "24": "Stolen vehicle",
  "25": "Forgery",
  "26": "Fraud",
  "27": "Embezzlement",
  "28": "Stolen property",
  "29": "Damage property",
  "35": "Dangerous drugs",
  "36": "Sex offences",
  "37": "Obscenity",
  "38": "Family offences",
  "39": "Gambling",
  "40": "Commercialized sex",
  "41": "Liquor",
  "48": "Obstructing police",
  "49": "Flight/escape",
  "50": "Obstructing judiciary, congress, legislature, commission",
  "51": "Bribery",
  "52": "Weapon offences",
  "53": "Public peace",
  "54": "Traffic offences",
  "55": "Health/safety",
  "56": "Civil rights",
  "57": "Invasion of privacy",
  "58": "Smuggling",
  "59": "Election laws",
  "60": "Antitrust",
  "61": "Tax/revenue",
  "62": "Conservation",
  "63": "Vagrancy",
  "70": "Crimes against person",
  "71": "Property crimes",
  "72": "Morals/decency crimes",
  "73": "Public order crimes",
};

export const CODE_TABLES = {
  SEX: SEX_CODES,
  RAC: RACE_CODES,
  EYE: EYE_COLOR_CODES,
  HAI: HAIR_COLOR_CODES,
  YN: YES_NO_CODES,
  Y: ["Y"],
  SRF: SEARCH_RESULT_CODES,
  FGP: FINGER_POSITIONS.map(String),
  IMP: IMPRESSION_TYPES.map(String),
  CGA14: TYPE14_COMPRESSION_CODES,
  SLC: SCALE_UNIT_CODES,
  VER: VERSION_CODES,
  PRY: PRIORITY_CODES,
  PUR: IAQ_PURPOSE_CODES,
  IST: IMMIGRATION_STATUS_CODES,
  DSP: HISTORY_DISPOSITION_CODES,
  BPX: ["8"],
} as const satisfies Record<string, readonly string[]>;

export type CodeTableName = keyof typeof CODE_TABLES;

type Digit = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9";

/** A four-digit NCIC offence code such as "1313" (simple assault) or "0399" (immigration, generic). */
export type NcicOffenseCode = `${Digit}${Digit}${Digit}${Digit}`;

export function isNcicOffenseCode(value: string): value is NcicOffenseCode {
  return /^\d{4}$/.test(value) && NCIC_OFFENSE_CATEGORIES[value.slice(0, 2)] !== undefined;
}
