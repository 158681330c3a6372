/** FVC-style accuracy figures, as fractions (0.05 = 5 %). */
export interface ErrorRates {
  /** Equal error rate: (EER_low + EER_high) / 2 as FVC defines it when the curves do not cross exactly. */
  readonly eer: number;
  /** Lowest false non-match rate with false-match rate ≤ 1 %. */
  readonly fmr100: number;
  /** Lowest false non-match rate with false-match rate ≤ 0.1 %. */
  readonly fmr1000: number;
  /** Lowest false non-match rate with no false match at all. */
  readonly zeroFmr: number;
  readonly genuineCount: number;
  readonly impostorCount: number;
}

/** Accuracy from genuine and impostor scores (a comparison is accepted when score ≥ threshold). */
export function computeErrorRates(genuine: ArrayLike<number>, impostor: ArrayLike<number>): ErrorRates {
  const g = Float64Array.from(genuine).sort();
  const i = Float64Array.from(impostor).sort();
  if (g.length === 0 || i.length === 0) throw new Error("error rates need genuine and impostor scores");
  const thresholds = Float64Array.from(new Set([...g, ...i, Number.POSITIVE_INFINITY])).sort();
  let eerHigh = 1;
  let eerLow = 0;
  let fmr100 = 1;
  let fmr1000 = 1;
  let zeroFmr = 1;
  let gi = 0;
  let ii = 0;
  for (const t of thresholds) {
    while (gi < g.length && g[gi]! < t) gi++;
    while (ii < i.length && i[ii]! < t) ii++;
    const fnmr = gi / g.length;
    const fmr = (i.length - ii) / i.length;
    eerHigh = Math.min(eerHigh, Math.max(fmr, fnmr));
    eerLow = Math.max(eerLow, Math.min(fmr, fnmr));
    if (fmr <= 0.01) fmr100 = Math.min(fmr100, fnmr);
    if (fmr <= 0.001) fmr1000 = Math.min(fmr1000, fnmr);
    if (fmr === 0) zeroFmr = Math.min(zeroFmr, fnmr);
  }
  return {
    eer: (Math.min(eerLow, eerHigh) + eerHigh) / 2,
    fmr100,
    fmr1000,
    zeroFmr,
    genuineCount: g.length,
    impostorCount: i.length,
  };
}
