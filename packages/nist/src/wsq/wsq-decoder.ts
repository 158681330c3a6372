import { decodeLatin1 } from "../an2k/text-encoding.js";
import type { GrayImage } from "../image/gray-image.js";
import { WsqByteReader } from "./wsq-byte-reader.js";
import { decodeBlock, IndexSink } from "./wsq-entropy-decoder.js";
import { WsqError } from "./wsq-error.js";
import { FilterPlanError } from "./wsq-filter-plan.js";
import { type HuffmanDecoder, type HuffmanSpec, huffmanDecoder } from "./wsq-huffman.js";
import { isNistcom, nistcomPpi, parseNistcom } from "./wsq-nistcom.js";
import { DEFAULT_WSQ_PPI, MARKER } from "./wsq-parameters.js";
import { codedCoefficients, unquantize } from "./wsq-quantization.js";
import {
  type FrameHeader,
  markerName,
  type QuantizationTable,
  readBlockHeader,
  readComment,
  readFrameHeader,
  readHuffmanTables,
  readQuantizationTable,
  readTransformTable,
  skipSegment,
  type TransformTable,
} from "./wsq-segment-reader.js";
import { buildWsqTrees } from "./wsq-trees.js";
import { joinPlans, reconstruct } from "./wsq-wavelet.js";
import { reconstructPixelsInKernel } from "./wsq-wavelet-wasm.js";

const fround = Math.fround;

/** Tables in force while a stream is read; later definitions replace earlier ones. */
interface DecoderTables {
  transform?: TransformTable;
  quantization?: QuantizationTable;
  huffman: Array<HuffmanSpec | undefined>;
  nistcomPpi?: number;
}

/**
 * Decodes a WSQ stream into an 8-bit grayscale image, pixel for pixel identical to NIST NBIS dwsq.
 * `ppi` comes from the NISTCOM comment's PPI field when present; WSQ streams without one (or with
 * PPI -1) are reported as 500 ppi, the resolution WSQ is specified for.
 * Throws WsqError (naming the segment, byte offset and reason) for any malformed stream.
 */
export function decodeWsq(bytes: Uint8Array): GrayImage {
  return decodeWsqWith(bytes, false);
}

/**
 * decodeWsq, with `portable` choosing the JavaScript inverse transform over the WebAssembly kernel
 * (wsq-wavelet-wasm.ts) even where the kernel runs; for tests that compare the two.
 */
export function decodeWsqWith(bytes: Uint8Array, portable: boolean): GrayImage {
  try {
    return decodeStream(bytes, portable);
  } catch (error) {
    if (error instanceof WsqError) throw error;
    if (error instanceof FilterPlanError) throw new WsqError("SOF", error.message);
    const reason = error instanceof Error ? error.message : String(error);
    throw new WsqError("image", `stream could not be decoded: ${reason}`);
  }
}

