import { encodeLatin1 } from "../an2k/text-encoding.js";
import type { WsqByteWriter } from "./wsq-byte-writer.js";
import { WsqError } from "./wsq-error.js";
import type { HuffmanSpec } from "./wsq-huffman.js";
import {
  BIN_CENTER,
  FRAME_BLACK,
  FRAME_ENCODER,
  FRAME_WHITE,
  MARKER,
  MAX_SUBBANDS,
  NUM_SUBBANDS,
} from "./wsq-parameters.js";

const fround = Math.fround;

/** C's sround: round half away from zero, then truncate. */
function roundHalfAway(x: number): number {
  return Math.trunc(x < 0 ? x - 0.5 : x + 0.5);
}

/**
 * A positive single-precision value as (scale, integer) with integer / 10^scale ≈ value and the integer
 * just below `ceiling`: NBIS multiplies by 10 in float until the value reaches the ceiling, and the
 * same steps here keep our tables byte-identical to cwsq's.
 */
function toScaled(value: number, ceiling: number): { scale: number; integer: number } {
  let v = fround(value);
  let scale = 0;
  while (v < ceiling) {
    scale++;
    v = fround(v * 10);
  }
  return { scale: scale - 1, integer: roundHalfAway(v / 10) };
}

export function writeComment(writer: WsqByteWriter, text: string): void {
  const bytes = encodeLatin1(text);
  if (!bytes) throw new WsqError("COM", "a comment must be Latin-1 text");
  writer.u16(MARKER.COM);
  writer.u16(bytes.length + 2);
  writer.bytes(bytes);
}

/** DTT: the analysis filters, right halves only (they are symmetric), low-pass first. */
export function writeTransformTable(
  writer: WsqByteWriter,
  lowPass: Float32Array,
  highPass: Float32Array,
): void {
  const halves = [lowPass.subarray(lowPass.length >> 1), highPass.subarray(highPass.length >> 1)];
  writer.u16(MARKER.DTT);
  writer.u16(4 + (halves[0]!.length + halves[1]!.length) * 6);
  writer.u8(lowPass.length);
  writer.u8(highPass.length);
  for (const half of halves) {
    for (const coefficient of half) {
      const magnitude = Math.abs(coefficient);
      const { scale, integer } = magnitude === 0 ? { scale: 0, integer: 0 } : toScaled(magnitude, 4294967295);
      writer.u8(coefficient < 0 ? 1 : 0);
      writer.u8(scale);
      writer.u32(integer);
    }
  }
}

/** DQT: bin centre, then bin width and zero-bin width of every subband (zeros for uncoded ones). */
export function writeQuantizationTable(
  writer: WsqByteWriter,
  binWidth: Float32Array,
  zeroBinWidth: Float32Array,
): void {
  writer.u16(MARKER.DQT);
  writer.u16(2 + 3 + MAX_SUBBANDS * 6);
  writer.u8(BIN_CENTER.scale);
  writer.u16(BIN_CENTER.value);
  for (let i = 0; i < MAX_SUBBANDS; i++) {
    const q = i < NUM_SUBBANDS ? binWidth[i]! : 0;
    if (q === 0) {
      writer.u8(0);
      writer.u16(0);
      writer.u8(0);
      writer.u16(0);
      continue;
    }
    for (const value of [q, zeroBinWidth[i]!]) {
      if (!(value < 65535))
        throw new WsqError("encoder", `subband ${i} bin width ${value} does not fit the DQT`);
      const { scale, integer } = toScaled(value, 65535);
      writer.u8(scale);
      writer.u16(integer);
    }
  }
}

/** SOF: black/white levels, size, the pixel shift and scale, and the encoder number. */
export function writeFrameHeader(
  writer: WsqByteWriter,
  width: number,
  height: number,
  shift: number,
  scale: number,
): void {
  writer.u16(MARKER.SOF);
  writer.u16(17);
  writer.u8(FRAME_BLACK);
  writer.u8(FRAME_WHITE);
  writer.u16(height);
  writer.u16(width);
  for (const value of [shift, scale]) {
    const { scale: exponent, integer } = value === 0 ? { scale: 0, integer: 0 } : toScaled(value, 65535);
    writer.u8(exponent);
    writer.u16(integer);
  }
  writer.u8(FRAME_ENCODER);
  writer.u16(0);
}

export function writeHuffmanTable(writer: WsqByteWriter, id: number, spec: HuffmanSpec): void {
  writer.u16(MARKER.DHT);
  writer.u16(3 + spec.counts.length + spec.values.length);
  writer.u8(id);
  writer.bytes(spec.counts);
  writer.bytes(spec.values);
}

export function writeBlockHeader(writer: WsqByteWriter, table: number): void {
  writer.u16(MARKER.SOB);
  writer.u16(3);
  writer.u8(table);
}
