import {
  type NistRecord,
  type NistTransaction,
  parseTransaction,
  serializeTransaction,
} from "@tenprint/nist";
import fc from "fast-check";

/**
 * Mutants of a valid EBTS file for hostile-file fuzzing of intake: what a broken encoder, a damaged
 * transfer or an attacker sends. Each mutant is one or more of these operations, described in words so
 * that a failure names what was done to the file.
 */
export type Mutation =
  | { readonly op: "flip"; readonly at: number; readonly bit: number }
  | { readonly op: "flipHeader"; readonly at: number; readonly bit: number }
  | { readonly op: "truncate"; readonly at: number }
  | { readonly op: "length"; readonly which: number; readonly value: string }
  | { readonly op: "imageSize"; readonly which: number; readonly field: 6 | 7; readonly value: string }
  | { readonly op: "wsqHeader"; readonly which: number; readonly at: number; readonly byte: number }
  | { readonly op: "wsqFrame"; readonly which: number; readonly width: number; readonly height: number }
  | { readonly op: "reorder"; readonly from: number; readonly to: number }
  | { readonly op: "drop"; readonly which: number }
  | { readonly op: "duplicate"; readonly which: number };

export function describeMutation(m: Mutation): string {
  return Object.entries(m)
    .map(([key, value]) => (key === "op" ? String(value) : `${key}=${String(value)}`))
    .join(" ");
}

/** Where the parts an operation aims at lie in the original file. */
export interface CarLayout {
  readonly size: number;
  readonly records: number;
  /** Byte ranges of every record's text (everything but image data). */
  readonly textRanges: readonly (readonly [number, number])[];
  /** Offsets of each image's data (the WSQ stream) and its length. */
  readonly images: readonly { readonly at: number; readonly length: number }[];
  /** Offsets and lengths of the digits of each record's x.001 LEN field. */
  readonly lengthFields: readonly { readonly at: number; readonly length: number }[];
  /** Each record's bytes [from, to), from its LEN. */
  readonly recordRanges: readonly (readonly [number, number])[];
}

export function carLayout(file: Uint8Array): CarLayout {
  const transaction = parseTransaction(file);
  const images: { at: number; length: number }[] = [];
  for (const record of transaction.records)
    if (record.kind === "tagged")
      for (const field of record.fields)
        if (field.kind === "data")
          images.push({ at: field.data.byteOffset - file.byteOffset, length: field.data.length });
  const textRanges: [number, number][] = [];
  let from = 0;
  for (const image of images) {
    textRanges.push([from, image.at]);
    from = image.at + image.length;
  }
  textRanges.push([from, file.length]);
  // Each tagged record starts "T.001:" (or "T.01:") and its length digits follow up to the GS (0x1d).
  const lengthFields: { at: number; length: number }[] = [];
  const recordRanges: [number, number][] = [];
  const text = Buffer.from(file).toString("latin1");
  // FS (0x1c) ends a record, GS (0x1d) a field.
  const pattern = new RegExp(`(?:^|${FS})\\d{1,2}\\.0{0,2}1:(\\d+)${GS}`, "g");
  for (const match of text.matchAll(pattern)) {
    const digits = match[1] ?? "";
    const at = (match.index ?? 0) + match[0].length - 1 - digits.length;
    if (images.some((image) => at >= image.at && at < image.at + image.length)) continue;
    lengthFields.push({ at, length: digits.length });
    const from = (match.index ?? 0) + (match[0].startsWith(FS) ? 1 : 0);
    recordRanges.push([from, from + Number(digits)]);
  }
  return {
    size: file.length,
    records: transaction.records.length,
    textRanges,
    images,
    lengthFields,
    recordRanges,
  };
}

const FS = String.fromCharCode(0x1c);
const GS = String.fromCharCode(0x1d);
const DECLARED = fc.constantFrom(
  "0",
  "1",
  "9",
  "99999999",
  "4294967296",
  "18446744073709551616",
  "-5",
  "",
  "1e9",
);
const IMAGE_SIZE = fc.constantFrom("0", "1", "60000", "99999", "4294967295", "-1", "x");

export function mutationArbitrary(layout: CarLayout): fc.Arbitrary<Mutation> {
  const image = fc.nat({ max: Math.max(0, layout.images.length - 1) });
  const record = fc.nat({ max: layout.records - 1 });
  const textOffset = fc.nat({ max: layout.textRanges.length - 1 }).chain((i) => {
    const [from, to] = layout.textRanges[i] ?? [0, 1];
    return fc.integer({ min: from, max: Math.max(from, to - 1) });
  });
  return fc.oneof(
    fc.record({
      op: fc.constant("flip" as const),
      at: fc.nat({ max: layout.size - 1 }),
      bit: fc.nat({ max: 7 }),
    }),
    fc.record({ op: fc.constant("flipHeader" as const), at: textOffset, bit: fc.nat({ max: 7 }) }),
    fc.record({ op: fc.constant("truncate" as const), at: fc.nat({ max: layout.size - 1 }) }),
    fc.record({
      op: fc.constant("length" as const),
      which: fc.nat({ max: layout.lengthFields.length - 1 }),
      value: fc.oneof(DECLARED, fc.nat({ max: 2 * layout.size }).map(String)),
    }),
    fc.record({
      op: fc.constant("imageSize" as const),
      which: image,
      field: fc.constantFrom(6 as const, 7 as const),
      value: IMAGE_SIZE,
    }),
    fc.record({
      op: fc.constant("wsqHeader" as const),
      which: image,
      at: fc.nat({ max: 199 }),
      byte: fc.nat({ max: 255 }),
    }),
    fc.record({
      op: fc.constant("wsqFrame" as const),
      which: image,
      width: fc.constantFrom(0, 1, 7, 65_535, 60_000, 4096),
      height: fc.constantFrom(0, 1, 7, 65_535, 60_000, 4096),
    }),
    fc.record({ op: fc.constant("reorder" as const), from: record, to: record }),
    fc.record({ op: fc.constant("drop" as const), which: record }),
    fc.record({ op: fc.constant("duplicate" as const), which: record }),
  );
}

