import { field, item } from "../field-spec.js";

const NAME_PATTERN = {
  regex: /^[A-Za-z&][A-Za-z' -]*(?<! ),(?! )[A-Za-z][A-Za-z' -]*$/,
  description: "SURNAME,GIVEN NAMES: one comma, a letter right after it, no blank beside it",
};
const NO_PERIOD = { regex: /^[^.]*$/, description: "text without periods" };
const NO_LEADING_BLANK = { regex: /^[^ ]/, description: "text whose first character is not a blank" };

/**
 * Type-2 fields of the profiles, by tag. 2.001–2.099 are EBTS 9.1 fields (Appendix C); their limits are
 * those of the CAR/CNA/SRE/ERRT rows, and a profile narrows occurrences where a TOT differs.
 *
 * 2.901–2.910 are Tenprint's own fields for the IDENT/IAFIS interoperability messages, which EBTS does
 * not define: the IDENT Data Response (IDR, an SRE-shaped Type-2 answer) and the ICE LESC Immigration
 * Alien Query and Response (IAQ/IAR, carried as Type-1 + Type-2 transactions whose Type-2 holds the
 * Nlets IAQ/IAR content). Tags from 2.900 upwards are outside the range EBTS assigns, so no FBI
 * field is reused with a different meaning.
 */
