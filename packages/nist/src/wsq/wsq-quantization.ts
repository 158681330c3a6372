import {
  LOW_VARIANCE_SUM,
  NUM_SUBBANDS,
  START_SIZE_REGION_2,
  START_SIZE_REGION_3,
  START_SUBBAND_3,
  SUBBAND_WEIGHTS_52_59,
  VARIANCE_THRESHOLD,
  ZERO_BIN_RATIO,
} from "./wsq-parameters.js";
import type { QuantizationTable } from "./wsq-segment-reader.js";
import type { Subband } from "./wsq-trees.js";

/*
 * Arithmetic here mirrors NBIS's single-precision float code step by step (Math.fround wherever C
 * stores or computes a float), so the encoder picks the same bin widths as cwsq and the decoder
 * reproduces dwsq's coefficients exactly.
 */
const fround = Math.fround;

/** Variance of one subband over either its whole area or the central window the spec prescribes. */
function subbandVariance(data: Float32Array, width: number, band: Subband, central: boolean): number {
  let x = band.x;
  let y = band.y;
  let w = band.width;
  let h = band.height;
  if (central) {
    x += Math.trunc(band.width / 8);
    y += Math.trunc((9 * band.height) / 32);
    w = Math.trunc((3 * band.width) / 4);
    h = Math.trunc((7 * band.height) / 16);
  }
  const n = w * h;
  if (n < 2) return 0;
  let sum = 0;
  let squares = 0;
  for (let row = 0; row < h; row++) {
    let p = (y + row) * width + x;
    for (let col = 0; col < w; col++, p++) {
      const v = data[p]!;
      sum = fround(sum + v);
      squares = fround(squares + fround(v * v));
    }
  }
  const sum2 = fround(fround(sum * sum) / n);
  return fround(fround(squares - sum2) / (n - 1));
}

/** Subband variances used for bit allocation (NBIS variance()). */
export function subbandVariances(
  data: Float32Array,
  width: number,
  subbands: readonly Subband[],
): Float32Array {
  const variance = new Float32Array(NUM_SUBBANDS);
  let lowSum = 0;
  for (let i = 0; i < 4; i++) {
    variance[i] = subbandVariance(data, width, subbands[i]!, true);
    lowSum = fround(lowSum + variance[i]!);
  }
  const whole = lowSum < LOW_VARIANCE_SUM;
  for (let i = whole ? 0 : 4; i < NUM_SUBBANDS; i++) {
    variance[i] = subbandVariance(data, width, subbands[i]!, !whole);
  }
  return variance;
}

/**
 * Bin widths for a target bitrate (bits per pixel): the WSQ bit allocation that drops subbands whose
 * optimal rate would be non-positive and scales the rest by one proportionality constant.
 */
export function binWidths(
  variance: Float32Array,
  bitrate: number,
): { binWidth: Float32Array; zeroBinWidth: Float32Array } {
  const weight = new Float32Array(NUM_SUBBANDS).fill(1);
  SUBBAND_WEIGHTS_52_59.forEach((w, i) => {
    weight[START_SUBBAND_3 + i] = w;
  });
  const q = new Float32Array(NUM_SUBBANDS);
  const sigma = new Float32Array(NUM_SUBBANDS);
  const share = new Float32Array(NUM_SUBBANDS);
  const coded: number[] = [];
  for (let i = 0; i < NUM_SUBBANDS; i++) {
    share[i] = i < START_SIZE_REGION_2 ? 1 / 1024 : i < START_SIZE_REGION_3 ? 1 / 256 : 1 / 16;
    const v = variance[i]!;
    if (v < VARIANCE_THRESHOLD) continue;
    q[i] = i < START_SIZE_REGION_2 ? 1 : fround(10 / fround(weight[i]! * fround(Math.log(v))));
    sigma[i] = fround(Math.sqrt(v));
    coded.push(i);
  }
  const rate = fround(bitrate);
  let active = coded.slice();
  let constant: number;
  for (;;) {
    let s = 0;
    for (const i of active) s = fround(s + share[i]!);
    let product = 1;
    for (const i of active) product = fround(product * fround(sigma[i]! / q[i]!) ** share[i]!);
    constant = fround(2 ** (fround(rate / s) - 1) / 2.5 / product ** (1 / s));
    const c = constant;
    const kept = active.filter((i) => !(fround(q[i]! / c) >= 5 * sigma[i]!));
    if (kept.length === active.length) break;
    active = kept;
  }
  const binWidth = new Float32Array(NUM_SUBBANDS);
  const zeroBinWidth = new Float32Array(NUM_SUBBANDS);
  for (const i of coded) {
    binWidth[i] = fround(q[i]! / constant);
    zeroBinWidth[i] = fround(ZERO_BIN_RATIO * binWidth[i]!);
  }
  return { binWidth, zeroBinWidth };
}

/** Quantises the coded subbands, in subband order, into one sequence: the entropy coder's input. */
export function quantize(
  data: Float32Array,
  width: number,
  subbands: readonly Subband[],
  binWidth: Float32Array,
  zeroBinWidth: Float32Array,
): Int16Array {
  const out = new Int16Array(codedCoefficients(subbands, binWidth));
  let k = 0;
  for (let i = 0; i < NUM_SUBBANDS; i++) {
    const q = binWidth[i]!;
    if (q === 0) continue;
    const band = subbands[i]!;
    const zero = fround(zeroBinWidth[i]! / 2);
    for (let row = 0; row < band.height; row++) {
      let p = (band.y + row) * width + band.x;
      for (let col = 0; col < band.width; col++, p++) {
        const v = data[p]!;
        if (-zero <= v && v <= zero) out[k++] = 0;
        else if (v > 0) out[k++] = Math.trunc(fround(fround(v - zero) / q) + 1);
        else out[k++] = Math.trunc(fround(fround(v + zero) / q) - 1);
      }
    }
  }
  return out;
}

/** Number of coefficients the decoder expects for the coded subbands. */
export function codedCoefficients(subbands: readonly Subband[], binWidth: Float32Array): number {
  let total = 0;
  for (let i = 0; i < NUM_SUBBANDS; i++) {
    if (binWidth[i] !== 0) total += subbands[i]!.width * subbands[i]!.height;
  }
  return total;
}

/**
 * Rebuilds wavelet coefficients from quantiser indices (bin centre reconstruction) into `out`, which must
 * be zero (only coded, non-zero indices are written).
 */
export function unquantize(
  indices: Int16Array,
  table: QuantizationTable,
  subbands: readonly Subband[],
  width: number,
  height: number,
  out: Float32Array = new Float32Array(width * height),
): Float32Array {
  const center = table.binCenter;
  let k = 0;
  for (let i = 0; i < NUM_SUBBANDS; i++) {
    const q = table.binWidth[i]!;
    if (q === 0) continue;
    const halfZero = table.zeroBinWidth[i]! / 2;
    const band = subbands[i]!;
    for (let row = 0; row < band.height; row++) {
      let p = (band.y + row) * width + band.x;
      for (let col = 0; col < band.width; col++, p++) {
        const s = indices[k++]!;
        if (s > 0) out[p] = fround(q * fround(s - center)) + halfZero;
        else if (s < 0) out[p] = fround(q * fround(s + center)) - halfZero;
      }
    }
  }
  return out;
}
