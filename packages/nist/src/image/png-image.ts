import { crc32 } from "node:zlib";
import { PNG } from "pngjs";
import type { GrayImage } from "./gray-image.js";
import { ImageError } from "./image-error.js";
import { checkDimensions, type ImageLimits } from "./image-limits.js";
import { INCHES_PER_METRE } from "./resolution.js";
import { interleavedToGray } from "./rgba-to-gray.js";

const SIGNATURE_LENGTH = 8;

export function decodePng(
  bytes: Uint8Array,
  limits: ImageLimits,
): { pixels: Uint8Array; width: number; height: number; declaredPpi?: number } {
  const header = readIhdrSize(bytes);
  checkDimensions("png", header.width, header.height, limits);
  let png: PNG;
  try {
    const stream = bytes.subarray(0, endOfIend(bytes));
    png = PNG.sync.read(Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength));
  } catch (error) {
    throw new ImageError("png", `cannot decode: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const pixels = interleavedToGray(png.data, png.width * png.height, 4);
  const declaredPpi = readPhysPpi(bytes);
  return declaredPpi === undefined
    ? { pixels, width: png.width, height: png.height }
    : { pixels, width: png.width, height: png.height, declaredPpi };
}

/** Writes an 8-bit grayscale PNG that records the image's ppi in a pHYs chunk. */
export function encodePng(image: GrayImage): Uint8Array {
  const png = new PNG({
    width: image.width,
    height: image.height,
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    bitDepth: 8,
  });
  png.data = Buffer.from(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
  const encoded = PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
  return insertPhys(encoded, image.ppi);
}

function readIhdrSize(bytes: Uint8Array): { width: number; height: number } {
  if (bytes.length < SIGNATURE_LENGTH + 8 + 13)
    throw new ImageError("png", `truncated header (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Files found in the wild carry bytes after IEND (web pages, padding); the PNG stream ends at IEND. */
function endOfIend(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = SIGNATURE_LENGTH;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    if (
      bytes[offset + 4] === 0x49 &&
      bytes[offset + 5] === 0x45 &&
      bytes[offset + 6] === 0x4e &&
      bytes[offset + 7] === 0x44
    ) {
      return offset + 12 + length;
    }
    offset += 12 + length;
  }
  return bytes.length;
}

function readPhysPpi(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = SIGNATURE_LENGTH;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === "IDAT" || type === "IEND") return undefined;
    if (type === "pHYs" && length === 9 && offset + 17 <= bytes.length) {
      const pixelsPerUnit = view.getUint32(offset + 8);
      const unitIsMetre = bytes[offset + 16] === 1;
      return unitIsMetre ? pixelsPerUnit / INCHES_PER_METRE : undefined;
    }
    offset += 12 + length;
  }
  return undefined;
}

function insertPhys(png: Uint8Array, ppi: number): Uint8Array {
  const pixelsPerMetre = Math.round(ppi * INCHES_PER_METRE);
  const chunk = new Uint8Array(21);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4);
  view.setUint32(8, pixelsPerMetre);
  view.setUint32(12, pixelsPerMetre);
  chunk[16] = 1;
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  const afterIhdr = SIGNATURE_LENGTH + 25;
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, afterIhdr), 0);
  out.set(chunk, afterIhdr);
  out.set(png.subarray(afterIhdr), afterIhdr + chunk.length);
  return out;
}
