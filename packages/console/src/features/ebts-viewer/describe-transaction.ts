import {
  decodeWsq,
  type EbtsProblem,
  fieldOffsets,
  fieldSpecByTag,
  NistError,
  type NistRecord,
  type NistTransaction,
  parseTransaction,
  profileForTot,
  validateTransaction,
} from "@tenprint/nist";

/**
 * An EBTS / ANSI/NIST-ITL file as the viewer shows it: records and fields named from the EBTS field
 * dictionary, every validation problem attached to its field, byte offsets, and the images decoded by
 * @tenprint/nist itself (WSQ included). Pure over bytes; the worker runs it off the page's thread.
 */
export const RECORD_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: "Transaction information",
  2: "User-defined descriptive text",
  4: "High-resolution grayscale fingerprint image",
  7: "User-defined image",
  8: "Signature image",
  9: "Minutiae data",
  10: "Photographic body part image",
  13: "Variable-resolution latent friction ridge image",
  14: "Variable-resolution fingerprint image",
  15: "Variable-resolution palmprint image",
  17: "Iris image",
  98: "Information assurance",
  99: "CBEFF biometric data",
};

export interface ViewerProblem {
  readonly recordIndex: number;
  readonly tag: string;
  readonly mnemonic: string;
  readonly reason: string;
  readonly severity: "error" | "warning";
  readonly offset: number | null;
}

export interface ViewerField {
  readonly tag: string;
  readonly mnemonic: string | null;
  readonly name: string | null;
  readonly offset: number | null;
  /** Subfields joined with " | ", items with " · "; binary data as its size. */
  readonly value: string;
  readonly subfields: number;
  readonly binaryBytes: number | null;
}

export interface ViewerRecord {
  readonly index: number;
  readonly type: number;
  readonly typeName: string;
  readonly offset: number | null;
  readonly fields: readonly ViewerField[];
  /** Problems of this record that name no field of it (counts, missing fields). */
  readonly recordProblems: readonly number[];
  readonly hasImage: boolean;
  readonly fingerPosition: number | null;
}

export type ViewerImage =
  | {
      readonly recordIndex: number;
      readonly kind: "gray";
      readonly width: number;
      readonly height: number;
      readonly ppi: number;
      readonly compression: string;
      readonly pixels: Uint8Array;
    }
  | {
      readonly recordIndex: number;
      readonly kind: "encoded";
      readonly mime: string;
      readonly bytes: Uint8Array;
    }
  | { readonly recordIndex: number; readonly kind: "error"; readonly message: string };

export interface ViewerDocument {
  readonly bytes: number;
  readonly tot: string | null;
  readonly profile: string | null;
  readonly records: readonly ViewerRecord[];
  readonly problems: readonly ViewerProblem[];
  /** The file could not be read at all: where and why. */
  readonly parseError: {
    readonly message: string;
    readonly recordIndex: number | null;
    readonly tag: string | null;
    readonly offset: number | null;
  } | null;
}

const MAX_VALUE = 240;

function tagOf(type: number, number: number): string {
  return `${type}.${String(number).padStart(3, "0")}`;
}

function textValue(subfields: readonly (readonly string[])[]): string {
  const value = subfields.map((items) => items.join(" · ")).join(" | ");
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
}

function describeFields(
  record: NistRecord,
  index: number,
  offsets: ReturnType<typeof fieldOffsets>,
): ViewerField[] {
  if (record.kind === "binary") {
    return [
      ...Object.entries(record.header).map(([mnemonic, value]) => ({
        tag: `${record.type}.${mnemonic}`,
        mnemonic,
        name: null,
        offset: null,
        value: Array.isArray(value) ? value.join(" · ") : String(value),
        subfields: 1,
        binaryBytes: null,
      })),
      {
        tag: `${record.type}.DATA`,
        mnemonic: "DATA",
        name: "Image data",
        offset: null,
        value: `${record.data.length.toLocaleString("en-US")} bytes`,
        subfields: 1,
        binaryBytes: record.data.length,
      },
    ];
  }
  return record.fields.map((field) => {
    const tag = tagOf(record.type, field.number);
    const spec = fieldSpecByTag(tag);
    return {
      tag,
      mnemonic: spec?.mnemonic ?? null,
      name: spec?.name ?? null,
      offset: offsets.field(index, tag) ?? null,
      value:
        field.kind === "data"
          ? `${field.data.length.toLocaleString("en-US")} bytes of binary data`
          : textValue(field.subfields),
      subfields: field.kind === "data" ? 1 : field.subfields.length,
      binaryBytes: field.kind === "data" ? field.data.length : null,
    };
  });
}

function firstText(record: NistRecord, number: number): string | undefined {
  if (record.kind !== "tagged") return undefined;
  const field = record.fields.find((candidate) => candidate.number === number);
  return field?.kind === "text" ? field.subfields[0]?.[0] : undefined;
}

function fingerPositionOf(record: NistRecord): number | null {
  if (record.kind === "binary") {
    const fgp = record.header.FGP;
    const first = Array.isArray(fgp) ? fgp[0] : fgp;
    return typeof first === "number" && first !== 255 ? first : null;
  }
  if (record.type !== 13 && record.type !== 14) return null;
  const fgp = Number(firstText(record, 13));
  return Number.isFinite(fgp) ? fgp : null;
}

