import type { Raster } from "./raster.js";

/**
 * A raster surrounded by a replicated border, so that oriented filters can read a fixed set of index
 * offsets around any pixel without bounds checks.
 */
export interface PaddedRaster {
  readonly width: number;
  readonly height: number;
  readonly pad: number;
  /** Row length of `data` (width + 2·pad). */
  readonly stride: number;
  readonly data: Float32Array;
}

export function padRaster(image: Raster, pad: number): PaddedRaster {
  const stride = image.width + 2 * pad;
  const data = new Float32Array(stride * (image.height + 2 * pad));
  padRasterInto(image, pad, data);
  return { width: image.width, height: image.height, pad, stride, data };
}

/** Writes every element of `data` (of padRaster's size): the image and its replicated border. */
export function padRasterInto(image: Raster, pad: number, data: Float32Array): void {
  const stride = image.width + 2 * pad;
  for (let y = 0; y < image.height; y++) {
    data.set(image.data.subarray(y * image.width, (y + 1) * image.width), (y + pad) * stride + pad);
  }
  replicateBorder(data, image.width, image.height, pad);
}

/** Fills the pad of a padded buffer from its outermost real pixels. */
export function replicateBorder(data: Float32Array, width: number, height: number, pad: number): void {
  const stride = width + 2 * pad;
  for (let y = pad; y < pad + height; y++) {
    const row = y * stride;
    const left = data[row + pad]!;
    const right = data[row + pad + width - 1]!;
    for (let x = 0; x < pad; x++) {
      data[row + x] = left;
      data[row + pad + width + x] = right;
    }
  }
  const first = pad * stride;
  const last = (pad + height - 1) * stride;
  for (let y = 0; y < pad; y++) {
    data.copyWithin(y * stride, first, first + stride);
    data.copyWithin((pad + height + y) * stride, last, last + stride);
  }
}
