import { field, item } from "../field-spec.js";

/** Type-1 transaction information fields (EBTS 9.1 Appendix B over ANSI/NIST-ITL 1-2007). */
export const TYPE1_FIELDS = [
  field("1.001", "LEN", "Logical record length", "N", [2, 8]),
  field("1.002", "VER", "Version number", "N", [4, 4], [1, 1], { codes: "VER" }),
  field("1.003", "CNT", "File content", "N", [1, 3], [2, 1000], {
    items: [item("CRT", "Record type", "N", [1, 3]), item("IDC", "Record IDC or record count", "N", [1, 3])],
  }),
  field("1.004", "TOT", "Type of transaction", "A", [3, 4]),
  field("1.005", "DAT", "Date", "N", [8, 8], [1, 1], { date: "CCYYMMDD" }),
  field("1.006", "PRY", "Priority", "N", [1, 1], [1, 1], { codes: "PRY" }),
  field("1.007", "DAI", "Destination agency identifier", "AN", [9, 9], [1, 1], { check: "ori" }),
  field("1.008", "ORI", "Originating agency identifier", "AN", [9, 9], [1, 1], { check: "ori" }),
  field("1.009", "TCN", "Transaction control number", "ANS", [10, 40]),
  field("1.010", "TCR", "Transaction control reference", "ANS", [10, 40]),
  field("1.011", "NSR", "Native scanning resolution", "NS", [5, 5], [1, 1], {
    specials: ".",
    pattern: { regex: /^\d\d\.\d\d$/, description: "NN.NN pixels per millimetre" },
  }),
  field("1.012", "NTR", "Nominal transmitting resolution", "NS", [5, 5], [1, 1], {
    specials: ".",
    pattern: { regex: /^\d\d\.\d\d$/, description: "NN.NN pixels per millimetre" },
  }),
  field("1.013", "DOM", "Domain name", "AN", [1, 15], [1, 1], {
    items: [
      item("DNM", "Domain implementation", "AN", [1, 15]),
      item("DVN", "Domain version", "AN", [1, 5], { optional: true }),
    ],
  }),
  field("1.014", "GMT", "Greenwich mean time", "AN", [15, 15], [1, 1], {
    pattern: {
      regex: /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\dZ$/,
      description: "YYYYMMDDhhmmssZ",
    },
  }),
  field("1.015", "DCS", "Directory of character sets", "ANS", [1, 20], [1, 4], {
    items: [
      item("CSI", "Character set index", "N", [3, 3]),
      item("CSN", "Character set name", "ANS", [1, 7]),
      item("CSV", "Character set version", "AN", [1, 10], { optional: true }),
    ],
  }),
] as const;
