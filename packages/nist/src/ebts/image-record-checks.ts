import { fieldText, findField } from "../an2k/field-access.js";
import type { BinaryRecord, TaggedRecord } from "../an2k/transaction.js";
import { WSQ_LIMITS } from "../wsq/wsq-parameters.js";
import type { EbtsProblem } from "./ebts-problem.js";
import { FINGER_POSITIONS, IMPRESSION_TYPES, TYPE4_COMPRESSION_CODES } from "./profiles/code-tables.js";

const WSQ_SOI = [0xff, 0xa0] as const;

function startsWithWsqMarker(data: Uint8Array): boolean {
  return data[0] === WSQ_SOI[0] && data[1] === WSQ_SOI[1];
}

const WSQ_FRAME_MARKER = 0xa2;

/** Width and height declared by a WSQ frame header (SOF: Lf, A, B, Y, X, …), read without decoding. */
function wsqFrameSize(data: Uint8Array): { width: number; height: number } | undefined {
  const u16 = (at: number) => ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
  let at = 2;
  while (at + 10 <= data.length && data[at] === 0xff) {
    if (data[at + 1] === WSQ_FRAME_MARKER) return { height: u16(at + 6), width: u16(at + 8) };
    at += 2 + u16(at + 2);
  }
  return undefined;
}

/**
 * Why a WSQ image's frame header makes it undecodable, checked before the file is accepted so that a
 * booking never fails later on what its header already said: no frame header, or dimensions or a pixel
 * count outside what the decoder takes (WSQ_LIMITS).
 */
function wsqFrameLimitReason(frame: { width: number; height: number } | undefined): string | undefined {
  if (!frame) return "the WSQ data has no frame header (SOF, FFA2) before its end";
  const { minDimension, maxDimension, maxPixels } = WSQ_LIMITS;
  for (const [name, value] of [
    ["width", frame.width],
    ["height", frame.height],
  ] as const) {
    if (value < minDimension || value > maxDimension)
      return `the WSQ frame's ${name} ${value} is outside ${minDimension}..${maxDimension} pixels`;
  }
  if (frame.width * frame.height > maxPixels)
    return `the WSQ frame ${frame.width} x ${frame.height} exceeds ${maxPixels} pixels`;
  return undefined;
}

function problem(
  recordIndex: number,
  recordType: number,
  tag: string,
  mnemonic: string,
  reason: string,
): EbtsProblem {
  return { recordIndex, recordType, tag, mnemonic, reason, severity: "error" };
}

function headerNumbers(record: BinaryRecord, key: string): readonly number[] | undefined {
  const value = record.header[key];
  if (value === undefined) return undefined;
  return typeof value === "number" ? [value] : value;
}