export const TYPE2_FIELDS = [
  field("2.001", "LEN", "Logical record length", "N", [2, 8]),
  field("2.002", "IDC", "Information designation character", "N", [1, 2]),
  field("2.005", "RET", "Retention code", "A", [1, 1], [1, 1], { codes: "YN" }),
  field("2.006", "ATN", "Attention indicator", "ANS", [3, 30], [1, 1], { pattern: NO_PERIOD }),
  field("2.007", "SCO", "Send copy to", "ANS", [9, 19], [1, 9], {
    pattern: {
      regex: /^[A-Za-z]{2}[A-Za-z0-9]{7}/,
      description: "an ORI (9 characters) and an optional suffix",
    },
  }),
  field("2.009", "OCA", "Originating agency case number", "ANS", [1, 20], [1, 1], {
    pattern: { regex: /^[^ .][^.]*$/, description: "text without periods, not starting with a blank" },
  }),
  field("2.014", "FBI", "FBI number / UCN", "AN", [1, 9], [1, 5]),
  field("2.015", "SID", "State identification number", "ANS", [3, 10], [1, 1], {
    pattern: {
      regex: /^[A-Za-z]{2}[A-Za-z0-9]*-?$/,
      description: "a state code followed by the number, no blanks",
    },
  }),
  field("2.016", "SOC", "Social security number", "N", [9, 9], [1, 4]),
  field("2.017", "MNU", "Miscellaneous identification number", "ANS", [4, 15], [1, 4], {
    pattern: {
      regex: /^[A-Za-z]{2}-[A-Za-z0-9]+$/,
      description: "a two-letter code, a hyphen, then the number",
    },
  }),
  field("2.018", "NAM", "Name", "AS", [3, 30], [1, 1], { specials: ",- '", pattern: NAME_PATTERN }),
  field("2.019", "AKA", "Aliases", "AS", [3, 30], [1, 10], { specials: ",- '", pattern: NAME_PATTERN }),
  field("2.020", "POB", "Place of birth", "A", [2, 2]),
  field("2.021", "CTZ", "Country of citizenship", "A", [2, 2]),
  field("2.022", "DOB", "Date of birth", "N", [8, 8], [1, 5], { date: "ZCCYYMMDD" }),
  field("2.024", "SEX", "Sex", "A", [1, 1], [1, 1], { codes: "SEX" }),
  field("2.025", "RAC", "Race", "A", [1, 1], [1, 1], { codes: "RAC" }),
  field("2.026", "SMT", "Scars, marks and tattoos", "AS", [3, 10], [1, 10], { specials: " " }),
  field("2.027", "HGT", "Height", "AN", [3, 3], [1, 1], {
    pattern: {
      regex: /^(000|[4-7](0\d|1[01])|N\d\d)$/,
      description: "FII feet and inches (400-711), N plus inches, or 000",
    },
  }),
  field("2.029", "WGT", "Weight", "N", [3, 3], [1, 1], {
    pattern: { regex: /^(000|0[5-9]\d|[1-4]\d\d)$/, description: "pounds 050-499, or 000 when unknown" },
  }),
  field("2.031", "EYE", "Eye colour", "A", [3, 3], [1, 1], { codes: "EYE" }),
  field("2.032", "HAI", "Hair colour", "A", [3, 3], [1, 1], { codes: "HAI" }),
  field("2.035", "PPA", "Palm prints available", "A", [1, 1], [1, 1], { codes: "Y" }),
  field("2.036", "PHT", "Photo available", "A", [1, 1], [1, 1], { codes: "Y" }),
  field("2.039", "EAD", "Employer and address", "ANS", [1, 120]),
  field("2.040", "OCP", "Occupation", "ANS", [1, 50]),
  field("2.041", "RES", "Residence", "TEXT", [1, 120]),
  field("2.045", "DOA", "Date of arrest", "N", [8, 8], [1, 1], { date: "CCYYMMDD" }),
  field("2.047", "ASL", "Arrest segment literal", "ANS", [1, 308], [1, 40], {
    items: [
      item("DOO", "Date of offence", "N", [8, 8], { date: "CCYYMMDD", optional: true }),
      item("AOL", "Arrest offence literal", "ANS", [1, 300], { pattern: NO_LEADING_BLANK }),
      // Tenprint extension: EBTS 9.1 carries only DOO and AOL; the NCIC code travels as a third item.
      item("NCC", "NCIC offence code", "N", [4, 4], { check: "ncic-offense", optional: true }),
    ],
  }),
  field("2.051", "CSL", "Court segment literal", "ANS", [2, 608], [1, 40], {
    items: [
      item("CDD", "Court disposition date", "N", [8, 8], { date: "CCYYMMDD", optional: true }),
      item("COL", "Court offence literal", "ANS", [1, 300]),
      item("CPL", "Other court sentence provision literal", "ANS", [1, 300]),
    ],
  }),
  field("2.054", "SSD", "Custody or supervisory status start date", "N", [8, 8], [1, 1], {
    date: "CCYYMMDD",
  }),
  field("2.055", "SLE", "Custody or supervisory status literal", "ANS", [1, 300], [1, 1], {
    pattern: NO_LEADING_BLANK,
  }),
  field("2.056", "ICO", "Identification comments", "ANS", [1, 50], [1, 1], { pattern: NO_LEADING_BLANK }),
  field("2.059", "SRF", "Search results findings", "A", [1, 1], [1, 1], { codes: "SRF" }),
  field("2.060", "MSG", "Status/error message", "ANS", [1, 300], [1, 11]),
  field("2.067", "IMA", "Image capture equipment", "ANS", [1, 100], [1, 1], {
    items: [
      item("MAK", "Make", "ANS", [1, 25]),
      item("MODL", "Model", "ANS", [1, 25]),
      item("SERNO", "Serial number", "ANS", [1, 50]),
    ],
  }),
  field("2.070", "RAP", "Request electronic rap sheet", "A", [1, 1], [1, 1], { codes: "YN" }),
  field("2.073", "CRI", "Controlling agency identifier", "AN", [9, 9], [1, 3], { check: "ori" }),
  field("2.075", "ERS", "Electronic rap sheet", "TEXT", [1, 200_000]),
  field("2.084", "AMP", "Amputated or bandaged", "AN", [2, 5], [1, 13], {
    items: [
      item("FGP", "Finger position", "N", [1, 2], { codes: "FGP" }),
      item("AMPCD", "Amputated/bandaged code", "A", [2, 2], {
        pattern: { regex: /^(XX|UP)$/, description: "XX (amputated) or UP (unable to print)" },
      }),
    ],
  }),
  field("2.087", "TAA", "Treat as adult", "A", [1, 1], [1, 1], { codes: "Y" }),
  field("2.901", "FIN", "IDENT fingerprint identification number", "AN", [1, 20]),
  field("2.902", "EID", "IDENT encounter identifier", "ANS", [1, 40], [1, 20]),
  field("2.903", "ARN", "Alien registration number (A-number, digits only)", "N", [8, 9]),
  field("2.904", "PHN", "Requester telephone number", "ANS", [1, 20]),
  field("2.905", "CUS", "Subject in custody", "A", [1, 1], [1, 1], { codes: "YN" }),
  field("2.906", "OFF", "Most serious charge (NCIC offence code)", "N", [4, 4], [1, 1], {
    check: "ncic-offense",
  }),
  field("2.907", "PUR", "Inquiry purpose", "A", [1, 1], [1, 1], { codes: "PUR" }),
  field("2.908", "IST", "Immigration status", "A", [3, 3], [1, 1], { codes: "IST" }),
  field("2.909", "CHS", "Criminal history entry", "ANS", [1, 320], [1, 99], {
    items: [
      item("DOO", "Date of offence or arrest", "N", [8, 8], { date: "CCYYMMDD", optional: true }),
      item("OFF", "NCIC offence code", "N", [4, 4], { check: "ncic-offense" }),
      item("LIT", "Offence literal", "ANS", [1, 300], { pattern: NO_LEADING_BLANK }),
      item("DSP", "Disposition (C convicted, A arrested/charged)", "A", [1, 1], { codes: "DSP" }),
    ],
  }),
  field("2.910", "RMK", "Response remarks", "TEXT", [1, 4000]),
] as const;
