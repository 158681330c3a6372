import type { CellGrid } from "./cell-grid.js";
import type { ExtractorParameters } from "./extractor-parameters.js";
import { padRaster, replicateBorder } from "./padded-raster.js";
import type { Raster } from "./raster.js";
import { enhanceInKernel } from "./ridge-enhancement-wasm.js";
import { estimateRidgePeriod } from "./ridge-period.js";

/**
 * Contextual enhancement as a separable oriented Gabor filter: first a Gaussian average along the local
 * ridge direction (bridges breaks, removes pores), then a cosine-under-Gaussian matched to the local ridge
 * period across it (suppresses everything that does not repeat at that period). Both passes read a fixed
 * table of index offsets per quantised orientation, and work cell by cell so that each pixel costs only
 * its multiply-adds. The result is positive on valleys and negative on ridges (ridges are dark).
 * The filters run in a WebAssembly kernel (ridge-enhancement-wasm.ts, same bits) unless `portable` or
 * the kernel is unavailable. With `transient`, the kernel's result is a view of its memory that the next
 * enhancement overwrites (the extractor binarises it at once, so it need not be copied).
 */
export function enhanceRidges(
  image: Raster,
  grid: CellGrid,
  cellAngle: Float32Array,
  mask: Uint8Array,
  parameters: ExtractorParameters,
  portable = false,
  transient = false,
): { enhanced: Float32Array; period: Float32Array } {
  const { width, height } = image;
  const pad = Math.max(parameters.parallelRadius, parameters.orthogonalRadius) + 1;
  const stride = width + 2 * pad;
  const bins = parameters.orientationBins;
  const cellBin = new Uint8Array(cellAngle.length);
  for (let i = 0; i < cellAngle.length; i++) cellBin[i] = Math.round((cellAngle[i]! / Math.PI) * bins) % bins;

  // The along-ridge pass feeds the period profiles, which reach a few cells beyond the mask.
  const near = dilateCells(mask, grid, Math.ceil(parameters.periodProfileRadius / grid.cellSize));
  const parallel = parallelTables(stride, parameters);
  const size = grid.cellSize;
  const layout = { width, height, pad, stride, cellSize: size, cellsX: grid.cellsX };
  const parallelRuns = collectRuns(layout, near, cellBin, parallel.taps, 0);
  const blockCells = parameters.periodBlockCells;
  const blocksX = Math.ceil(grid.cellsX / blockCells);
  const orthogonal = orthogonalTables(stride, parameters);
  const taps = orthogonal.taps;
  let period: Float32Array = new Float32Array(0);
  // The across-ridge filters depend on the ridge period, which is read from the along-ridge result.
  const orthogonalRuns = (smoothedData: Float32Array): Int32Array => {
    replicateBorder(smoothedData, width, height, pad);
    period = estimateRidgePeriod(
      { width, height, pad, stride, data: smoothedData },
      grid,
      cellAngle,
      mask,
      parameters,
    );
    const periodBinOfCell = new Uint8Array(cellBin.length);
    for (let cy = 0; cy < grid.cellsY; cy++) {
      for (let cx = 0; cx < grid.cellsX; cx++) {
        const block = ((cy / blockCells) | 0) * blocksX + ((cx / blockCells) | 0);
        periodBinOfCell[cy * grid.cellsX + cx] = orthogonal.periodBin(period[block]!);
      }
    }
    // Runs are split where either the orientation or the period bin changes.
    const filterOfCell = new Uint16Array(cellBin.length);
    for (let i = 0; i < cellBin.length; i++)
      filterOfCell[i] = cellBin[i]! * orthogonal.periodBins + periodBinOfCell[i]!;
    return collectRuns(layout, mask, filterOfCell, taps, orthogonal.periodBins);
  };

  const maxRuns = height * grid.cellsX;
  const inKernel = portable
    ? undefined
    : enhanceInKernel(image, pad, parallel, parallelRuns, orthogonal, orthogonalRuns, maxRuns, transient);
  if (inKernel) return { enhanced: inKernel, period };
  const source = padRaster(image, pad);
  const smoothedData = new Float32Array(source.data.length);
  applyRuns(source.data, smoothedData, parallelRuns, parallel.weights, parallel.offsets, parallel.taps);
  const enhanced = new Float32Array(width * height);
  applyRuns(
    smoothedData,
    enhanced,
    orthogonalRuns(smoothedData),
    orthogonal.weights,
    orthogonal.offsets,
    taps,
  );
  return { enhanced, period };
}

