/**
 * EBTS transaction profiles as data: which records a TOT carries and which Type-1 and Type-2 fields it
 * requires or admits (by mnemonic; the field tables give the value rules). CAR, CNA, SRE and ERRT follow
 * EBTS 9.1 (IAFIS-DOC-01078-9.1); IDR, IAQ and IAR are Tenprint's interoperability messages, written
 * with the fields of profiles/type2-fields.ts (2.901 upwards) where EBTS has none.
 */

/** "types 4 or 14 together: min–max records" — one term of an EBTS record-count rule. */
export interface RecordCountRule {
  readonly types: readonly number[];
  readonly min: number;
  readonly max: number;
}

export interface RecordProfile {
  readonly mandatory: readonly string[];
  readonly optional: readonly string[];
  /** Occurrence limits that differ for this TOT from the field table's. */
  readonly occurrences?: Readonly<Record<string, readonly [number, number]>>;
}

export interface EbtsProfile {
  readonly tot: string;
  readonly title: string;
  /** Record types not listed here may not appear at all. */
  readonly recordCounts: readonly RecordCountRule[];
  readonly type1: RecordProfile;
  readonly type2: RecordProfile;
}

const TYPE1_BASE = ["LEN", "VER", "CNT", "TOT", "DAT", "DAI", "ORI", "TCN", "NSR", "NTR"];
const TYPE1_SUBMISSION: RecordProfile = {
  mandatory: TYPE1_BASE,
  optional: ["PRY", "TCR", "DOM", "GMT", "DCS"],
};
const TYPE1_RESPONSE: RecordProfile = {
  mandatory: [...TYPE1_BASE, "TCR"],
  optional: ["PRY", "DOM", "GMT", "DCS"],
};

/** The Type-1 rules applied when a TOT has no profile, so that the header is still checked. */
export const GENERIC_TYPE1: RecordProfile = TYPE1_SUBMISSION;

/** Type-14 fingerprint image records, the same in every TOT that carries them. */
export const TYPE14_RECORD: RecordProfile = {
  mandatory: [
    "LEN",
    "IDC",
    "IMP",
    "SRC",
    "FCD",
    "HLL",
    "VLL",
    "SLC",
    "THPS",
    "TVPS",
    "CGA",
    "BPX",
    "FGP",
    "DAT",
  ],
  optional: ["SHPS", "SVPS", "AMP", "COM", "SEG", "NQM"],
};

const TENPRINT_COUNTS: readonly RecordCountRule[] = [
  { types: [1], min: 1, max: 1 },
  { types: [2], min: 1, max: 1 },
  { types: [4, 14], min: 1, max: 14 },
  { types: [10], min: 0, max: 4 },
  { types: [7, 13], min: 0, max: 2 },
  { types: [15], min: 0, max: 8 },
];

const CRIMINAL_MANDATORY = [
  "LEN",
  "IDC",
  "RET",
  "NAM",
  "POB",
  "DOB",
  "SEX",
  "RAC",
  "HGT",
  "WGT",
  "EYE",
  "HAI",
  "DOA",
  "ASL",
  "CRI",
];
const CRIMINAL_OPTIONAL = [
  "ATN",
  "SCO",
  "OCA",
  "FBI",
  "SID",
  "SOC",
  "MNU",
  "AKA",
  "CTZ",
  "SMT",
  "PPA",
  "PHT",
  "EAD",
  "OCP",
  "RES",
  "CSL",
  "SSD",
  "SLE",
  "ICO",
  "IMA",
  "AMP",
  "TAA",
];

const TEXT_ONLY_COUNTS: readonly RecordCountRule[] = [
  { types: [1], min: 1, max: 1 },
  { types: [2], min: 1, max: 1 },
];

export const CAR_PROFILE: EbtsProfile = {
  tot: "CAR",
  title: "Criminal Tenprint Submission (Answer Required)",
  recordCounts: TENPRINT_COUNTS,
  type1: TYPE1_SUBMISSION,
  type2: { mandatory: CRIMINAL_MANDATORY, optional: [...CRIMINAL_OPTIONAL, "RAP"] },
};

export const CNA_PROFILE: EbtsProfile = {
  tot: "CNA",
  title: "Criminal Tenprint Submission (No Answer Necessary)",
  recordCounts: TENPRINT_COUNTS,
  type1: TYPE1_SUBMISSION,
  type2: { mandatory: CRIMINAL_MANDATORY, optional: CRIMINAL_OPTIONAL },
};

/**
 * Criminal Fingerprint Processing Non-Urgent: the criminal tenprint a state correctional facility sends
 * when it receives a sentenced person from county custody (reception / intake). The person is already in
 * custody for the sentence, so the answer is not urgent; the fields are the criminal tenprint's, with
 * 2.045 DOA the date of the arrest that led to the sentence and 2.073 CRI naming the facility first and
 * the arresting agency second (docs/decisions/0012-correctional-intake-and-deployment-plan.md).
 */
