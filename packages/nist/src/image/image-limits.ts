import { ImageError, type ImageFormat } from "./image-error.js";

/** Bounds that keep a hostile or corrupt header from allocating unbounded memory. */
export interface ImageLimits {
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxWidth: 16_384,
  maxHeight: 16_384,
  maxPixels: 64 * 1024 * 1024,
};

export function checkDimensions(
  format: ImageFormat,
  width: number,
  height: number,
  limits: ImageLimits,
): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImageError(format, `invalid dimensions ${width}x${height}`);
  }
  if (width > limits.maxWidth || height > limits.maxHeight || width * height > limits.maxPixels) {
    throw new ImageError(
      format,
      `${width}x${height} exceeds the limit of ${limits.maxWidth}x${limits.maxHeight} (${limits.maxPixels} pixels)`,
    );
  }
}