interface RunLayout {
  readonly width: number;
  readonly height: number;
  readonly pad: number;
  readonly stride: number;
  readonly cellSize: number;
  readonly cellsX: number;
}

/**
 * The runs of every image row, five int32 each (from, to, shift, weightBase, offsetBase) as applyRuns
 * and the kernel read them: maximal stretches of selected cells that share a filter, so the filter's
 * taps are loaded once per run. `periodBins` 0 is the along-ridge pass (filter = orientation bin, one
 * weight set, output in the padded frame); otherwise filter = bin · periodBins + period bin and the
 * output is the unpadded image.
 */
function collectRuns(
  layout: RunLayout,
  selected: Uint8Array,
  filterOfCell: Uint8Array | Uint16Array,
  taps: number,
  periodBins: number,
): Int32Array {
  const { width, height, pad, stride, cellSize, cellsX } = layout;
  // At most one run per selected cell and row.
  let selectedCells = 0;
  for (let i = 0; i < selected.length; i++) selectedCells += selected[i]!;
  const runs = runBuffer(periodBins === 0 ? 0 : 1, selectedCells * cellSize * 5);
  let n = 0;
  for (let y = 0; y < height; y++) {
    const cellRow = ((y / cellSize) | 0) * cellsX;
    const rowStart = (y + pad) * stride + pad;
    let cx = 0;
    while (cx < cellsX) {
      if (!selected[cellRow + cx]) {
        cx++;
        continue;
      }
      const filter = filterOfCell[cellRow + cx]!;
      const start = cx;
      while (cx < cellsX && selected[cellRow + cx] && filterOfCell[cellRow + cx] === filter) cx++;
      runs[n++] = rowStart + start * cellSize;
      runs[n++] = rowStart + Math.min(width, cx * cellSize);
      if (periodBins === 0) {
        runs[n++] = 0;
        runs[n++] = 0;
        runs[n++] = filter * taps;
      } else {
        runs[n++] = y * width - rowStart;
        runs[n++] = filter * taps;
        runs[n++] = ((filter / periodBins) | 0) * taps;
      }
    }
  }
  return runs.subarray(0, n);
}

/**
 * One buffer per pass for the runs, kept between calls: the bound above is megabytes for a rolled print,
 * and allocating it twice per image kept the garbage collector busy. The runs are read (by the kernel
 * or applyRuns) before the next enhancement collects its own.
 */
const runBuffers = [new Int32Array(0), new Int32Array(0)];

function runBuffer(pass: number, length: number): Int32Array {
  if (runBuffers[pass]!.length < length) runBuffers[pass] = new Int32Array(length);
  return runBuffers[pass]!;
}

function applyRuns(
  input: Float32Array,
  output: Float32Array,
  runs: Int32Array,
  weights: Float32Array,
  offsets: Int32Array,
  taps: number,
): void {
  for (let r = 0; r < runs.length; r += 5) {
    applyTaps(
      input,
      output,
      runs[r]!,
      runs[r + 1]!,
      runs[r + 2]!,
      weights,
      runs[r + 3]!,
      offsets,
      runs[r + 4]!,
      taps,
    );
  }
}

/**
 * One oriented filter over a run of pixels: output[i + shift] = Σ weights[k]·input[i + offsets[k]] for i in
 * [from, to), in float32 arithmetic: each product and each sum is rounded to float32, as the WebAssembly
 * kernel's f32x4 lanes do (ridge-enhancement-wasm.ts), so both paths give the same bits. Eight (then
 * four, then one) pixels are summed side by side because each sum is a chain of dependent add-and-round
 * steps: interleaving lets the processor overlap the chains, and each tap's weight and offset is loaded
 * once for the group. Runs are whole cells, so the groups rarely leave a remainder.
 */