export const CPNU_PROFILE: EbtsProfile = {
  tot: "CPNU",
  title: "Criminal Fingerprint Processing Non-Urgent",
  recordCounts: TENPRINT_COUNTS,
  type1: TYPE1_SUBMISSION,
  type2: { mandatory: CRIMINAL_MANDATORY, optional: CRIMINAL_OPTIONAL },
};

export const SRE_PROFILE: EbtsProfile = {
  tot: "SRE",
  title: "Submission Results - Electronic",
  recordCounts: [...TEXT_ONLY_COUNTS, { types: [10], min: 0, max: 1 }],
  type1: TYPE1_RESPONSE,
  type2: {
    mandatory: ["LEN", "IDC", "NAM", "SRF", "CRI"],
    optional: ["ATN", "SCO", "OCA", "FBI", "SID", "EAD", "OCP", "RES", "ERS"],
    occurrences: { FBI: [1, 1] },
  },
};

/**
 * ERRT answers a submission that may be too broken to have a readable TCN, so 1.010 TCR is optional
 * here; buildErrt fills it whenever the request has one.
 */
export const ERRT_PROFILE: EbtsProfile = {
  tot: "ERRT",
  title: "Tenprint Transaction Error",
  recordCounts: TEXT_ONLY_COUNTS,
  type1: TYPE1_SUBMISSION,
  type2: {
    mandatory: ["LEN", "IDC", "MSG"],
    optional: ["ATN", "SCO", "OCA", "FBI", "SID", "MNU", "CRI"],
  },
};

/** IDENT Data Response: SRE-shaped; 2.059 SRF I = IDENT match, N = no match; optional Type-10 photo. */
export const IDR_PROFILE: EbtsProfile = {
  tot: "IDR",
  title: "IDENT Data Response (Tenprint interoperability message)",
  recordCounts: [...TEXT_ONLY_COUNTS, { types: [10], min: 0, max: 1 }],
  type1: TYPE1_RESPONSE,
  type2: {
    mandatory: ["LEN", "IDC", "NAM", "SRF", "CRI"],
    optional: ["ATN", "OCA", "FBI", "SID", "FIN", "EID", "ARN", "MSG"],
    occurrences: { FBI: [1, 1], MSG: [1, 1] },
  },
};

/** Immigration Alien Query to the LESC: the Nlets IAQ fields as Type-2 fields. */
export const IAQ_PROFILE: EbtsProfile = {
  tot: "IAQ",
  title: "Immigration Alien Query (Tenprint interoperability message)",
  recordCounts: TEXT_ONLY_COUNTS,
  type1: TYPE1_SUBMISSION,
  type2: {
    mandatory: ["LEN", "IDC", "PUR", "ATN", "PHN", "NAM", "DOB", "SEX", "POB", "CUS", "OFF"],
    optional: ["ARN", "FBI", "SID", "CRI", "OCA"],
    occurrences: { DOB: [1, 1], FBI: [1, 1], CRI: [1, 1] },
  },
};

/** Immigration Alien Response from the LESC: status, biographics and a criminal-history summary. */
export const IAR_PROFILE: EbtsProfile = {
  tot: "IAR",
  title: "Immigration Alien Response (Tenprint interoperability message)",
  recordCounts: TEXT_ONLY_COUNTS,
  type1: TYPE1_RESPONSE,
  type2: {
    mandatory: ["LEN", "IDC", "IST", "NAM", "DOB", "SEX"],
    optional: ["ATN", "SCO", "POB", "CTZ", "ARN", "FBI", "SID", "FIN", "CHS", "RMK", "AKA"],
    occurrences: { DOB: [1, 1], FBI: [1, 1] },
  },
};

export const EBTS_PROFILES: Readonly<Record<string, EbtsProfile>> = {
  CAR: CAR_PROFILE,
  CNA: CNA_PROFILE,
  CPNU: CPNU_PROFILE,
  SRE: SRE_PROFILE,
  ERRT: ERRT_PROFILE,
  IDR: IDR_PROFILE,
  IAQ: IAQ_PROFILE,
  IAR: IAR_PROFILE,
};

export function profileForTot(tot: string): EbtsProfile | undefined {
  return Object.hasOwn(EBTS_PROFILES, tot) ? EBTS_PROFILES[tot] : undefined;
}

/** A profile's record counts in EBTS notation, e.g. "1:1 2:1 4|14:1-14 10:0-4 7|13:0-2 15:0-8". */
export function describeRecordCounts(profile: EbtsProfile): string {
  return profile.recordCounts
    .map((rule) => `${rule.types.join("|")}:${rule.min === rule.max ? rule.min : `${rule.min}-${rule.max}`}`)
    .join(" ");
}
