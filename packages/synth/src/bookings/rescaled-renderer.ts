import type { GrayImage } from "@tenprint/nist";
import type { ImpressionRenderer } from "./booking-images.js";

/**
 * A renderer whose images are resampled to another scanning resolution (bilinear, pixel centres aligned)
 * and declared at it: a 1000 ppi live scanner's booking from the 500 ppi renderers.
 */
export function rescaledRenderer(render: ImpressionRenderer, ppi: number): ImpressionRenderer {
  return (request) => resampleGray(render(request), ppi);
}

/** Bilinear resampling of an 8-bit image to another resolution (pixel centres aligned). */
export function resampleGray(image: GrayImage, ppi: number): GrayImage {
  const scale = ppi / image.ppi;
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const pixels = new Uint8Array(width * height);
  const source = image.pixels;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max((y + 0.5) / scale - 0.5, 0), image.height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max((x + 0.5) / scale - 0.5, 0), image.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const fx = sx - x0;
      const top = source[y0 * image.width + x0]! * (1 - fx) + source[y0 * image.width + x1]! * fx;
      const bottom = source[y1 * image.width + x0]! * (1 - fx) + source[y1 * image.width + x1]! * fx;
      pixels[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, ppi, pixels };
}
