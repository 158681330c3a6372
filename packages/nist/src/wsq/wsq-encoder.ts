import type { GrayImage } from "../image/gray-image.js";
import { WsqByteWriter } from "./wsq-byte-writer.js";
import { countSymbols, encodeBlock } from "./wsq-entropy-encoder.js";
import { WsqError } from "./wsq-error.js";
import { FilterPlanError } from "./wsq-filter-plan.js";
import { buildHuffmanTable } from "./wsq-huffman.js";
import { nistcomSegments } from "./wsq-nistcom.js";
import {
  DEFAULT_BITRATE,
  HIGH_PASS_FILTER,
  LOW_PASS_FILTER,
  MARKER,
  NUM_SUBBANDS,
  START_SUBBAND_2,
  START_SUBBAND_3,
  WSQ_LIMITS,
} from "./wsq-parameters.js";
import { binWidths, quantize, subbandVariances } from "./wsq-quantization.js";
import {
  writeBlockHeader,
  writeComment,
  writeFrameHeader,
  writeHuffmanTable,
  writeQuantizationTable,
  writeTransformTable,
} from "./wsq-segment-writer.js";
import { buildWsqTrees, type Subband } from "./wsq-trees.js";
import { decompose } from "./wsq-wavelet.js";

const fround = Math.fround;

export interface WsqEncodeOptions {
  /** Target bits per pixel: 0.75 (about 15:1, the FBI setting) or 2.25 (about 5:1). Default 0.75. */
  readonly bitrate?: number;
  /** Resolution written to the NISTCOM PPI field; defaults to image.ppi. */
  readonly ppi?: number;
  /** A free-text comment (its own COM segment) or NISTCOM text whose fields are merged into ours. */
  readonly comment?: string;
}

const MAX_COMMENT_BYTES = 65000;

/**
 * Encodes an 8-bit grayscale image as WSQ the way NIST NBIS cwsq does: same transform, bit
 * allocation, tables and NISTCOM comment (PIX_WIDTH, PIX_HEIGHT, PIX_DEPTH, PPI, LOSSY, COLORSPACE,
 * COMPRESSION, WSQ_BITRATE). Throws WsqError for images or options it cannot encode.
 */
export function encodeWsq(image: GrayImage, options: WsqEncodeOptions = {}): Uint8Array {
  const bitrate = options.bitrate ?? DEFAULT_BITRATE;
  const ppi = options.ppi ?? image.ppi;
  validate(image, bitrate, ppi, options.comment);
  const { width, height } = image;
  const { data, shift, scale } = normalise(image.pixels);
  const trees = buildWsqTrees(width, height);
  try {
    decompose(data, width, trees.wavelet, LOW_PASS_FILTER, HIGH_PASS_FILTER);
  } catch (error) {
    if (error instanceof FilterPlanError) throw new WsqError("encoder", error.message);
    throw error;
  }
  const variance = subbandVariances(data, width, trees.subbands);
  const { binWidth, zeroBinWidth } = binWidths(variance, bitrate);
  const indices = quantize(data, width, trees.subbands, binWidth, zeroBinWidth);
  const size1 = codedSize(trees.subbands, binWidth, 0, START_SUBBAND_2);
  const size2 = codedSize(trees.subbands, binWidth, START_SUBBAND_2, START_SUBBAND_3);

  const writer = new WsqByteWriter(Math.ceil((width * height * bitrate) / 8) + 2048);
  writer.u16(MARKER.SOI);
  for (const text of nistcomSegments({ width, height, ppi, bitrate }, options.comment))
    writeComment(writer, text);
  writeTransformTable(writer, LOW_PASS_FILTER, HIGH_PASS_FILTER);
  writeQuantizationTable(writer, binWidth, zeroBinWidth);
  writeFrameHeader(writer, width, height, shift, scale);

  const block1 = codedRange(0, size1);
  const block2 = codedRange(size1, size1 + size2);
  const block3 = codedRange(size1 + size2, indices.length);
  const first = buildHuffmanTable(symbolCounts(indices, [block1]));
  writeHuffmanTable(writer, 0, first.spec);
  writeBlockHeader(writer, 0);
  encodeBlock(writer, indices, block1.start, block1.end, first.encoder);
  const second = buildHuffmanTable(symbolCounts(indices, [block2, block3]));
  writeHuffmanTable(writer, 1, second.spec);
  for (const block of [block2, block3]) {
    writeBlockHeader(writer, 1);
    encodeBlock(writer, indices, block.start, block.end, second.encoder);
  }
  writer.u16(MARKER.EOI);
  return writer.result();
}

interface CodedRange {
  readonly start: number;
  readonly end: number;
}

function codedRange(start: number, end: number): CodedRange {
  return { start, end };
}

/** Category frequencies over blocks counted separately (a zero run never spans two blocks). */
function symbolCounts(indices: Int16Array, blocks: readonly CodedRange[]): Int32Array {
  const counts = new Int32Array(WSQ_LIMITS.maxHuffmanValues);
  for (const block of blocks) countSymbols(indices, block.start, block.end, counts);
  return counts;
}

function codedSize(subbands: readonly Subband[], binWidth: Float32Array, from: number, to: number): number {
  let size = 0;
  for (let i = from; i < to && i < NUM_SUBBANDS; i++) {
    if (binWidth[i] !== 0) size += subbands[i]!.width * subbands[i]!.height;
  }
  return size;
}

function validate(image: GrayImage, bitrate: number, ppi: number, comment: string | undefined): void {
  const { width, height, pixels } = image;
  const { minDimension, maxDimension } = WSQ_LIMITS;
  for (const [name, value] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!Number.isInteger(value) || value < minDimension || value > maxDimension) {
      throw new WsqError("encoder", `image ${name} ${value} is outside ${minDimension}..${maxDimension}`);
    }
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height) {
    throw new WsqError(
      "encoder",
      `pixel buffer holds ${pixels?.length} bytes, expected ${width * height} (${width}x${height})`,
    );
  }
  if (!(Number.isFinite(bitrate) && bitrate > 0 && bitrate <= 8)) {
    throw new WsqError("encoder", `bitrate ${bitrate} is outside (0, 8] bits per pixel`);
  }
  if (!(Number.isInteger(ppi) && ppi > 0 && ppi <= 100000)) {
    throw new WsqError("encoder", `ppi ${ppi} is not a positive whole number`);
  }
  if (comment !== undefined) {
    if (comment.length > MAX_COMMENT_BYTES) {
      throw new WsqError("encoder", `comment of ${comment.length} characters exceeds ${MAX_COMMENT_BYTES}`);
    }
    if ([...comment].some((ch) => ch.charCodeAt(0) > 0xff))
      throw new WsqError("encoder", "comment must be Latin-1 text");
  }
}

/**
 * Centres and scales pixels to roughly [-128, 128] in single precision (NBIS conv_img_2_flt). A flat
 * image has no range; it gets scale 1 so the stream stays valid (NBIS would divide by zero).
 */
function normalise(pixels: Uint8Array): { data: Float32Array; shift: number; scale: number } {
  let sum = 0;
  let low = 255;
  let high = 0;
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i]!;
    sum += p;
    if (p < low) low = p;
    if (p > high) high = p;
  }
  const shift = fround(fround(sum) / fround(pixels.length));
  const below = fround(shift - low);
  const above = fround(high - shift);
  let scale = fround(Math.max(below, above) / 128);
  if (scale === 0) scale = 1;
  const data = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = fround(pixels[i]! - shift) / scale;
  return { data, shift, scale };
}
