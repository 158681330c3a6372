import type { WsqByteReader } from "./wsq-byte-reader.js";
import { WsqError, type WsqSegment } from "./wsq-error.js";
import type { HuffmanSpec } from "./wsq-huffman.js";
import { MARKER, MAX_SUBBANDS, WSQ_LIMITS } from "./wsq-parameters.js";

const fround = Math.fround;

export interface TransformTable {
  /** Synthesis filters as the decoder rebuilds them from the stored analysis halves. */
  readonly lowPass: Float32Array;
  readonly highPass: Float32Array;
}

export interface QuantizationTable {
  readonly binCenter: number;
  readonly binWidth: Float32Array;
  readonly zeroBinWidth: Float32Array;
}

export interface FrameHeader {
  readonly black: number;
  readonly white: number;
  readonly width: number;
  readonly height: number;
  readonly shift: number;
  readonly scale: number;
  readonly encoder: number;
  readonly software: number;
}

const MARKER_NAMES: Readonly<Record<number, WsqSegment>> = {
  [MARKER.SOI]: "SOI",
  [MARKER.EOI]: "EOI",
  [MARKER.SOF]: "SOF",
  [MARKER.SOB]: "SOB",
  [MARKER.DTT]: "DTT",
  [MARKER.DQT]: "DQT",
  [MARKER.DHT]: "DHT",
  [MARKER.DRT]: "DRT",
  [MARKER.COM]: "COM",
};

