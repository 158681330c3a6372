import type { GrayImage } from "@tenprint/nist";

/** Bilinear resampling of a 500 ppi synthetic image to another resolution (an emulated scanner). */
export function resampleGray(image: GrayImage, ppi: number): GrayImage {
  if (ppi === image.ppi) return image;
  const factor = ppi / image.ppi;
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const pixels = new Uint8Array(width * height);
  const source = image.pixels;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = sx - x0;
      const top = source[y0 * image.width + x0]! * (1 - fx) + source[y0 * image.width + x1]! * fx;
      const bottom = source[y1 * image.width + x0]! * (1 - fx) + source[y1 * image.width + x1]! * fx;
      pixels[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, ppi, pixels };
}