function applyTaps(
  input: Float32Array,
  output: Float32Array,
  from: number,
  to: number,
  shift: number,
  weights: Float32Array,
  weightBase: number,
  offsets: Int32Array,
  offsetBase: number,
  taps: number,
): void {
  let i = from;
  for (; i + 8 <= to; i += 8) {
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    let sum3 = 0;
    let sum4 = 0;
    let sum5 = 0;
    let sum6 = 0;
    let sum7 = 0;
    for (let k = 0; k < taps; k++) {
      const weight = weights[weightBase + k]!;
      const at = i + offsets[offsetBase + k]!;
      sum0 = Math.fround(sum0 + Math.fround(weight * input[at]!));
      sum1 = Math.fround(sum1 + Math.fround(weight * input[at + 1]!));
      sum2 = Math.fround(sum2 + Math.fround(weight * input[at + 2]!));
      sum3 = Math.fround(sum3 + Math.fround(weight * input[at + 3]!));
      sum4 = Math.fround(sum4 + Math.fround(weight * input[at + 4]!));
      sum5 = Math.fround(sum5 + Math.fround(weight * input[at + 5]!));
      sum6 = Math.fround(sum6 + Math.fround(weight * input[at + 6]!));
      sum7 = Math.fround(sum7 + Math.fround(weight * input[at + 7]!));
    }
    output[i + shift] = sum0;
    output[i + shift + 1] = sum1;
    output[i + shift + 2] = sum2;
    output[i + shift + 3] = sum3;
    output[i + shift + 4] = sum4;
    output[i + shift + 5] = sum5;
    output[i + shift + 6] = sum6;
    output[i + shift + 7] = sum7;
  }
  for (; i + 4 <= to; i += 4) {
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    let sum3 = 0;
    for (let k = 0; k < taps; k++) {
      const weight = weights[weightBase + k]!;
      const at = i + offsets[offsetBase + k]!;
      sum0 = Math.fround(sum0 + Math.fround(weight * input[at]!));
      sum1 = Math.fround(sum1 + Math.fround(weight * input[at + 1]!));
      sum2 = Math.fround(sum2 + Math.fround(weight * input[at + 2]!));
      sum3 = Math.fround(sum3 + Math.fround(weight * input[at + 3]!));
    }
    output[i + shift] = sum0;
    output[i + shift + 1] = sum1;
    output[i + shift + 2] = sum2;
    output[i + shift + 3] = sum3;
  }
  for (; i < to; i++) {
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      sum = Math.fround(sum + Math.fround(weights[weightBase + k]! * input[i + offsets[offsetBase + k]!]!));
    }
    output[i + shift] = sum;
  }
}

/** Cells within `radius` cells (a square) of a selected cell: a box dilation, rows then columns. */
function dilateCells(mask: Uint8Array, grid: CellGrid, radius: number): Uint8Array {
  const { cellsX, cellsY } = grid;
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < cellsY; y++) dilateLine(mask, rows, y * cellsX, 1, cellsX, radius);
  const result = new Uint8Array(mask.length);
  for (let x = 0; x < cellsX; x++) dilateLine(rows, result, x, cellsX, cellsY, radius);
  return result;
}

/** Sets output[i] for the `length` cells from `start` by `step` that have a set input within `radius`. */
function dilateLine(
  input: Uint8Array,
  output: Uint8Array,
  start: number,
  step: number,
  length: number,
  radius: number,
): void {
  // Forward: a set cell at most `radius` before (or at) this one; backward: at most `radius` after.
  let since = radius + 1;
  for (let i = 0; i < length; i++) {
    since = input[start + i * step] ? 0 : since + 1;
    if (since <= radius) output[start + i * step] = 1;
  }
  since = radius + 1;
  for (let i = length - 1; i >= 0; i--) {
    since = input[start + i * step] ? 0 : since + 1;
    if (since <= radius) output[start + i * step] = 1;
  }
}

function orientationOf(bin: number, parameters: ExtractorParameters): number {
  return (bin * Math.PI) / parameters.orientationBins;
}

