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
