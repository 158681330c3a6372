import type { SeededRandom } from "../seeded-random.js";
import { type FingerShape, insideShape } from "./finger-shape.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import { type OrientationModel, ridgeOrientation } from "./orientation-model.js";
import { type RidgePeriodMap, ridgePeriod } from "./ridge-period-map.js";

/**
 * The master's ridge pattern as a field in [-1, 1] (positive on ridges), sampled at 1/scale of the
 * 500 ppi master grid.
 */
export interface RidgeField {
  readonly width: number;
  readonly height: number;
  readonly scale: number;
  readonly values: Float32Array;
}

/**
 * Grows the ridge pattern as SFinGe does: a few random seeds in an empty image, then repeated
 * space-variant Gabor filtering tuned to the local orientation and period, with a saturating gain so
 * that the pattern spreads from the seeds and settles into clean ridges. Where fronts from different
 * seeds meet out of phase, or the period changes, the filtering has to end or fork ridges: that is
 * where the minutiae come from. Runs at half resolution with a precomputed filter bank indexed by
 * (orientation bin, period bin).
 */
export function growRidgePattern(
  shape: FingerShape,
  model: OrientationModel,
  periods: RidgePeriodMap,
  random: SeededRandom,
): RidgeField {
  const scale = P.growthScale;
  const radius = P.gaborRadius;
  const width = Math.ceil(P.masterWidth / scale);
  const height = Math.ceil(P.masterHeight / scale);
  const stride = width + 2 * radius;
  const paddedHeight = height + 2 * radius;
  const bank = filterBank(scale);

  const activeList: number[] = [];
  const kernelList: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const mx = (x + 0.5) * scale;
      const my = (y + 0.5) * scale;
      if (!insideShape(shape, mx, my, -3 * scale * radius)) continue;
      activeList.push((y + radius) * stride + x + radius);
      kernelList.push(bank.index(ridgeOrientation(model, mx, my), ridgePeriod(periods, mx, my) / scale));
    }
  }
  const active = Int32Array.from(activeList);
  const kernelOf = Int32Array.from(kernelList);

  let current = new Float32Array(stride * paddedHeight);
  let next = new Float32Array(stride * paddedHeight);
  const seeds = Math.max(1, Math.round((P.seedDensity * active.length) / 10_000));
  for (let s = 0; s < seeds; s++) current[active[random.int(0, active.length - 1)]!] = random.sign();

  const { starts, offsets, weights } = sparseTaps(bank.kernels, radius, stride);
  const gain = P.growthGain;
  // Two savings that leave the result deterministic: pixels with nothing grown within reach are
  // skipped (blocks of BLOCK pixels, dilated by one block ≥ the filter radius), and pixels that have sat
  // saturated at the same sign for a few iterations are frozen, as the filter would keep them there.
  const blocksX = Math.ceil(stride / BLOCK);
  const blocksY = Math.ceil(paddedHeight / BLOCK);
  const grown = new Uint8Array(blocksX * blocksY);
  const reach = new Uint8Array(blocksX * blocksY);
  const blockOf = new Int32Array(active.length);
  for (let a = 0; a < active.length; a++) {
    const i = active[a]!;
    blockOf[a] = (((i / stride) | 0) >> BLOCK_SHIFT) * blocksX + ((i % stride) >> BLOCK_SHIFT);
  }
  const settled = new Uint8Array(active.length);
  for (let iteration = 0; iteration < P.growthIterations; iteration++) {
    grown.fill(0);
    for (let a = 0; a < active.length; a++) if (current[active[a]!] !== 0) grown[blockOf[a]!] = 1;
    reach.fill(0);
    for (let by = 0; by < blocksY; by++) {
      for (let bx = 0; bx < blocksX; bx++) {
        if (grown[by * blocksX + bx] === 0) continue;
        for (let y = Math.max(0, by - 1); y <= Math.min(blocksY - 1, by + 1); y++) {
          for (let x = Math.max(0, bx - 1); x <= Math.min(blocksX - 1, bx + 1); x++)
            reach[y * blocksX + x] = 1;
        }
      }
    }
    for (let a = 0; a < active.length; a++) {
      const i = active[a]!;
      const value = current[i]!;
      if (settled[a]! >= SETTLE_ITERATIONS || reach[blockOf[a]!] === 0) {
        next[i] = value;
        continue;
      }
      const k = kernelOf[a]!;
      const end = starts[k + 1]!;
      let sum = 0;
      for (let j = starts[k]!; j < end; j++) sum += current[i + offsets[j]!]! * weights[j]!;
      const v = Math.max(-1, Math.min(1, sum * gain));
      next[i] = v;
      settled[a] = (v === 1 || v === -1) && v === value ? settled[a]! + 1 : 0;
    }
    const swap = current;
    current = next;
    next = swap;
  }

  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    values.set(
      current.subarray((y + radius) * stride + radius, (y + radius) * stride + radius + width),
      y * width,
    );
  }
  return { width, height, scale, values };
}

