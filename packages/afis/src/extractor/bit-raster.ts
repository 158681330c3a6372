/**
 * A binary image as rows of 32-bit words: pixel x of row y is bit (x & 31) of word 1 + (x >> 5) of row
 * y + 1. Row 0, the last row, each row's first and last word and the bits past the image's width stay
 * zero, so every neighbour read by a shift lands on zero outside the image. Binarisation writes its maps
 * in this form and thinning works on it, 32 pixels a word.
 */
export class BitRaster {
  readonly wordsPerRow: number;
  readonly words: Int32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.wordsPerRow = ((width + 31) >> 5) + 2;
    this.words = new Int32Array(this.wordsPerRow * (height + 2));
  }

  /** The bits of a map holding 0 or 1 per pixel. */
  static from(binary: Uint8Array, width: number, height: number): BitRaster {
    const raster = new BitRaster(width, height);
    const { words, wordsPerRow } = raster;
    for (let y = 0; y < height; y++) {
      const row = (y + 1) * wordsPerRow + 1;
      const from = y * width;
      for (let x0 = 0; x0 < width; x0 += 32) {
        const end = Math.min(32, width - x0);
        let word = 0;
        for (let b = 0; b < end; b++) word |= binary[from + x0 + b]! << b;
        words[row + (x0 >> 5)] = word;
      }
    }
    return raster;
  }

  /** 0 or 1 per pixel, row by row. */
  toBytes(): Uint8Array {
    const { words, wordsPerRow, width, height } = this;
    const bytes = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      const row = (y + 1) * wordsPerRow;
      for (let w = 1; w < wordsPerRow - 1; w++) {
        let set = words[row + w]!;
        const base = y * width + ((w - 1) << 5);
        while (set !== 0) {
          bytes[base + 31 - Math.clz32(set & -set)] = 1;
          set &= set - 1;
        }
      }
    }
    return bytes;
  }
}

/** Pixel x (−1 … width) of the image row whose words start at `row`. */
export function bitAt(words: Int32Array, row: number, x: number): number {
  return (words[row + 1 + (x >> 5)]! >>> (x & 31)) & 1;
}
