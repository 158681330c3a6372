import { kthSmallest } from "../order-statistic.js";
import { boxFilter } from "./box-filter.js";
import type { CellGrid } from "./cell-grid.js";
import type { ExtractorParameters } from "./extractor-parameters.js";

/**
 * Cells that hold fingerprint: enough contrast (absolute and relative to the image's clear areas) and
 * coherent ridges. The raw decision is smoothed by a majority vote, small islands are dropped and holes
 * (cores, scars, a blurred patch inside the print) are filled, since a finger has no holes.
 */
export function computeForegroundMask(
  grid: CellGrid,
  contrast: Float32Array,
  coherence: Float32Array,
  parameters: ExtractorParameters,
): Uint8Array {
  const { cellsX, cellsY } = grid;
  const count = cellsX * cellsY;
  const strong =
    count > 0
      ? kthSmallest(contrast, Math.min(count - 1, Math.floor(parameters.contrastPercentile * count)))
      : 0;
  const threshold = Math.max(parameters.minAbsoluteContrast, parameters.minRelativeContrast * strong);
  const raw = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    raw[i] = contrast[i]! > threshold && coherence[i]! > parameters.minCoherence ? 1 : 0;
  }
  const votes = boxFilter(raw, cellsX, cellsY, parameters.maskVoteRadius);
  const mask = new Uint8Array(count);
  for (let i = 0; i < count; i++) mask[i] = votes[i]! >= parameters.maskVoteMajority ? 1 : 0;
  keepLargeIslands(mask, cellsX, cellsY, parameters);
  fillHoles(mask, cellsX, cellsY);
  return mask;
}

/** Labels 4-connected components of cells equal to `value`; returns labels (-1 elsewhere) and sizes. */
function labelComponents(mask: Uint8Array, cellsX: number, cellsY: number, value: number) {
  const labels = new Int32Array(mask.length).fill(-1);
  const sizes: number[] = [];
  const touchesEdge: boolean[] = [];
  const stack = new Int32Array(mask.length);
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== value || labels[start] !== -1) continue;
    const label = sizes.length;
    let size = 0;
    let edge = false;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const i = stack[--top]!;
      size++;
      const x = i % cellsX;
      const y = (i / cellsX) | 0;
      if (x === 0 || y === 0 || x === cellsX - 1 || y === cellsY - 1) edge = true;
      if (x > 0 && mask[i - 1] === value && labels[i - 1] === -1) {
        labels[i - 1] = label;
        stack[top++] = i - 1;
      }
      if (x < cellsX - 1 && mask[i + 1] === value && labels[i + 1] === -1) {
        labels[i + 1] = label;
        stack[top++] = i + 1;
      }
      if (y > 0 && mask[i - cellsX] === value && labels[i - cellsX] === -1) {
        labels[i - cellsX] = label;
        stack[top++] = i - cellsX;
      }
      if (y < cellsY - 1 && mask[i + cellsX] === value && labels[i + cellsX] === -1) {
        labels[i + cellsX] = label;
        stack[top++] = i + cellsX;
      }
    }
    sizes.push(size);
    touchesEdge.push(edge);
  }
  return { labels, sizes, touchesEdge };
}

function keepLargeIslands(
  mask: Uint8Array,
  cellsX: number,
  cellsY: number,
  parameters: ExtractorParameters,
): void {
  const { labels, sizes } = labelComponents(mask, cellsX, cellsY, 1);
  const largest = Math.max(0, ...sizes);
  const minimum = Math.max(parameters.minForegroundCells, parameters.minIslandFraction * largest);
  for (let i = 0; i < mask.length; i++) {
    const label = labels[i]!;
    if (label >= 0 && sizes[label]! < minimum) mask[i] = 0;
  }
}

function fillHoles(mask: Uint8Array, cellsX: number, cellsY: number): void {
  const { labels, touchesEdge } = labelComponents(mask, cellsX, cellsY, 0);
  for (let i = 0; i < mask.length; i++) {
    const label = labels[i]!;
    if (label >= 0 && !touchesEdge[label]) mask[i] = 1;
  }
}

/**
 * Distance in pixels from each cell to the nearest background cell or image edge (two-pass chamfer
 * with 3-4 weights, accurate to a few percent).
 */
export function borderDistance(mask: Uint8Array, grid: CellGrid): Float32Array {
  const { cellsX, cellsY, cellSize } = grid;
  const far = 1e9;
  const d = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) d[i] = mask[i] ? far : 0;
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= cellsX || y >= cellsY ? 0 : d[y * cellsX + x]!;
  for (let y = 0; y < cellsY; y++) {
    for (let x = 0; x < cellsX; x++) {
      const i = y * cellsX + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(d[i]!, at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4, at(x + 1, y - 1) + 4);
    }
  }
  for (let y = cellsY - 1; y >= 0; y--) {
    for (let x = cellsX - 1; x >= 0; x--) {
      const i = y * cellsX + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(d[i]!, at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4, at(x - 1, y + 1) + 4);
    }
  }
  // Chamfer units are thirds of a cell; a cell's centre lies half a cell inside its own edge.
  for (let i = 0; i < d.length; i++) d[i] = d[i]! > 0 ? (d[i]! / 3 - 0.5) * cellSize : 0;
  return d;
}
