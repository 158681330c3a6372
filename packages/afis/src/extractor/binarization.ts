import { BitRaster, bitAt } from "./bit-raster.js";
import type { CellGrid } from "./cell-grid.js";

/** Ridge and valley maps of the foreground: 1 where the pixel belongs to one, 0 elsewhere. */
export interface BinaryMaps {
  readonly ridges: Uint8Array;
  readonly valleys: Uint8Array;
}

/**
 * Splits the foreground by the sign of the enhanced image, then lets each pixel follow the majority of
 * its (2r+1)² neighbourhood when that majority is clear, which removes isolated specks and one-pixel
 * bridges that would otherwise become false minutiae. Valleys are the complement of ridges inside the
 * foreground, so the two skeletons stay dual.
 */
export function binarize(
  enhanced: Float32Array,
  width: number,
  height: number,
  grid: CellGrid,
  mask: Uint8Array,
  voteRadius: number,
  voteMajority: number,
): BinaryMaps {
  const raw = new Uint8Array(width * height);
  const inside = new Uint8Array(width * height);
  const size = grid.cellSize;
  for (let y = 0; y < height; y++) {
    const cellRow = ((y / size) | 0) * grid.cellsX;
    // Cell by cell, so background cells are skipped whole.
    for (let cx = 0; cx < grid.cellsX; cx++) {
      if (!mask[cellRow + cx]) continue;
      const end = y * width + Math.min(width, (cx + 1) * size);
      for (let i = y * width + cx * size; i < end; i++) {
        inside[i] = 1;
        raw[i] = enhanced[i]! < 0 ? 1 : 0;
      }
    }
  }
  // Integral image of ridge pixels for the vote.
  const iw = width + 1;
  const integral = new Int32Array(iw * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += raw[y * width + x]!;
      integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1]! + rowSum;
    }
  }
  const ridges = new Uint8Array(width * height);
  const valleys = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - voteRadius);
    const y1 = Math.min(height, y + voteRadius + 1);
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!inside[i]) continue;
      const x0 = Math.max(0, x - voteRadius);
      const x1 = Math.min(width, x + voteRadius + 1);
      const area = (y1 - y0) * (x1 - x0);
      const count =
        integral[y1 * iw + x1]! - integral[y0 * iw + x1]! - integral[y1 * iw + x0]! + integral[y0 * iw + x0]!;
      let ridge = raw[i]!;
      if (count >= voteMajority * area) ridge = 1;
      else if (area - count >= voteMajority * area) ridge = 0;
      ridges[i] = ridge;
      valleys[i] = 1 - ridge;
    }
  }
  return { ridges, valleys };
}

/** Ridge and valley maps as bits (BitRaster), the form thinning works on. */
export interface BinaryBits {
  readonly ridges: BitRaster;
  readonly valleys: BitRaster;
}

/**
 * `binarize`, bit for bit, with the maps written as bits. For the 3×3 vote (radius 1) the sign map, the
 * foreground and the vote are evaluated 32 pixels a word: the nine pixels' count is bit-sliced (full
 * adders on words) and compared with the two thresholds that `binarize`'s comparisons give for a full
 * window; the pixels on the image's edge, whose windows are clipped, are decided one by one as
 * `binarize` decides them. Other radii take `binarize` itself.
 */