/** One to three mutations per file. */
export function mutantArbitrary(layout: CarLayout): fc.Arbitrary<Mutation[]> {
  return fc.array(mutationArbitrary(layout), { minLength: 1, maxLength: 3 });
}

/**
 * The file with the mutations applied. An image's declared size (14.006/14.007) is changed on the parsed
 * model and written back (the writer recomputes LEN and CNT); every other mutation is made on the bytes,
 * records moved, dropped or repeated by their byte ranges (so LEN and 1.003 CNT no longer agree with what
 * follows). Offsets are those of the original layout; a mutation whose target moved is skipped.
 */
export function applyMutations(file: Uint8Array, layout: CarLayout, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(file);
  const resized = mutations.filter((m) => m.op === "imageSize");
  if (resized.length > 0) {
    let records: NistRecord[] = [...parseTransaction(file).records];
    for (const m of resized) records = withImageSize(records, m);
    bytes = Buffer.from(serializeTransaction({ records } as NistTransaction));
  }
  let shifted = resized.length > 0;
  // First the edits that keep every offset.
  for (const m of mutations) {
    if (m.op === "flip" || m.op === "flipHeader") {
      const at = m.at % bytes.length;
      bytes[at] = (bytes[at] ?? 0) ^ (1 << m.bit);
    } else if (m.op === "wsqHeader" && !shifted) {
      const image = layout.images[m.which];
      if (image) bytes[image.at + (m.at % image.length)] = m.byte;
    } else if (m.op === "wsqFrame" && !shifted) {
      const image = layout.images[m.which];
      const sof = image ? wsqFrameOffset(bytes.subarray(image.at, image.at + image.length)) : undefined;
      if (image && sof !== undefined) {
        // SOF: FFA2, Lf(2), A(1), B(1), R = height (2), C = width (2).
        bytes.writeUInt16BE(m.height, image.at + sof + 6);
        bytes.writeUInt16BE(m.width, image.at + sof + 8);
      }
    }
  }
  // Then the ones that move bytes.
  for (const m of mutations) {
    if (shifted) break;
    if (m.op === "reorder" || m.op === "drop" || m.op === "duplicate") {
      const ranges = layout.recordRanges.map(([from, to]) => bytes.subarray(from, to));
      const at = (i: number) => i % ranges.length;
      if (m.op === "reorder") {
        const [moved] = ranges.splice(at(m.from), 1);
        if (moved) ranges.splice(at(m.to), 0, moved);
      } else if (m.op === "drop") ranges.splice(at(m.which), 1);
      else {
        const record = ranges[at(m.which)];
        if (record) ranges.splice(at(m.which), 0, record);
      }
      bytes = Buffer.concat(ranges);
      shifted = true;
    } else if (m.op === "length") {
      const field = layout.lengthFields[m.which];
      if (!field) continue;
      bytes = Buffer.concat([
        bytes.subarray(0, field.at),
        Buffer.from(m.value, "latin1"),
        bytes.subarray(field.at + field.length),
      ]);
      shifted = true;
    }
  }
  const cuts = mutations.flatMap((m) => (m.op === "truncate" ? [m.at] : []));
  return cuts.length === 0 ? bytes : bytes.subarray(0, Math.min(...cuts) % Math.max(1, bytes.length));
}

function withImageSize(records: NistRecord[], m: Extract<Mutation, { op: "imageSize" }>): NistRecord[] {
  const images = records.flatMap((r, i) => (r.kind === "tagged" && r.type === 14 ? [i] : []));
  const index = images[m.which % Math.max(1, images.length)];
  return records.map((r, i) =>
    i !== index || r.kind !== "tagged"
      ? r
      : {
          ...r,
          fields: r.fields.map((f) =>
            f.kind === "text" && f.number === m.field ? { ...f, subfields: [[m.value]] } : f,
          ),
        },
  );
}

/** Offset of the WSQ frame header (SOF, FFA2), walking the marker segments as a decoder does. */
function wsqFrameOffset(wsq: Uint8Array): number | undefined {
  let at = 2;
  while (at + 10 <= wsq.length && wsq[at] === 0xff) {
    if (wsq[at + 1] === 0xa2) return at;
    at += 2 + (((wsq[at + 2] ?? 0) << 8) | (wsq[at + 3] ?? 0));
  }
  return undefined;
}

/** The file with its TCN (1.009) replaced by another of the same length, so mutants do not collide. */
export function withTcn(file: Uint8Array, tcn: string, replacement: string): Buffer {
  if (replacement.length !== tcn.length) throw new Error("the replacement TCN must keep the length");
  const bytes = Buffer.from(file);
  const tag = `1.009:${tcn}`;
  const at = bytes.indexOf(Buffer.from(tag, "latin1"));
  if (at < 0) throw new Error(`TCN ${tcn} not found in the file's 1.009`);
  bytes.write(replacement, at + tag.length - tcn.length, "latin1");
  return bytes;
}