const ENCODED_MIME: Record<string, string> = {
  JPEGB: "image/jpeg",
  JPEGL: "image/jpeg",
  PNG: "image/png",
  JP2: "image/jp2",
  JP2L: "image/jp2",
};

/** The record's image, decoded to gray pixels where nist can (WSQ, raw), else the encoded bytes. */
export function recordImage(record: NistRecord, recordIndex: number): ViewerImage | undefined {
  try {
    if (record.kind === "binary") {
      const number = (key: string) => {
        const value = record.header[key];
        return typeof value === "number" ? value : (value?.[0] ?? 0);
      };
      const cga = number("CGA");
      if (cga === 1) return gray(recordIndex, decodeWsq(record.data), "WSQ");
      if (cga === 0) return rawGray(recordIndex, record.data, number("HLL"), number("VLL"), 500);
      return { recordIndex, kind: "error", message: `compression ${cga} is not shown here` };
    }
    const data = record.fields.find((field) => field.kind === "data");
    if (data?.kind !== "data") return undefined;
    const compression = (firstText(record, 11) ?? "").toUpperCase();
    if (compression === "WSQ20" || compression === "WSQ")
      return gray(recordIndex, decodeWsq(data.data), "WSQ");
    if (compression === "NONE" || compression === "0")
      return rawGray(
        recordIndex,
        data.data,
        Number(firstText(record, 6)),
        Number(firstText(record, 7)),
        Number(firstText(record, 9)) || 500,
      );
    // Photographs (Type-10 5.? SMT) and other formats the browser decodes itself.
    const mime = ENCODED_MIME[compression] ?? (record.type === 10 ? "image/jpeg" : undefined);
    if (mime) return { recordIndex, kind: "encoded", mime, bytes: data.data.slice() };
    return {
      recordIndex,
      kind: "error",
      message: `compression ${compression || "(none given)"} is not shown here`,
    };
  } catch (error) {
    return { recordIndex, kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
}

function gray(
  recordIndex: number,
  image: { width: number; height: number; ppi: number; pixels: Uint8Array },
  compression: string,
): ViewerImage {
  return {
    recordIndex,
    kind: "gray",
    width: image.width,
    height: image.height,
    ppi: image.ppi,
    compression,
    pixels: image.pixels,
  };
}

function rawGray(
  recordIndex: number,
  data: Uint8Array,
  width: number,
  height: number,
  ppi: number,
): ViewerImage {
  if (!(width > 0 && height > 0) || width * height > data.length)
    return {
      recordIndex,
      kind: "error",
      message: `raw pixels: ${width}×${height} does not fit ${data.length} bytes`,
    };
  return {
    recordIndex,
    kind: "gray",
    width,
    height,
    ppi,
    compression: "none",
    pixels: data.slice(0, width * height),
  };
}

function problemView(problem: EbtsProblem, offsets: ReturnType<typeof fieldOffsets>): ViewerProblem {
  return {
    recordIndex: problem.recordIndex,
    tag: problem.tag,
    mnemonic: problem.mnemonic,
    reason: problem.reason,
    severity: problem.severity,
    offset:
      problem.offset ??
      offsets.field(problem.recordIndex, problem.tag) ??
      offsets.record(problem.recordIndex) ??
      null,
  };
}

/** Reads a file for the viewer: its structure and problems (images come separately, see recordImage). */
export function describeTransaction(bytes: Uint8Array): {
  document: ViewerDocument;
  transaction?: NistTransaction;
} {
  let transaction: NistTransaction;
  try {
    transaction = parseTransaction(bytes);
  } catch (error) {
    const location = error instanceof NistError ? error.location : {};
    return {
      document: {
        bytes: bytes.length,
        tot: null,
        profile: null,
        records: [],
        problems: [],
        parseError: {
          message: error instanceof Error ? error.message : String(error),
          recordIndex: location.recordIndex ?? null,
          tag: location.tag ?? null,
          offset: location.offset ?? null,
        },
      },
    };
  }
  const offsets = fieldOffsets(bytes, transaction);
  const tot = firstText(transaction.records[0]!, 4) ?? null;
  const profile = tot ? profileForTot(tot) : undefined;
  const problems = validateTransaction(transaction).map((problem) => problemView(problem, offsets));
  const records = transaction.records.map((record, index): ViewerRecord => {
    const fields = describeFields(record, index, offsets);
    const tags = new Set(fields.map((field) => field.tag));
    return {
      index,
      type: record.type,
      typeName: RECORD_TYPE_NAMES[record.type] ?? `Type-${record.type}`,
      offset: offsets.record(index) ?? null,
      fields,
      recordProblems: problems.flatMap((problem, at) =>
        problem.recordIndex === index && !tags.has(problem.tag) ? [at] : [],
      ),
      hasImage:
        record.kind === "binary"
          ? record.data.length > 0
          : record.fields.some((field) => field.kind === "data"),
      fingerPosition: fingerPositionOf(record),
    };
  });
  return {
    document: {
      bytes: bytes.length,
      tot,
      profile: profile?.title ?? null,
      records,
      problems,
      parseError: null,
    },
    transaction,
  };
}