/** Header and payload rules of a Type-4 record (EBTS: 500 ppi, 8-bit grey, WSQ or uncompressed). */
export function checkType4(record: BinaryRecord, recordIndex: number): EbtsProblem[] {
  const problems: EbtsProblem[] = [];
  const at = (field: number, mnemonic: string, reason: string) =>
    problems.push(problem(recordIndex, 4, `4.00${field}`, mnemonic, reason));
  const imp = headerNumbers(record, "IMP")?.[0];
  if (imp === undefined || !(IMPRESSION_TYPES as readonly number[]).includes(imp)) {
    at(3, "IMP", `impression type ${imp ?? "(missing)"} is not 0-3`);
  }
  const fgp = headerNumbers(record, "FGP") ?? [];
  const fingers = fgp.filter((position) => position !== 255);
  if (fingers.length === 0) at(4, "FGP", "no finger position is given (all six are 255 or missing)");
  for (const position of fingers) {
    if (!(FINGER_POSITIONS as readonly number[]).includes(position) || position > 15) {
      at(4, "FGP", `finger position ${position} is not 0-15 (or 255 for an unused slot)`);
    }
  }
  const isr = headerNumbers(record, "ISR")?.[0];
  if (isr !== 0 && isr !== 1) at(5, "ISR", `image scanning resolution ${isr ?? "(missing)"} is not 0 or 1`);
  const hll = headerNumbers(record, "HLL")?.[0] ?? 0;
  const vll = headerNumbers(record, "VLL")?.[0] ?? 0;
  if (hll <= 0) at(6, "HLL", `horizontal line length ${hll} is not a positive pixel count`);
  if (vll <= 0) at(7, "VLL", `vertical line length ${vll} is not a positive pixel count`);
  const cga = headerNumbers(record, "CGA")?.[0];
  if (cga === undefined || !(TYPE4_COMPRESSION_CODES as readonly number[]).includes(cga)) {
    at(8, "CGA", `compression ${cga ?? "(missing)"} is not 0 (none) or 1 (WSQ), the values EBTS accepts`);
  } else if (cga === 1 && !startsWithWsqMarker(record.data)) {
    at(9, "DAT", "CGA is 1 (WSQ) but the image data does not start with the WSQ SOI marker FFA0");
  } else if (cga === 1) {
    const frame = wsqFrameSize(record.data);
    const limit = wsqFrameLimitReason(frame);
    if (limit) at(9, "DAT", limit);
    else if (frame && (frame.width !== hll || frame.height !== vll)) {
      at(
        9,
        "DAT",
        `the WSQ frame is ${frame.width} x ${frame.height} pixels but HLL x VLL says ${hll} x ${vll}`,
      );
    }
  } else if (cga === 0 && hll > 0 && vll > 0 && record.data.length !== hll * vll) {
    at(9, "DAT", `uncompressed image has ${record.data.length} bytes; HLL x VLL is ${hll * vll}`);
  }
  return problems;
}

function numberOf(record: TaggedRecord, field: number): number | undefined {
  const found = findField(record, field);
  if (found?.kind !== "text") return undefined;
  const text = fieldText(found);
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Payload rules of a Type-14 record that tie 14.999 to the header fields (the fields are checked by table). */
export function checkType14Payload(record: TaggedRecord, recordIndex: number): EbtsProblem[] {
  const data = findField(record, 999);
  if (data === undefined) return [];
  if (data.kind !== "data") {
    return [problem(recordIndex, 14, "14.999", "DAT", "image data is stored as text, not as a binary field")];
  }
  const cga = findField(record, 11);
  const compression = cga?.kind === "text" ? fieldText(cga) : "";
  if (data.data.length === 0) return [problem(recordIndex, 14, "14.999", "DAT", "image data is empty")];
  if (compression === "WSQ20" && !startsWithWsqMarker(data.data)) {
    return [
      problem(
        recordIndex,
        14,
        "14.999",
        "DAT",
        "CGA is WSQ20 but the data does not start with the WSQ SOI marker FFA0",
      ),
    ];
  }
  const hll = numberOf(record, 6);
  const vll = numberOf(record, 7);
  const bpx = numberOf(record, 12);
  const frame = compression === "WSQ20" ? wsqFrameSize(data.data) : undefined;
  const limit = compression === "WSQ20" ? wsqFrameLimitReason(frame) : undefined;
  if (limit) return [problem(recordIndex, 14, "14.999", "DAT", limit)];
  if (frame && (frame.width !== hll || frame.height !== vll)) {
    return [
      problem(
        recordIndex,
        14,
        "14.999",
        "DAT",
        `the WSQ frame is ${frame.width} x ${frame.height} pixels but HLL x VLL says ${hll ?? "?"} x ${vll ?? "?"}`,
      ),
    ];
  }
  if (compression === "NONE" && hll !== undefined && vll !== undefined && bpx !== undefined) {
    const expected = Math.ceil((hll * vll * bpx) / 8);
    if (data.data.length !== expected) {
      return [
        problem(
          recordIndex,
          14,
          "14.999",
          "DAT",
          `uncompressed image has ${data.data.length} bytes; HLL x VLL x BPX / 8 is ${expected}`,
        ),
      ];
    }
  }
  return [];
}
