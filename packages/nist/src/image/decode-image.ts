import { decodeWsq } from "../wsq/wsq-decoder.js";
import { decodeBmp } from "./bmp-image.js";
import type { GrayImage } from "./gray-image.js";
import { ImageError, type ImageFormat } from "./image-error.js";
import { checkDimensions, DEFAULT_IMAGE_LIMITS, type ImageLimits } from "./image-limits.js";
import { decodeJpeg } from "./jpeg-image.js";
import { decodePgm, readPgmPpi } from "./pgm-image.js";
import { decodePng } from "./png-image.js";
import { chooseResolution } from "./resolution.js";
import { decodeTiff } from "./tiff-image.js";

export interface DecodeImageOptions {
  /** The scanning resolution; overrides whatever the file declares (FVC TIFFs claim 72 dpi). */
  readonly ppi?: number;
  /** Headerless 8-bit gray: the caller must give the size. */
  readonly raw?: { readonly width: number; readonly height: number };
  readonly limits?: Partial<ImageLimits>;
}

/** Recognises an image format by its leading bytes. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const startsWith = (...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  if (startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (startsWith(0xff, 0xd8, 0xff)) return "jpeg";
  if (startsWith(0x49, 0x49, 0x2a, 0x00) || startsWith(0x4d, 0x4d, 0x00, 0x2a)) return "tiff";
  if (startsWith(0x42, 0x4d)) return "bmp";
  if (startsWith(0x50, 0x35) || startsWith(0x50, 0x32)) return "pgm";
  if (startsWith(0xff, 0xa0)) return "wsq";
  return undefined;
}

/**
 * Decodes PNG, JPEG, TIFF, BMP, PGM, WSQ or raw 8-bit gray into one grayscale raster. Colour images are
 * converted to luma. Throws ImageError for anything unreadable or beyond the limits (WsqError for WSQ).
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): GrayImage {
  const limits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
  if (options.ppi !== undefined && !(options.ppi >= 100 && options.ppi <= 4000)) {
    throw new ImageError("unknown", `ppi ${options.ppi} is outside 100..4000`);
  }
  if (options.raw) return decodeRaw(bytes, options.raw, limits, options.ppi);
  const format = sniffImageFormat(bytes);
  const decoded = decodeByFormat(format, bytes, limits);
  return {
    width: decoded.width,
    height: decoded.height,
    ppi: chooseResolution(options.ppi, decoded.declaredPpi),
    pixels: decoded.pixels,
  };
}

function decodeByFormat(
  format: ImageFormat | undefined,
  bytes: Uint8Array,
  limits: ImageLimits,
): { pixels: Uint8Array; width: number; height: number; declaredPpi?: number } {
  switch (format) {
    case "png":
      return decodePng(bytes, limits);
    case "jpeg":
      return decodeJpeg(bytes, limits);
    case "tiff":
      return decodeTiff(bytes, limits);
    case "bmp":
      return decodeBmp(bytes, limits);
    case "pgm": {
      const declaredPpi = readPgmPpi(bytes);
      const decoded = decodePgm(bytes, limits);
      return declaredPpi === undefined ? decoded : { ...decoded, declaredPpi };
    }
    case "wsq": {
      const image = decodeWsq(bytes);
      return { pixels: image.pixels, width: image.width, height: image.height, declaredPpi: image.ppi };
    }
    default:
      throw new ImageError(
        "unknown",
        `unrecognised image format (first bytes ${hexPrefix(bytes)}); for headerless gray pass raw width and height`,
      );
  }
}

function decodeRaw(
  bytes: Uint8Array,
  size: { readonly width: number; readonly height: number },
  limits: ImageLimits,
  ppi: number | undefined,
): GrayImage {
  checkDimensions("raw", size.width, size.height, limits);
  const expected = size.width * size.height;
  if (bytes.length !== expected) {
    throw new ImageError(
      "raw",
      `${bytes.length} bytes do not make a ${size.width}x${size.height} 8-bit image (${expected})`,
    );
  }
  return {
    width: size.width,
    height: size.height,
    ppi: chooseResolution(ppi, undefined),
    pixels: bytes.slice(),
  };
}

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (byte) => byte.toString(16).padStart(2, "0")).join(" ") || "none";
}