export function markerName(marker: number): string {
  return MARKER_NAMES[marker] ?? `0x${marker.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * A scaled decimal as stored in WSQ tables: value / 10^scale, divided one step at a time in single
 * precision exactly as NBIS does, so decoded parameters match it bit for bit.
 */
function scaled(value: number, scale: number): number {
  let result = fround(value);
  for (let i = 0; i < scale; i++) result = fround(result / 10);
  return result;
}

/** Reads a segment's length field and returns where the segment ends. */
function segmentEnd(reader: WsqByteReader, segment: WsqSegment, minimum: number): number {
  const start = reader.position;
  const length = reader.u16(segment);
  if (length < minimum) {
    throw new WsqError(segment, `segment length ${length} is below the minimum ${minimum}`, start);
  }
  const end = start + length;
  if (end > reader.bytes.length) {
    throw new WsqError(
      segment,
      `segment length ${length} runs past the end of the stream (${reader.bytes.length} bytes)`,
      start,
    );
  }
  return end;
}

/**
 * Reads past the length field of a fixed-layout segment (DTT, DQT, SOF, SOB). Like NBIS, the content
 * layout decides where the segment ends, not the length: NBIS cwsq writes DTT length 58 whatever the
 * filter lengths, so trusting it would reject (or misread) its streams with even-length filter banks.
 */
function skipLength(reader: WsqByteReader, segment: WsqSegment): void {
  reader.u16(segment);
}

export function readTransformTable(reader: WsqByteReader): TransformTable {
  const start = reader.position;
  skipLength(reader, "DTT");
  const highSize = reader.u8("DTT");
  const lowSize = reader.u8("DTT");
  for (const [name, size] of [
    ["first", highSize],
    ["second", lowSize],
  ] as const) {
    if (size < 2 || size > WSQ_LIMITS.maxFilterTaps) {
      throw new WsqError(
        "DTT",
        `${name} filter length ${size} is outside 2..${WSQ_LIMITS.maxFilterTaps}`,
        start + 2,
      );
    }
  }
  if (highSize % 2 !== lowSize % 2) {
    throw new WsqError(
      "DTT",
      `filter lengths ${highSize} and ${lowSize} must both be odd or both even`,
      start + 2,
    );
  }
  const coefficient = () => {
    const sign = reader.u8("DTT");
    const scale = reader.u8("DTT");
    const magnitude = reader.u32("DTT");
    const value = scaled(magnitude, scale);
    return sign !== 0 ? -value : value;
  };
  const highPass = new Float32Array(highSize);
  let half = (highSize + 1) >> 1;
  let mid = half - 1;
  for (let i = 0; i < half; i++) {
    const a = coefficient();
    const signed = i % 2 === 0 ? a : -a;
    if (highSize % 2 === 1) {
      highPass[i + mid] = signed;
      if (i > 0) highPass[mid - i] = signed;
    } else {
      highPass[i + mid + 1] = signed;
      highPass[mid - i] = -signed;
    }
  }
  const lowPass = new Float32Array(lowSize);
  half = (lowSize + 1) >> 1;
  mid = half - 1;
  for (let i = 0; i < half; i++) {
    const a = coefficient();
    if (lowSize % 2 === 1) {
      const signed = i % 2 === 0 ? a : -a;
      lowPass[i + mid] = signed;
      if (i > 0) lowPass[mid - i] = signed;
    } else {
      const signed = (i + 1) % 2 === 0 ? a : -a;
      lowPass[i + mid + 1] = signed;
      lowPass[mid - i] = signed;
    }
  }
  return { lowPass, highPass };
}

export function readQuantizationTable(reader: WsqByteReader): QuantizationTable {
  skipLength(reader, "DQT");
  const centerScale = reader.u8("DQT");
  const binCenter = scaled(reader.u16("DQT"), centerScale);
  const binWidth = new Float32Array(MAX_SUBBANDS);
  const zeroBinWidth = new Float32Array(MAX_SUBBANDS);
  for (let i = 0; i < MAX_SUBBANDS; i++) {
    const qScale = reader.u8("DQT");
    binWidth[i] = scaled(reader.u16("DQT"), qScale);
    const zScale = reader.u8("DQT");
    zeroBinWidth[i] = scaled(reader.u16("DQT"), zScale);
  }
  return { binCenter, binWidth, zeroBinWidth };
}

/** One DHT segment may define several tables; each replaces any earlier table with its id. */
export function readHuffmanTables(reader: WsqByteReader, tables: Array<HuffmanSpec | undefined>): void {
  const start = reader.position;
  const end = segmentEnd(reader, "DHT", 2 + 1 + 16);
  while (reader.position < end) {
    const tableStart = reader.position;
    const id = reader.u8("DHT");
    if (id >= WSQ_LIMITS.maxHuffmanTables) {
      throw new WsqError(
        "DHT",
        `table id ${id} is outside 0..${WSQ_LIMITS.maxHuffmanTables - 1}`,
        tableStart,
      );
    }
    const counts = reader.take(WSQ_LIMITS.maxCodeLength, "DHT").slice();
    const total = counts.reduce((sum, n) => sum + n, 0);
    if (total > WSQ_LIMITS.maxHuffmanValues) {
      throw new WsqError(
        "DHT",
        `table ${id} declares ${total} codes, more than ${WSQ_LIMITS.maxHuffmanValues}`,
        tableStart,
      );
    }
    if (reader.position + total > end) {
      throw new WsqError("DHT", `table ${id} values run past the segment end`, tableStart);
    }
    tables[id] = { counts, values: reader.take(total, "DHT").slice() };
  }
  if (reader.position !== end) {
    throw new WsqError("DHT", "table contents do not match the segment length", start);
  }
}

export function readFrameHeader(reader: WsqByteReader): FrameHeader {
  const start = reader.position;
  skipLength(reader, "SOF");
  const black = reader.u8("SOF");
  const white = reader.u8("SOF");
  const height = reader.u16("SOF");
  const width = reader.u16("SOF");
  const shiftScale = reader.u8("SOF");
  const shift = scaled(reader.u16("SOF"), shiftScale);
  const scaleScale = reader.u8("SOF");
  const scale = scaled(reader.u16("SOF"), scaleScale);
  const encoder = reader.u8("SOF");
  const software = reader.u16("SOF");
  const { minDimension, maxDimension } = WSQ_LIMITS;
  for (const [name, value] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (value < minDimension || value > maxDimension) {
      throw new WsqError("SOF", `image ${name} ${value} is outside ${minDimension}..${maxDimension}`, start);
    }
  }
  if (width * height > WSQ_LIMITS.maxPixels) {
    throw new WsqError(
      "SOF",
      `image ${width}x${height} exceeds the ${WSQ_LIMITS.maxPixels}-pixel limit`,
      start,
    );
  }
  return { black, white, width, height, shift, scale, encoder, software };
}

export function readComment(reader: WsqByteReader): Uint8Array {
  const end = segmentEnd(reader, "COM", 2);
  return reader.take(end - reader.position, "COM");
}

/** Skips a segment this decoder does not use (DRT: restart intervals are not used by WSQ encoders). */
export function skipSegment(reader: WsqByteReader, segment: WsqSegment): void {
  reader.position = segmentEnd(reader, segment, 2);
}

export function readBlockHeader(reader: WsqByteReader): number {
  skipLength(reader, "SOB");
  return reader.u8("SOB");
}
