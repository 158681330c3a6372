/**
 * 1:N accuracy as NIST reports it (FpVTE 2012, NISTIR 8034; PFT III): a search returns a candidate
 * list; a threshold T on the candidates' scores turns it into a decision.
 *  - FNIR(T): share of mated searches whose mate is not returned at rank ≤ R with score ≥ T;
 *  - FPIR(T): share of non-mated searches that return any candidate with score ≥ T (the top one decides);
 *  - the rank-1 rate: share of mated searches whose mate comes first, whatever its score.
 * Scores are "higher = stronger evidence" (TenprintGallery's fusedScore).
 */

/** What one mated search returned about its mate. */
export interface MatedSearch {
  /** 1-based rank of the mate in the candidate list; null when the mate was not returned. */
  readonly mateRank: number | null;
  /** The mate's score (−Infinity when not returned). */
  readonly mateScore: number;
  /** The gallery's FPIR estimate for the mate (Infinity when not returned): what the hub decides on. */
  readonly mateFpir: number;
}

/** What one non-mated search returned at its top. */
export interface NonMatedSearch {
  /** The best candidate's score (−Infinity when the list is empty). */
  readonly topScore: number;
  /** The gallery's FPIR estimate for the best candidate (Infinity when the list is empty). */
  readonly topFpir: number;
}

export function fpirAt(nonMated: readonly NonMatedSearch[], threshold: number): number {
  if (nonMated.length === 0) throw new RangeError("FPIR needs non-mated searches");
  let hits = 0;
  for (const s of nonMated) if (s.topScore >= threshold) hits++;
  return hits / nonMated.length;
}

export function fnirAt(mated: readonly MatedSearch[], threshold: number, maxRank = Infinity): number {
  if (mated.length === 0) throw new RangeError("FNIR needs mated searches");
  let misses = 0;
  for (const s of mated) {
    if (s.mateRank === null || s.mateRank > maxRank || s.mateScore < threshold) misses++;
  }
  return misses / mated.length;
}

/**
 * The lowest threshold whose FPIR is at most `target`: at most ⌊target · n⌋ non-mated searches may reach
 * it. Null when ⌊target · n⌋ < 1: fewer than 1/target non-mated searches cannot measure that FPIR.
 */
export function thresholdForFpir(nonMated: readonly NonMatedSearch[], target: number): number | null {
  if (!(target > 0 && target <= 1)) throw new RangeError(`target FPIR ${target} is not in (0, 1]`);
  const allowed = Math.floor(target * nonMated.length + 1e-9);
  if (allowed < 1) return null;
  const scores = nonMated.map((s) => s.topScore).sort((a, b) => b - a);
  if (allowed >= scores.length) return Number.NEGATIVE_INFINITY;
  // Just above the (allowed + 1)-th highest score: that search and every lower one stay below T.
  const next = scores[allowed]!;
  return next === Number.NEGATIVE_INFINITY ? Number.NEGATIVE_INFINITY : nextUp(next);
}

export interface OperatingPoint {
  readonly targetFpir: number;
  readonly threshold: number;
  readonly fpir: number;
  readonly fnir: number;
}

/** FNIR at the threshold that holds FPIR at or below the target; null when not measurable. */
export function fnirAtFpir(
  mated: readonly MatedSearch[],
  nonMated: readonly NonMatedSearch[],
  targetFpir: number,
  maxRank = Infinity,
): OperatingPoint | null {
  const threshold = thresholdForFpir(nonMated, targetFpir);
  if (threshold === null) return null;
  return {
    targetFpir,
    threshold,
    fpir: fpirAt(nonMated, threshold),
    fnir: fnirAt(mated, threshold, maxRank),
  };
}

export function rankOneRate(mated: readonly MatedSearch[]): number {
  if (mated.length === 0) throw new RangeError("the rank-1 rate needs mated searches");
  return mated.filter((s) => s.mateRank === 1).length / mated.length;
}

/**
 * The hub's own decision: the top candidate is an identification when its FPIR estimate is at most
 * `maxFpir`. FPIR: non-mated searches that identify someone; FNIR: mated searches that do not identify
 * the mate at rank 1.
 */
export function hubDecisionRates(
  mated: readonly MatedSearch[],
  nonMated: readonly NonMatedSearch[],
  maxFpir: number,
): { readonly fpir: number; readonly fnir: number } {
  if (mated.length === 0 || nonMated.length === 0) throw new RangeError("rates need both kinds of search");
  const falsePositives = nonMated.filter((s) => s.topFpir <= maxFpir).length;
  const misses = mated.filter((s) => !(s.mateRank === 1 && s.mateFpir <= maxFpir)).length;
  return { fpir: falsePositives / nonMated.length, fnir: misses / mated.length };
}

/** DET curve: (FPIR, FNIR) at every distinct non-mated top score used as the threshold, FPIR falling. */
export function detCurve(
  mated: readonly MatedSearch[],
  nonMated: readonly NonMatedSearch[],
  maxRank = Infinity,
): { readonly fpir: number; readonly fnir: number; readonly threshold: number }[] {
  const thresholds = [...new Set(nonMated.map((s) => s.topScore))]
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  return thresholds.map((threshold) => ({
    threshold,
    fpir: fpirAt(nonMated, threshold),
    fnir: fnirAt(mated, threshold, maxRank),
  }));
}

function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const step = Math.abs(x) * Number.EPSILON;
  const up = x + step;
  return up > x ? up : x + Number.MIN_VALUE;
}
