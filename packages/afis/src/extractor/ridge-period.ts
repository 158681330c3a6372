import type { CellGrid } from "./cell-grid.js";
import type { ExtractorParameters } from "./extractor-parameters.js";
import type { PaddedRaster } from "./padded-raster.js";

/**
 * Local ridge period (pixels from one ridge to the next) per block of cells. The image passed in is
 * already smoothed along the ridges, so a profile across them is a clean wave whose extrema are counted.
 * Blocks where the wave is unreadable borrow the average of readable neighbours, then the image median.
 */
export function estimateRidgePeriod(
  smoothed: PaddedRaster,
  grid: CellGrid,
  cellAngle: Float32Array,
  mask: Uint8Array,
  parameters: ExtractorParameters,
): Float32Array {
  const blockCells = parameters.periodBlockCells;
  const blocksX = Math.ceil(grid.cellsX / blockCells);
  const blocksY = Math.ceil(grid.cellsY / blockCells);
  const blockSize = blockCells * grid.cellSize;
  const radius = parameters.periodProfileRadius;
  const profile = new Float32Array(2 * radius + 1);
  const measured = new Float32Array(blocksX * blocksY);
  for (let by = 0; by < blocksY; by++) {
    for (let bx = 0; bx < blocksX; bx++) {
      const cx = Math.min(smoothed.width - 1, (bx + 0.5) * blockSize);
      const cy = Math.min(smoothed.height - 1, (by + 0.5) * blockSize);
      const cell =
        Math.min(grid.cellsY - 1, (cy / grid.cellSize) | 0) * grid.cellsX +
        Math.min(grid.cellsX - 1, (cx / grid.cellSize) | 0);
      if (!mask[cell]) continue;
      const angle = cellAngle[cell]!;
      const nx = -Math.sin(angle);
      const ny = Math.cos(angle);
      for (let t = -radius; t <= radius; t++)
        profile[t + radius] = sample(smoothed, cx + t * nx, cy + t * ny);
      const period = periodOfProfile(profile);
      if (period >= parameters.minPeriod && period <= parameters.maxPeriod)
        measured[by * blocksX + bx] = period;
    }
  }
  return fillPeriods(measured, blocksX, blocksY, parameters);
}

function sample(image: PaddedRaster, x: number, y: number): number {
  const limitX = image.width + image.pad - 1.001;
  const limitY = image.height + image.pad - 1.001;
  const px = Math.min(limitX, Math.max(-image.pad, x)) + image.pad;
  const py = Math.min(limitY, Math.max(-image.pad, y)) + image.pad;
  const x0 = px | 0;
  const y0 = py | 0;
  const fx = px - x0;
  const fy = py - y0;
  const i = y0 * image.stride + x0;
  const d = image.data;
  return (
    (d[i]! * (1 - fx) + d[i + 1]! * fx) * (1 - fy) +
    (d[i + image.stride]! * (1 - fx) + d[i + image.stride + 1]! * fx) * fy
  );
}

/** Mean spacing of maxima and of minima of a profile; 0 when fewer than two of either. */
function periodOfProfile(profile: Float32Array): number {
  let firstMax = -1;
  let lastMax = -1;
  let maxCount = 0;
  let firstMin = -1;
  let lastMin = -1;
  let minCount = 0;
  for (let t = 1; t < profile.length - 1; t++) {
    const v = profile[t]!;
    if (v > profile[t - 1]! && v >= profile[t + 1]!) {
      if (firstMax < 0) firstMax = t;
      lastMax = t;
      maxCount++;
    } else if (v < profile[t - 1]! && v <= profile[t + 1]!) {
      if (firstMin < 0) firstMin = t;
      lastMin = t;
      minCount++;
    }
  }
  let spans = 0;
  let intervals = 0;
  if (maxCount >= 2) {
    spans += lastMax - firstMax;
    intervals += maxCount - 1;
  }
  if (minCount >= 2) {
    spans += lastMin - firstMin;
    intervals += minCount - 1;
  }
  return intervals > 0 ? spans / intervals : 0;
}

function fillPeriods(
  measured: Float32Array,
  blocksX: number,
  blocksY: number,
  parameters: ExtractorParameters,
): Float32Array {
  const valid = Array.from(measured)
    .filter((p) => p > 0)
    .sort((a, b) => a - b);
  const median = valid.length > 0 ? valid[valid.length >> 1]! : parameters.defaultPeriod;
  const r = parameters.periodSmoothingBlocks;
  const result = new Float32Array(measured.length);
  for (let by = 0; by < blocksY; by++) {
    for (let bx = 0; bx < blocksX; bx++) {
      let sum = 0;
      let count = 0;
      for (let y = Math.max(0, by - r); y <= Math.min(blocksY - 1, by + r); y++) {
        for (let x = Math.max(0, bx - r); x <= Math.min(blocksX - 1, bx + r); x++) {
          const p = measured[y * blocksX + x]!;
          if (p > 0) {
            sum += p;
            count++;
          }
        }
      }
      result[by * blocksX + bx] = count >= parameters.minPeriodNeighbours ? sum / count : median;
    }
  }
  return result;
}