export function binarizeBits(
  enhanced: Float32Array,
  width: number,
  height: number,
  grid: CellGrid,
  mask: Uint8Array,
  voteRadius: number,
  voteMajority: number,
): BinaryBits {
  if (voteRadius !== 1) {
    const maps = binarize(enhanced, width, height, grid, mask, voteRadius, voteMajority);
    return {
      ridges: BitRaster.from(maps.ridges, width, height),
      valleys: BitRaster.from(maps.valleys, width, height),
    };
  }
  const ridges = new BitRaster(width, height);
  const valleys = new BitRaster(width, height);
  const { wordsPerRow } = ridges;
  const raw = new Int32Array(ridges.words.length);
  const inside = valleys.words;
  // Foreground bits, one row pattern per row of cells; then the sign bits inside it.
  const size = grid.cellSize;
  const pattern = new Int32Array(wordsPerRow);
  for (let cy = 0; cy * size < height; cy++) {
    pattern.fill(0);
    for (let cx = 0; cx < grid.cellsX; cx++) {
      if (!mask[cy * grid.cellsX + cx]) continue;
      for (let x = cx * size; x < Math.min(width, (cx + 1) * size); x++)
        pattern[1 + (x >> 5)]! |= 1 << (x & 31);
    }
    for (let y = cy * size; y < Math.min(height, (cy + 1) * size); y++) {
      const row = (y + 1) * wordsPerRow;
      const from = y * width;
      for (let w = 1; w < wordsPerRow - 1; w++) {
        const set = pattern[w]!;
        if (set === 0) continue;
        inside[row + w] = set;
        const x0 = (w - 1) << 5;
        const end = Math.min(32, width - x0);
        let word = 0;
        for (let b = 0; b < end; b++) if (enhanced[from + x0 + b]! < 0) word |= 1 << b;
        raw[row + w] = word & set;
      }
    }
  }
  // The thresholds of a full 3×3 window: a ridge from `ridgeFrom` ridge pixels up, a valley from
  // `valleyUpTo` down, as `binarize`'s comparisons decide each count.
  const area = 9;
  let ridgeFrom = area + 1;
  for (let count = area; count >= 0 && count >= voteMajority * area; count--) ridgeFrom = count;
  let valleyUpTo = -1;
  for (let count = 0; count <= area && area - count >= voteMajority * area; count++) valleyUpTo = count;
  const out = ridges.words;
  for (let y = 1; y <= height; y++) {
    const row = y * wordsPerRow;
    for (let w = row + 1; w < row + wordsPerRow - 1; w++) {
      const c = inside[w]!;
      if (c === 0) continue;
      const r = raw[w]!;
      const n = raw[w - wordsPerRow]!;
      const s = raw[w + wordsPerRow]!;
      const p0 = n;
      const p1 = (n >>> 1) | (raw[w - wordsPerRow + 1]! << 31);
      const p2 = (r >>> 1) | (raw[w + 1]! << 31);
      const p3 = (s >>> 1) | (raw[w + wordsPerRow + 1]! << 31);
      const p4 = s;
      const p5 = (s << 1) | (raw[w + wordsPerRow - 1]! >>> 31);
      const p6 = (r << 1) | (raw[w - 1]! >>> 31);
      const p7 = (n << 1) | (raw[w - wordsPerRow - 1]! >>> 31);
      // Nine-pixel count, bit-sliced: count = b0 + 2·b1 + 4·b2 + 8·b3.
      const x01 = p0 ^ p1;
      const s1 = x01 ^ p2;
      const c1 = (p0 & p1) | (p2 & x01);
      const x34 = p3 ^ p4;
      const s2 = x34 ^ p5;
      const c2 = (p3 & p4) | (p5 & x34);
      const x67 = p6 ^ p7;
      const s3 = x67 ^ r;
      const c3 = (p6 & p7) | (r & x67);
      const x12 = s1 ^ s2;
      const b0 = x12 ^ s3;
      const cA = (s1 & s2) | (s3 & x12);
      const y12 = c1 ^ c2;
      const u = y12 ^ c3;
      const v = (c1 & c2) | (c3 & y12);
      const b1 = u ^ cA;
      const k = u & cA;
      const b2 = v ^ k;
      const b3 = v & k;
      const ridge = atLeast(b0, b1, b2, b3, ridgeFrom) | (atLeast(b0, b1, b2, b3, valleyUpTo + 1) & r);
      out[w] = ridge & c;
      inside[w] = ~ridge & c;
    }
  }
  // Edge pixels: their windows are clipped, so their areas and thresholds differ.
  const raster = { raw, inside: valleys.words, ridges: out, wordsPerRow, width, height, voteMajority };
  for (let x = 0; x < width; x++) {
    decideEdgePixel(raster, x, 0);
    decideEdgePixel(raster, x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    decideEdgePixel(raster, 0, y);
    decideEdgePixel(raster, width - 1, y);
  }
  return { ridges, valleys };
}

/** Bits where the bit-sliced count b0 + 2·b1 + 4·b2 + 8·b3 is at least `threshold`. */
function atLeast(b0: number, b1: number, b2: number, b3: number, threshold: number): number {
  if (threshold <= 0) return -1;
  if (threshold > 15) return 0;
  // From the top bit down: greater once a bit is set where the threshold's is clear, while equal above.
  let greater = 0;
  let equal = -1;
  if (threshold & 8) equal &= b3;
  else {
    greater |= equal & b3;
    equal &= ~b3;
  }
  if (threshold & 4) equal &= b2;
  else {
    greater |= equal & b2;
    equal &= ~b2;
  }
  if (threshold & 2) equal &= b1;
  else {
    greater |= equal & b1;
    equal &= ~b1;
  }
  if (threshold & 1) equal &= b0;
  else {
    greater |= equal & b0;
    equal &= ~b0;
  }
  return greater | equal;
}

interface EdgeVote {
  readonly raw: Int32Array;
  readonly inside: Int32Array;
  readonly ridges: Int32Array;
  readonly wordsPerRow: number;
  readonly width: number;
  readonly height: number;
  readonly voteMajority: number;
}

/** `binarize`'s vote for one pixel, read from the bits (the sign map's rows and columns past the edge are 0). */
function decideEdgePixel(raster: EdgeVote, x: number, y: number): void {
  const { raw, inside, ridges, wordsPerRow, width, height, voteMajority } = raster;
  const row = (y + 1) * wordsPerRow;
  const word = row + 1 + (x >> 5);
  const bit = 1 << (x & 31);
  if (!((inside[word]! | ridges[word]!) & bit)) return;
  const x0 = Math.max(0, x - 1);
  const x1 = Math.min(width, x + 2);
  const y0 = Math.max(0, y - 1);
  const y1 = Math.min(height, y + 2);
  let count = 0;
  for (let yy = y0; yy < y1; yy++)
    for (let xx = x0; xx < x1; xx++) count += bitAt(raw, (yy + 1) * wordsPerRow, xx);
  const area = (y1 - y0) * (x1 - x0);
  let ridge = bitAt(raw, row, x);
  if (count >= voteMajority * area) ridge = 1;
  else if (area - count >= voteMajority * area) ridge = 0;
  if (ridge) {
    ridges[word]! |= bit;
    inside[word]! &= ~bit;
  } else {
    ridges[word]! &= ~bit;
    inside[word]! |= bit;
  }
}
