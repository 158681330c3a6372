/**
 * Confidence intervals for an error rate measured as k errors in n trials. Biometric evaluations quote
 * them because their counts are small where it matters: FNIR at a strict FPIR is a handful of misses,
 * and a count of zero says only that the rate is probably below about 3 / n (the "rule of three").
 */

export interface BinomialInterval {
  readonly errors: number;
  readonly trials: number;
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/**
 * The Clopper–Pearson ("exact") two-sided interval: the rates p for which k errors in n trials are not
 * in either tail of probability (1 − confidence) / 2. Conservative: it covers at least `confidence`.
 */
export function clopperPearson(errors: number, trials: number, confidence = 0.95): BinomialInterval {
  checkCounts(errors, trials, confidence);
  const tail = (1 - confidence) / 2;
  const lower = errors === 0 ? 0 : inverseBeta(tail, errors, trials - errors + 1);
  const upper = errors === trials ? 1 : inverseBeta(1 - tail, errors + 1, trials - errors);
  return { errors, trials, rate: errors / trials, lower, upper, confidence };
}

/**
 * The one-sided upper bound for zero errors in n trials: 1 − (1 − confidence)^(1/n), which is ≈ 3 / n at
 * 95 % (the rule of three).
 */
export function zeroErrorUpperBound(trials: number, confidence = 0.95): number {
  checkCounts(0, trials, confidence);
  return -Math.expm1(Math.log1p(-confidence) / trials);
}

function checkCounts(errors: number, trials: number, confidence: number): void {
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`${trials} trials is not a positive count`);
  if (!Number.isInteger(errors) || errors < 0 || errors > trials) {
    throw new RangeError(`${errors} errors is not a count from 0 to ${trials}`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} is not in (0, 1)`);
}

/** The x with I_x(a, b) = p, by bisection (I is increasing in x); 200 halvings reach double precision. */
function inverseBeta(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(lo, 1e-300); i++) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** I_x(a, b), the regularised incomplete beta function, by its continued fraction (Lentz). */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast for x < (a + 1) / (a + b + 2); the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) covers the rest.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(z) for z > 0 (Lanczos, g = 7, nine coefficients: about 15 significant digits). */
function logGamma(z: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = c[0]!;
  for (let i = 1; i < g + 2; i++) sum += c[i]! / (x + i);
  const t = x + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}
