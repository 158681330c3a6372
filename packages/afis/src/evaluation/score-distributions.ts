/** Two-sample Kolmogorov–Smirnov test of two score samples. */
export interface KsResult {
  /** Largest distance between the two empirical distribution functions. */
  readonly statistic: number;
  /** Asymptotic p-value (Kolmogorov distribution with Stephens' small-sample correction). */
  readonly p: number;
  readonly sizes: readonly [number, number];
}

export function twoSampleKs(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  if (a.length === 0 || b.length === 0) throw new RangeError("the KS test needs two non-empty samples");
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    // Step past every copy of the smaller value in both samples before comparing: ties move together.
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const n = (x.length * y.length) / (x.length + y.length);
  const root = Math.sqrt(n);
  return {
    statistic: d,
    p: kolmogorovSurvival((root + 0.12 + 0.11 / root) * d),
    sizes: [x.length, y.length],
  };
}

/** P(K > t) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) exp(−2k²t²). */
export function kolmogorovSurvival(t: number): number {
  if (t <= 0) return 1;
  if (t < 0.3) return 1; // the series converges slowly there, and the true value is 1 to 9 digits
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * t * t);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * The score an impostor reaches with probability `fmr`:
 * the empirical (1 − fmr) quantile by nearest rank: a share fmr of the scores lies above it at most.
 */
export function scoreAtFmr(impostors: ArrayLike<number>, fmr: number): number {
  if (impostors.length === 0) throw new RangeError("no impostor scores");
  if (!(fmr > 0 && fmr < 1)) throw new RangeError(`FMR ${fmr} is not in (0, 1)`);
  const sorted = Float64Array.from(impostors).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((1 - fmr) * sorted.length) - 1)]!;
}