function decodeStream(bytes: Uint8Array, portable: boolean): GrayImage {
  const reader = new WsqByteReader(bytes);
  const soi = reader.u16("SOI");
  if (soi !== MARKER.SOI) {
    throw new WsqError("SOI", `stream does not start with the SOI marker FFA0 (found ${hex(soi)})`, 0);
  }
  const tables: DecoderTables = { huffman: [] };
  let frame: FrameHeader | undefined;
  while (!frame) {
    const at = reader.position;
    const marker = readMarker(reader);
    if (marker === MARKER.SOF) frame = readFrameHeader(reader);
    else if (!readTable(reader, marker, tables)) {
      throw new WsqError("marker", `${markerName(marker)} is not allowed before the frame header (SOF)`, at);
    }
  }

  const { width, height } = frame;
  const trees = buildWsqTrees(width, height);
  let sink: IndexSink | undefined;
  const decoders = new Map<HuffmanSpec, HuffmanDecoder>();
  for (;;) {
    const at = reader.position;
    const marker = readMarker(reader);
    if (marker === MARKER.EOI) break;
    if (marker !== MARKER.SOB) {
      if (!readTable(reader, marker, tables)) {
        throw new WsqError("marker", `${markerName(marker)} is not allowed between data blocks`, at);
      }
      continue;
    }
    const tableId = readBlockHeader(reader);
    const spec = tables.huffman[tableId];
    if (!spec) throw new WsqError("SOB", `block uses Huffman table ${tableId}, which no DHT defined`, at);
    let decoder = decoders.get(spec);
    if (!decoder) {
      const built = huffmanDecoder(spec);
      if (typeof built === "string") throw new WsqError("DHT", `Huffman table ${tableId}: ${built}`, at);
      decoder = built;
      decoders.set(spec, decoder);
    }
    if (!sink) {
      if (!tables.quantization)
        throw new WsqError("SOB", "data block before any quantization table (DQT)", at);
      sink = new IndexSink(codedCoefficients(trees.subbands, tables.quantization.binWidth), bytes.length);
    }
    reader.position = decodeBlock(bytes, reader.position, decoder, sink);
  }
  const eoi = reader.position - 2;
  if (!sink) throw new WsqError("EOI", "stream has no data blocks (SOB)", eoi);
  if (!tables.transform) throw new WsqError("DTT", "stream has no transform table (DTT)", eoi);
  const quantization = tables.quantization!;
  const expected = codedCoefficients(trees.subbands, quantization.binWidth);
  if (sink.count !== expected) {
    throw new WsqError(
      "entropy-coded data",
      `blocks hold ${sink.count} coefficients but the coded subbands of a ${width}x${height} image need ${expected}`,
      eoi,
    );
  }
  sink.reserve(expected);
  const { lowPass, highPass } = tables.transform;
  const { indices } = sink;
  const inKernel = portable
    ? undefined
    : reconstructPixelsInKernel(
        {
          width,
          height,
          nodes: trees.wavelet,
          planFor: joinPlans(lowPass, highPass),
          shift: frame.shift,
          scale: frame.scale,
        },
        (coefficients) => unquantize(indices, quantization, trees.subbands, width, height, coefficients),
      );
  let pixels = inKernel;
  if (!pixels) {
    const coefficients = unquantize(indices, quantization, trees.subbands, width, height);
    reconstruct(coefficients, width, trees.wavelet, lowPass, highPass);
    pixels = toBytes(coefficients, frame.shift, frame.scale);
  }
  return { width, height, ppi: tables.nistcomPpi ?? DEFAULT_WSQ_PPI, pixels };
}

function readMarker(reader: WsqByteReader): number {
  const at = reader.position;
  const marker = reader.u16("marker");
  if (marker < MARKER.SOI || marker > MARKER.COM) {
    throw new WsqError("marker", `expected a WSQ marker FFA0..FFA8, found ${hex(marker)}`, at);
  }
  return marker;
}

/** Reads a table or comment segment; returns false when the marker is not one. */
function readTable(reader: WsqByteReader, marker: number, tables: DecoderTables): boolean {
  switch (marker) {
    case MARKER.DTT:
      tables.transform = readTransformTable(reader);
      return true;
    case MARKER.DQT:
      tables.quantization = readQuantizationTable(reader);
      return true;
    case MARKER.DHT:
      readHuffmanTables(reader, tables.huffman);
      return true;
    case MARKER.DRT:
      skipSegment(reader, "DRT");
      return true;
    case MARKER.COM: {
      const comment = readComment(reader);
      if (tables.nistcomPpi === undefined && isNistcom(comment)) {
        tables.nistcomPpi = nistcomPpi(parseNistcom(decodeLatin1(comment)));
      }
      return true;
    }
    default:
      return false;
  }
}

/** Undoes the encoder's shift and scale and rounds to 8 bits exactly as NBIS conv_img_2_uchar. */
function toBytes(data: Float32Array, shift: number, scale: number): Uint8Array {
  const pixels = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value = fround(fround(fround(data[i]! * scale) + shift) + 0.5);
    // Stores an int (not a double) into the Uint8Array: the same truncation, without a slow conversion.
    if (value >= 255) pixels[i] = 255;
    else if (value > 0) pixels[i] = value | 0;
  }
  return pixels;
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, "0");
}
