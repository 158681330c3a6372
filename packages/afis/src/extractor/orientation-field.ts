import { boxFilter } from "./box-filter.js";
import type { CellGrid } from "./cell-grid.js";
import type { Raster } from "./raster.js";

/** Ridge direction per cell and how strongly the gradients agree on it. */
export interface OrientationField {
  /** Ridge (not gradient) direction in [0, π), image coordinates (x right, y down). */
  readonly angle: Float32Array;
  /** 0 (no dominant direction) … 1 (perfectly parallel ridges). */
  readonly coherence: Float32Array;
}

/**
 * Least-squares orientation from the gradient structure tensor: Sobel gradients, their second moments
 * summed per cell and averaged over a neighbourhood of cells. Averaging the doubled-angle moments rather
 * than angles is what keeps opposite gradients across one ridge from cancelling.
 */
export function computeOrientationField(
  image: Raster,
  grid: CellGrid,
  smoothingCells: number,
): OrientationField {
  const { width, height, data } = image;
  const { cellsX, cellsY, cellSize } = grid;
  const cellCount = cellsX * cellsY;
  const xx = new Float32Array(cellCount);
  const yy = new Float32Array(cellCount);
  const xy = new Float32Array(cellCount);
  for (let y = 1; y < height - 1 && width >= 3; y++) {
    const cellRow = ((y / cellSize) | 0) * cellsX;
    const row = y * width;
    // The 3×3 window slides along the row in registers: each pixel loads only its east column. Cell by
    // cell, with the cell's moments in registers; rounding each sum to float32 after every pixel keeps
    // them identical to accumulating straight into the Float32Arrays.
    let nw = data[row - width]!;
    let n = data[row - width + 1]!;
    let w = data[row]!;
    let c = data[row + 1]!;
    let sw = data[row + width]!;
    let s = data[row + width + 1]!;
    for (let cx = 0; cx < cellsX; cx++) {
      const cell = cellRow + cx;
      let sumXX = xx[cell]!;
      let sumYY = yy[cell]!;
      let sumXY = xy[cell]!;
      const end = row + Math.min(width - 1, (cx + 1) * cellSize);
      for (let i = row + Math.max(1, cx * cellSize); i < end; i++) {
        const ne = data[i - width + 1]!;
        const e = data[i + 1]!;
        const se = data[i + width + 1]!;
        const gx = ne + 2 * e + se - nw - 2 * w - sw;
        const gy = sw + 2 * s + se - nw - 2 * n - ne;
        sumXX = Math.fround(sumXX + gx * gx);
        sumYY = Math.fround(sumYY + gy * gy);
        sumXY = Math.fround(sumXY + gx * gy);
        nw = n;
        n = ne;
        w = c;
        c = e;
        sw = s;
        s = se;
      }
      xx[cell] = sumXX;
      yy[cell] = sumYY;
      xy[cell] = sumXY;
    }
  }
  const a = new Float32Array(cellCount);
  const b = new Float32Array(cellCount);
  const c = new Float32Array(cellCount);
  for (let i = 0; i < cellCount; i++) {
    a[i] = xx[i]! - yy[i]!;
    b[i] = 2 * xy[i]!;
    c[i] = xx[i]! + yy[i]!;
  }
  const smooth = (values: Float32Array) =>
    boxFilter(boxFilter(values, cellsX, cellsY, smoothingCells), cellsX, cellsY, smoothingCells);
  const sa = smooth(a);
  const sb = smooth(b);
  const sc = smooth(c);
  const angle = new Float32Array(cellCount);
  const coherence = new Float32Array(cellCount);
  for (let i = 0; i < cellCount; i++) {
    const gradientAngle = 0.5 * Math.atan2(sb[i]!, sa[i]!);
    let ridge = gradientAngle + Math.PI / 2;
    if (ridge >= Math.PI) ridge -= Math.PI;
    if (ridge < 0) ridge += Math.PI;
    angle[i] = ridge;
    const energy = sc[i]!;
    coherence[i] = energy > 1e-6 ? Math.min(1, Math.hypot(sa[i]!, sb[i]!) / energy) : 0;
  }
  return { angle, coherence };
}
