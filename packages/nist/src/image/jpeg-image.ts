import jpeg from "jpeg-js";
import { ImageError } from "./image-error.js";
import { checkDimensions, type ImageLimits } from "./image-limits.js";
import { interleavedToGray } from "./rgba-to-gray.js";

export function decodeJpeg(
  bytes: Uint8Array,
  limits: ImageLimits,
): { pixels: Uint8Array; width: number; height: number; declaredPpi?: number } {
  const size = readFrameSize(bytes);
  if (size) checkDimensions("jpeg", size.width, size.height, limits);
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: limits.maxPixels / 1_000_000,
      maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 8) / (1024 * 1024)),
    });
  } catch (error) {
    throw new ImageError("jpeg", `cannot decode: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  checkDimensions("jpeg", decoded.width, decoded.height, limits);
  const pixels = interleavedToGray(decoded.data, decoded.width * decoded.height, 4);
  const declaredPpi = readJfifPpi(bytes);
  return declaredPpi === undefined
    ? { pixels, width: decoded.width, height: decoded.height }
    : { pixels, width: decoded.width, height: decoded.height, declaredPpi };
}

/** Reads the size from the first SOFn marker so that oversized images are refused before decoding. */
function readFrameSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      return {
        height: (bytes[offset + 5]! << 8) | bytes[offset + 6]!,
        width: (bytes[offset + 7]! << 8) | bytes[offset + 8]!,
      };
    }
    offset += 2 + length;
  }
  return undefined;
}

/** JFIF APP0 density: units 1 = dots per inch, 2 = dots per centimetre. */
function readJfifPpi(bytes: Uint8Array): number | undefined {
  const isJfif =
    bytes.length >= 18 &&
    bytes[2] === 0xff &&
    bytes[3] === 0xe0 &&
    String.fromCharCode(...bytes.subarray(6, 10)) === "JFIF";
  if (!isJfif) return undefined;
  const units = bytes[13];
  const xDensity = (bytes[14]! << 8) | bytes[15]!;
  if (units === 1) return xDensity;
  if (units === 2) return xDensity * 2.54;
  return undefined;
}
