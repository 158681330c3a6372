import { DEFAULT_CALIBRATION } from "./default-calibration.js";

/**
 * Score → estimated false-match rate (FMR), so that thresholds are chosen as a target FMR instead of a
 * raw score.
 *
 * Method: the impostor scores of a development set give the empirical FMR(s) = share of impostor
 * comparisons scoring ≥ s. The curve is stored as knots (score, log10 FMR) at fixed FMR levels from
 * 1 down to the smallest level the data supports (about 10 / impostor count); beyond the last knot the
 * tail is extrapolated exponentially (log10 FMR linear in the score) with the slope fitted by least
 * squares over the top 3 % of impostor scores. Between knots log10 FMR is interpolated linearly, so
 * the mapping is monotone (non-increasing) by construction.
 *
 * Fusion of several fingers (see `fusedFmr`) treats each finger's FMR as a p-value and combines them
 * with Fisher's method: under the impostor hypothesis −2 Σ ln pᵢ follows χ² with 2k degrees of
 * freedom, i.e. −Σ ln pᵢ ~ Gamma(k, 1), whose upper tail has the closed form e^(−x) Σ_{j<k} x^j / j!.
 * This assumes fingers of one impostor pair score independently (an approximation).
 *
 * FPIR at gallery size N (one comparison per enrolled identity with a fused score):
 * FPIR ≈ 1 − (1 − FMR)^N, the chance that at least one of N impostor identities exceeds the threshold.
 *
 * The smallest FMR the impostor scores can show is 1 / impostorCount. Below it the tail is a model,
 * not a measurement, so figures meant for people and decisions (`calibratedFmr`) stop there and are
 * flagged as upper bounds; the unclamped `fmrForScore` still orders scores beyond that range.
 */
export interface ScoreCalibration {
  /** What the calibration was measured on. */
  readonly source: string;
  readonly impostorCount: number;
  /** Increasing scores with their log10 FMR (non-increasing). */
  readonly knots: readonly (readonly [score: number, log10Fmr: number])[];
  /** d log10 FMR / d score beyond the last knot (negative). */
  readonly tailSlope: number;
}

const KNOT_LEVELS = [1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 5e-4, 2e-4, 1e-4];
const TAIL_SHARE = 0.03;
/** A knot needs at least this many impostor scores above it to be trusted. */
const MIN_TAIL_SCORES = 10;

export function fitScoreCalibration(impostorScores: ArrayLike<number>, source: string): ScoreCalibration {
  const sorted = Float64Array.from(impostorScores).sort();
  const n = sorted.length;
  if (n < 100) throw new Error(`calibration needs at least 100 impostor scores, got ${n}`);
  const knots: [number, number][] = [];
  for (const level of KNOT_LEVELS) {
    const above = Math.round(level * n);
    if (above < MIN_TAIL_SCORES && level < 1) break;
    // Smallest score s with at most `above` impostors ≥ s.
    const score = level >= 1 ? sorted[0]! : sorted[n - above]!;
    const fmr = empiricalFmr(sorted, score);
    const last = knots[knots.length - 1];
    if (last && score <= last[0]) continue;
    knots.push([score, Math.log10(fmr)]);
  }
  const tailStart = Math.floor(n * (1 - TAIL_SHARE));
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let count = 0;
  for (let i = tailStart; i < n - 1; i++) {
    const x = sorted[i]!;
    const y = Math.log10((n - i) / n);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    count++;
  }
  const denominator = count * sxx - sx * sx;
  const fitted = denominator > 0 ? (count * sxy - sx * sy) / denominator : -1;
  return { source, impostorCount: n, knots, tailSlope: Math.min(fitted, -1e-3) };
}

function empiricalFmr(sorted: Float64Array, score: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < score) lo = mid + 1;
    else hi = mid;
  }
  return (sorted.length - lo) / sorted.length;
}

/**
 * The pointwise largest FMR of several calibrations: a score counts as evidence only as far as every
 * measured population agrees. Knots are the union of the parts' knots (between them the parts' maximum
 * is convex, so interpolating its knot values never falls below it); beyond the last knot the tail
 * starts at the largest FMR there with the shallowest slope, which stays above every part's tail.
 */
