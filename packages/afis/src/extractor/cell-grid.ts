/** The coarse grid of square cells on which orientation, contrast and the mask live. */
export interface CellGrid {
  readonly cellSize: number;
  readonly cellsX: number;
  readonly cellsY: number;
}

export function cellGridFor(width: number, height: number, cellSize: number): CellGrid {
  return { cellSize, cellsX: Math.ceil(width / cellSize), cellsY: Math.ceil(height / cellSize) };
}
