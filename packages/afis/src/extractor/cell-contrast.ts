import { boxFilter } from "./box-filter.js";
import type { CellGrid } from "./cell-grid.js";
import type { Raster } from "./raster.js";

/** Gray-level standard deviation around each cell: ridges give tens of levels, blank glass a few. */
export function computeCellContrast(image: Raster, grid: CellGrid, windowCells: number): Float32Array {
  const { width, height, data } = image;
  const { cellsX, cellSize } = grid;
  const sums = new Float32Array(cellsX * grid.cellsY);
  const sumSquares = new Float32Array(sums.length);
  const cellArea = cellSize * cellSize;
  for (let y = 0; y < height; y++) {
    const cellRow = ((y / cellSize) | 0) * cellsX;
    const row = y * width;
    for (let x0 = 0; x0 < width; x0 += cellSize) {
      const x1 = Math.min(width, x0 + cellSize);
      let sum = 0;
      let sumSquare = 0;
      for (let x = x0; x < x1; x++) {
        const v = data[row + x]!;
        sum += v;
        sumSquare += v * v;
      }
      const cell = cellRow + x0 / cellSize;
      sums[cell]! += sum;
      sumSquares[cell]! += sumSquare;
    }
  }
  const mean = boxFilter(sums, grid.cellsX, grid.cellsY, windowCells);
  const meanSquare = boxFilter(sumSquares, grid.cellsX, grid.cellsY, windowCells);
  const contrast = new Float32Array(mean.length);
  for (let i = 0; i < contrast.length; i++) {
    const m = mean[i]! / cellArea;
    contrast[i] = Math.sqrt(Math.max(0, meanSquare[i]! / cellArea - m * m));
  }
  return contrast;
}