export function envelopeCalibration(parts: readonly ScoreCalibration[], source: string): ScoreCalibration {
  if (parts.length === 0) throw new Error("an envelope needs at least one calibration");
  const scores = [...new Set(parts.flatMap((p) => p.knots.map(([score]) => score)))].sort((a, b) => a - b);
  const highest = (score: number) => Math.max(...parts.map((p) => Math.log10(fmrForScore(score, p))));
  return {
    source,
    impostorCount: Math.min(...parts.map((p) => p.impostorCount)),
    knots: scores.map((score) => [score, highest(score)] as const),
    tailSlope: Math.max(...parts.map((p) => p.tailSlope)),
  };
}

/** Estimated FMR of one finger comparison with this score. */
export function fmrForScore(score: number, calibration: ScoreCalibration = DEFAULT_CALIBRATION): number {
  const knots = calibration.knots;
  const first = knots[0]!;
  if (score <= first[0]) return 10 ** first[1];
  for (let i = 1; i < knots.length; i++) {
    const [s1, f1] = knots[i]!;
    if (score <= s1) {
      const [s0, f0] = knots[i - 1]!;
      return 10 ** (f0 + ((score - s0) / (s1 - s0)) * (f1 - f0));
    }
  }
  const last = knots[knots.length - 1]!;
  return 10 ** (last[1] + calibration.tailSlope * (score - last[0]));
}

/** An FMR for reporting: the estimate, or the calibration's floor as an upper bound beyond its range. */
export interface FmrEstimate {
  readonly fmr: number;
  /** The score lies beyond what the impostor scores measured: the true FMR is at most `fmr`. */
  readonly extrapolated: boolean;
}

/** fmrForScore, but never below 1 / impostorCount, the smallest FMR the calibration observed. */
export function calibratedFmr(
  score: number,
  calibration: ScoreCalibration = DEFAULT_CALIBRATION,
): FmrEstimate {
  const floor = 1 / calibration.impostorCount;
  const fmr = fmrForScore(score, calibration);
  return fmr < floor ? { fmr: floor, extrapolated: true } : { fmr, extrapolated: false };
}

/** The lowest score whose estimated FMR is at most `fmr`. */
export function thresholdForFmr(fmr: number, calibration: ScoreCalibration = DEFAULT_CALIBRATION): number {
  if (!(fmr > 0 && fmr <= 1)) throw new RangeError(`target FMR must be in (0, 1], got ${fmr}`);
  const target = Math.log10(fmr);
  const knots = calibration.knots;
  const first = knots[0]!;
  if (target >= first[1]) return first[0];
  for (let i = 1; i < knots.length; i++) {
    const [s1, f1] = knots[i]!;
    if (target >= f1) {
      const [s0, f0] = knots[i - 1]!;
      return s0 + ((target - f0) / (f1 - f0)) * (s1 - s0);
    }
  }
  const last = knots[knots.length - 1]!;
  return last[0] + (target - last[1]) / calibration.tailSlope;
}

/** Fisher's combination of independent per-finger FMRs into the FMR of the fused evidence. */
export function fusedFmr(fmrs: readonly number[]): number {
  const k = fmrs.length;
  if (k === 0) return 1;
  let x = 0;
  for (const p of fmrs) x -= Math.log(Math.max(p, Number.MIN_VALUE));
  let term = 1;
  let sum = 1;
  for (let j = 1; j < k; j++) {
    term *= x / j;
    sum += term;
  }
  return Math.min(1, Math.exp(-x) * sum);
}

/** False-positive identification rate at gallery size N for a per-identity FMR. */
export function fpirForFmr(fmr: number, gallerySize: number): number {
  if (fmr >= 1) return 1;
  return -Math.expm1(gallerySize * Math.log1p(-fmr));
}

/** The per-identity FMR that gives the target FPIR at gallery size N (inverse of fpirForFmr). */
export function fmrForFpir(fpir: number, gallerySize: number): number {
  return -Math.expm1(Math.log1p(-fpir) / Math.max(1, gallerySize));
}
