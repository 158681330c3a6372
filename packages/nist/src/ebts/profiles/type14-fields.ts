import { field, item } from "../field-spec.js";

/** At least 10 pixels; leading zeros are tolerated as in older files. */
const PIXEL_COUNT = { regex: /^0*[1-9]\d+$/, description: "a pixel count of 10 to 99999" };

/** Type-14 variable-resolution fingerprint image fields (ANSI/NIST-ITL 1-2007 as profiled by EBTS 9.1). */
export const TYPE14_FIELDS = [
  field("14.001", "LEN", "Logical record length", "N", [2, 8]),
  field("14.002", "IDC", "Information designation character", "N", [1, 2]),
  field("14.003", "IMP", "Impression type", "N", [1, 2], [1, 1], { codes: "IMP" }),
  field("14.004", "SRC", "Source agency", "ANS", [9, 35]),
  field("14.005", "FCD", "Fingerprint capture date", "N", [8, 8], [1, 1], { date: "CCYYMMDD" }),
  field("14.006", "HLL", "Horizontal line length", "N", [2, 5], [1, 1], { pattern: PIXEL_COUNT }),
  field("14.007", "VLL", "Vertical line length", "N", [2, 5], [1, 1], { pattern: PIXEL_COUNT }),
  field("14.008", "SLC", "Scale units", "N", [1, 1], [1, 1], { codes: "SLC" }),
  field("14.009", "THPS", "Transmitted horizontal pixel scale", "N", [1, 5]),
  field("14.010", "TVPS", "Transmitted vertical pixel scale", "N", [1, 5]),
  field("14.011", "CGA", "Compression algorithm", "AN", [3, 5], [1, 1], { codes: "CGA14" }),
  field("14.012", "BPX", "Bits per pixel", "N", [1, 2], [1, 1], { codes: "BPX" }),
  field("14.013", "FGP", "Finger position", "N", [1, 3], [1, 6], { codes: "FGP" }),
  field("14.016", "SHPS", "Scanned horizontal pixel scale", "N", [1, 5]),
  field("14.017", "SVPS", "Scanned vertical pixel scale", "N", [1, 5]),
  field("14.018", "AMP", "Amputated or bandaged", "AN", [2, 5], [1, 4], {
    items: [
      item("FGP", "Finger position", "N", [1, 2], { codes: "FGP" }),
      item("ABC", "Amputated/bandaged code", "A", [2, 2], {
        pattern: { regex: /^(XX|UP)$/, description: "XX (amputated) or UP (unable to print)" },
      }),
    ],
  }),
  field("14.020", "COM", "Comment", "ANS", [1, 126]),
  field("14.021", "SEG", "Finger segment positions", "N", [1, 5], [1, 4], {
    items: [
      item("FGP", "Finger position", "N", [1, 2], { codes: "FGP" }),
      item("LHC", "Left horizontal coordinate", "N", [1, 5]),
      item("RHC", "Right horizontal coordinate", "N", [1, 5]),
      item("TVC", "Top vertical coordinate", "N", [1, 5]),
      item("BVC", "Bottom vertical coordinate", "N", [1, 5]),
    ],
  }),
  field("14.022", "NQM", "NIST quality metric", "N", [1, 5], [1, 4], {
    items: [
      item("FGP", "Finger position", "N", [1, 2], { codes: "FGP" }),
      item("IQS", "Image quality score", "N", [1, 3], {
        pattern: { regex: /^([1-5]|254|255)$/, description: "NFIQ 1-5, 254 (not computed) or 255 (failed)" },
      }),
    ],
  }),
  field("14.999", "DAT", "Image data", "B", [1, 100_000_000]),
] as const;