/** Along-ridge taps every `parallelStep` pixels: the signal varies slowly along a ridge. */
function parallelTables(stride: number, parameters: ExtractorParameters) {
  const steps = Math.floor(parameters.parallelRadius / parameters.parallelStep);
  const taps = 2 * steps + 1;
  const weights = new Float32Array(taps);
  let total = 0;
  for (let k = -steps; k <= steps; k++) {
    const t = k * parameters.parallelStep;
    const w = Math.exp((-t * t) / (2 * parameters.parallelSigma ** 2));
    weights[k + steps] = w;
    total += w;
  }
  for (let k = 0; k < taps; k++) weights[k]! /= total;
  const offsets = new Int32Array(parameters.orientationBins * taps);
  for (let bin = 0; bin < parameters.orientationBins; bin++) {
    const angle = orientationOf(bin, parameters);
    for (let k = -steps; k <= steps; k++) {
      const t = k * parameters.parallelStep;
      offsets[bin * taps + k + steps] =
        Math.round(t * Math.sin(angle)) * stride + Math.round(t * Math.cos(angle));
    }
  }
  return { taps, weights, offsets };
}

/** Across-ridge taps per orientation (offsets depend on the row stride). */
function orthogonalTables(stride: number, parameters: ExtractorParameters) {
  const r = parameters.orthogonalRadius;
  const taps = 2 * r + 1;
  const offsets = new Int32Array(parameters.orientationBins * taps);
  for (let bin = 0; bin < parameters.orientationBins; bin++) {
    const angle = orientationOf(bin, parameters);
    for (let k = -r; k <= r; k++) {
      offsets[bin * taps + k + r] =
        Math.round(k * Math.cos(angle)) * stride + Math.round(-k * Math.sin(angle));
    }
  }
  let weights = orthogonalWeightCache.get(parameters);
  if (!weights) {
    weights = orthogonalWeights(parameters);
    orthogonalWeightCache.set(parameters, weights);
  }
  const periodBins = periodBinCount(parameters);
  const periodBin = (period: number) =>
    Math.min(
      periodBins - 1,
      Math.max(0, Math.round((period - parameters.minPeriod) / parameters.periodStep)),
    );
  return { taps, offsets, weights, periodBins, periodBin };
}

/** The weights cost thousands of exp/cos and depend on the parameters only. */
const orthogonalWeightCache = new WeakMap<ExtractorParameters, Float32Array>();

function periodBinCount(parameters: ExtractorParameters): number {
  return Math.round((parameters.maxPeriod - parameters.minPeriod) / parameters.periodStep) + 1;
}

/**
 * Across-ridge weights per (orientation, period): each tap's weight uses its true distance from the
 * centre line after its offset is rounded to whole pixels, and the weights are shifted to sum to zero so
 * the local gray level has no effect.
 */
function orthogonalWeights(parameters: ExtractorParameters): Float32Array {
  const r = parameters.orthogonalRadius;
  const taps = 2 * r + 1;
  const periodBins = periodBinCount(parameters);
  const weights = new Float32Array(parameters.orientationBins * periodBins * taps);
  const distance = new Float32Array(taps);
  const envelope = new Float32Array(taps);
  for (let bin = 0; bin < parameters.orientationBins; bin++) {
    const angle = orientationOf(bin, parameters);
    const nx = -Math.sin(angle);
    const ny = Math.cos(angle);
    for (let k = -r; k <= r; k++) {
      const dx = Math.round(k * nx);
      const dy = Math.round(k * ny);
      distance[k + r] = dx * nx + dy * ny;
    }
    for (let pb = 0; pb < periodBins; pb++) {
      const period = parameters.minPeriod + pb * parameters.periodStep;
      const sigma = parameters.orthogonalSigmaPerPeriod * period;
      const base = (bin * periodBins + pb) * taps;
      let envelopeSum = 0;
      let weightSum = 0;
      for (let k = 0; k < taps; k++) {
        const t = distance[k]!;
        envelope[k] = Math.exp((-t * t) / (2 * sigma * sigma));
        weights[base + k] = envelope[k]! * Math.cos((2 * Math.PI * t) / period);
        envelopeSum += envelope[k]!;
        weightSum += weights[base + k]!;
      }
      const shift = weightSum / envelopeSum;
      for (let k = 0; k < taps; k++) weights[base + k]! -= shift * envelope[k]!;
    }
  }
  return weights;
}
