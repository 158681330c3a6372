import UTIF from "utif";
import { ImageError } from "./image-error.js";
import { checkDimensions, type ImageLimits } from "./image-limits.js";
import { interleavedToGray } from "./rgba-to-gray.js";

const PHOTOMETRIC_WHITE_IS_ZERO = 0;
const RESOLUTION_UNIT_CENTIMETRE = 3;

interface Ifd {
  width?: number;
  height?: number;
  data?: Uint8Array;
  [tag: string]: unknown;
}

/** Decodes the first image of a TIFF file (8- and 16-bit gray fast paths; anything else through RGBA). */
export function decodeTiff(
  bytes: Uint8Array,
  limits: ImageLimits,
): { pixels: Uint8Array; width: number; height: number; declaredPpi?: number } {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifd: Ifd;
  try {
    const ifds = UTIF.decode(buffer) as Ifd[];
    if (ifds.length === 0 || !ifds[0]) throw new ImageError("tiff", "no image directory");
    ifd = ifds[0];
    const width = firstNumber(ifd.t256);
    const height = firstNumber(ifd.t257);
    if (width === undefined || height === undefined)
      throw new ImageError("tiff", "image width or length tag missing");
    checkDimensions("tiff", width, height, limits);
    checkStripsInsideFile(ifd, bytes.byteLength);
    UTIF.decodeImage(buffer, ifd as UTIF.IFD);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    throw new ImageError("tiff", `cannot decode: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const width = ifd.width ?? 0;
  const height = ifd.height ?? 0;
  const pixels = toGray(ifd, width * height);
  const declaredPpi = readResolution(ifd);
  return declaredPpi === undefined ? { pixels, width, height } : { pixels, width, height, declaredPpi };
}

function toGray(ifd: Ifd, pixelCount: number): Uint8Array {
  const bitsPerSample = firstNumber(ifd.t258) ?? 1;
  const samplesPerPixel = firstNumber(ifd.t277) ?? 1;
  const photometric = firstNumber(ifd.t262);
  const data = ifd.data;
  if (samplesPerPixel === 1 && bitsPerSample === 8 && data && data.length >= pixelCount) {
    const pixels = data.slice(0, pixelCount);
    if (photometric === PHOTOMETRIC_WHITE_IS_ZERO) invert(pixels);
    return pixels;
  }
  if (samplesPerPixel === 1 && bitsPerSample === 16 && data && data.length >= pixelCount * 2) {
    const littleEndian = ifd.isLE !== false;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const pixels = new Uint8Array(pixelCount);
    for (let i = 0; i < pixelCount; i++) pixels[i] = view.getUint16(i * 2, littleEndian) >> 8;
    if (photometric === PHOTOMETRIC_WHITE_IS_ZERO) invert(pixels);
    return pixels;
  }
  const rgba = UTIF.toRGBA8(ifd as UTIF.IFD);
  if (rgba.length < pixelCount * 4)
    throw new ImageError("tiff", "decoded image is shorter than its declared size");
  return interleavedToGray(rgba, pixelCount, 4);
}

/** UTIF reads past a truncated strip silently; a short file must be an error, not a half-black image. */
function checkStripsInsideFile(ifd: Ifd, fileLength: number): void {
  const offsets = numbers(ifd.t273 ?? ifd.t324);
  const counts = numbers(ifd.t279 ?? ifd.t325);
  if (offsets.length === 0 || offsets.length !== counts.length) {
    throw new ImageError("tiff", "strip or tile offsets and byte counts are missing or do not pair up");
  }
  offsets.forEach((offset, i) => {
    if (offset + counts[i]! > fileLength) {
      throw new ImageError(
        "tiff",
        `strip ${i} (bytes ${offset}..${offset + counts[i]!}) runs past the end of the ${fileLength}-byte file`,
      );
    }
  });
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === "number") : [];
}

function readResolution(ifd: Ifd): number | undefined {
  const resolution = firstNumber(ifd.t282);
  if (resolution === undefined || !Number.isFinite(resolution) || resolution <= 0) return undefined;
  return firstNumber(ifd.t296) === RESOLUTION_UNIT_CENTIMETRE ? resolution * 2.54 : resolution;
}

function invert(pixels: Uint8Array): void {
  for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - pixels[i]!;
}

function firstNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (Array.isArray(value) && typeof value[0] === "number") return value[0];
  return undefined;
}