/** Bilinear sample of the field at master coordinates (x, y); 0 off the field. */
export function sampleRidgeField(field: RidgeField, x: number, y: number): number {
  const gx = x / field.scale - 0.5;
  const gy = y / field.scale - 0.5;
  if (gx < 0 || gy < 0 || gx >= field.width - 1 || gy >= field.height - 1) return 0;
  const ix = gx | 0;
  const iy = gy | 0;
  const fx = gx - ix;
  const fy = gy - iy;
  const v = field.values;
  const i = iy * field.width + ix;
  const top = v[i]! + (v[i + 1]! - v[i]!) * fx;
  const bottom = v[i + field.width]! + (v[i + field.width + 1]! - v[i + field.width]!) * fx;
  return top + (bottom - top) * fy;
}

interface FilterBank {
  readonly kernels: Float32Array;
  index(orientation: number, period: number): number;
}

const banks = new Map<number, FilterBank>();
const BLOCK_SHIFT = 3;
const BLOCK = 1 << BLOCK_SHIFT;
const SETTLE_ITERATIONS = 3;

/**
 * The bank's kernels as lists of (offset in the padded raster, weight), without the taps whose weight
 * is negligible (the corners of elongated kernels): about a third fewer multiplications.
 */
function sparseTaps(
  kernels: Float32Array,
  radius: number,
  stride: number,
): { starts: Int32Array; offsets: Int32Array; weights: Float32Array } {
  const side = 2 * radius + 1;
  const taps = side * side;
  const count = kernels.length / taps;
  const starts = new Int32Array(count + 1);
  const offsets: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < count; k++) {
    starts[k] = offsets.length;
    let peak = 0;
    for (let t = 0; t < taps; t++) peak = Math.max(peak, Math.abs(kernels[k * taps + t]!));
    for (let t = 0; t < taps; t++) {
      const w = kernels[k * taps + t]!;
      if (Math.abs(w) < P.gaborTapThreshold * peak) continue;
      offsets.push((Math.floor(t / side) - radius) * stride + (t % side) - radius);
      weights.push(w);
    }
  }
  starts[count] = offsets.length;
  return { starts, offsets: Int32Array.from(offsets), weights: Float32Array.from(weights) };
}

/**
 * Oriented, zero-mean Gabor kernels, normalised so a matched unit sinusoid comes out with unit
 * amplitude; the growth gain above 1 then makes matched patterns grow until they saturate.
 */
function filterBank(scale: number): FilterBank {
  const cached = banks.get(scale);
  if (cached) return cached;
  const radius = P.gaborRadius;
  const side = 2 * radius + 1;
  const taps = side * side;
  const orientations = P.gaborOrientationBins;
  const minPeriod = P.ridgePeriodRange[0] / scale;
  const step = P.gaborPeriodBinWidth;
  const periodBins = Math.ceil((P.ridgePeriodRange[1] / scale - minPeriod) / step) + 1;
  const kernels = new Float32Array(orientations * periodBins * taps);
  for (let o = 0; o < orientations; o++) {
    const theta = (o * Math.PI) / orientations;
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    for (let p = 0; p < periodBins; p++) {
      const period = minPeriod + p * step;
      const sigmaAcross = P.gaborSigmaAcross * period;
      const sigmaAlong = P.gaborSigmaAlong * period;
      const base = (o * periodBins + p) * taps;
      const envelope = new Float64Array(taps);
      const wave = new Float64Array(taps);
      let envelopeSum = 0;
      let waveSum = 0;
      for (let dy = -radius, t = 0; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++, t++) {
          const along = dx * c + dy * s;
          const across = -dx * s + dy * c;
          const g = Math.exp(
            -(across * across) / (2 * sigmaAcross ** 2) - (along * along) / (2 * sigmaAlong ** 2),
          );
          envelope[t] = g;
          wave[t] = Math.cos((2 * Math.PI * across) / period);
          envelopeSum += g;
          waveSum += g * wave[t]!;
        }
      }
      const dc = waveSum / envelopeSum;
      let response = 0;
      for (let t = 0; t < taps; t++) response += envelope[t]! * (wave[t]! - dc) * wave[t]!;
      for (let t = 0; t < taps; t++) kernels[base + t] = (envelope[t]! * (wave[t]! - dc)) / response;
    }
  }
  const bank: FilterBank = {
    kernels,
    index(orientation, period) {
      const o = Math.round((orientation / Math.PI) * orientations) % orientations;
      const p = Math.min(periodBins - 1, Math.max(0, Math.round((period - minPeriod) / step)));
      return o * periodBins + p;
    },
  };
  banks.set(scale, bank);
  return bank;
}
