import bmp from "bmp-js";
import { ImageError } from "./image-error.js";
import { checkDimensions, type ImageLimits } from "./image-limits.js";
import { INCHES_PER_METRE } from "./resolution.js";
import { interleavedToGray } from "./rgba-to-gray.js";

const INFO_HEADER_END = 26;

export function decodeBmp(
  bytes: Uint8Array,
  limits: ImageLimits,
): { pixels: Uint8Array; width: number; height: number; declaredPpi?: number } {
  if (bytes.length < INFO_HEADER_END) throw new ImageError("bmp", `truncated header (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkDimensions("bmp", view.getInt32(18, true), Math.abs(view.getInt32(22, true)), limits);
  let decoded: bmp.BmpDecoder;
  try {
    decoded = bmp.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new ImageError("bmp", `cannot decode: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const pixelCount = decoded.width * decoded.height;
  if (decoded.data.length < pixelCount * 4)
    throw new ImageError("bmp", "pixel data is shorter than the header says");
  // bmp-js writes pixels as A, B, G, R.
  const pixels = interleavedToGray(decoded.data.subarray(1), pixelCount, 4, "bgr");
  const declaredPpi = decoded.hr > 0 ? decoded.hr / INCHES_PER_METRE : undefined;
  return declaredPpi === undefined
    ? { pixels, width: decoded.width, height: decoded.height }
    : { pixels, width: decoded.width, height: decoded.height, declaredPpi };
}
