import type { MatchEvidence } from "./domain-effects.js";
import { DomainInputError } from "./domain-error.js";
import { DOMAIN_PARAMETERS } from "./domain-parameters.js";
import { measuredScoreThreshold } from "./identification-threshold.js";

/** The fields of a 1:N search result the decision needs; `SearchResult` of @tenprint/afis fits. */
export interface SearchOutcome {
  readonly gallerySize: number;
  readonly candidates: readonly {
    readonly identity: string;
    readonly fusedScore: number;
    readonly fmr: number;
    readonly fpir: number;
  }[];
}

/**
 * Ident or non-ident from a search result: the best candidate (lowest FPIR) is an identification when its
 * estimated FPIR at the gallery's size is at most `maxFpir` and its fused score reaches the threshold
 * measured for FPIR 1e-3 at that gallery size (`measuredScoreThreshold`, decision 0024). Deciding on FPIR
 * rather than a raw score keeps the error rate stable as the gallery grows (NISTIR 7110: false accepts
 * rise linearly with gallery size); the measured threshold holds the estimate to what non-mated searches
 * of rendered people actually scored, should the calibration ever be optimistic.
 */
export function decideIdentification(
  result: SearchOutcome,
  maxFpir: number = DOMAIN_PARAMETERS.identification.maxFpir,
  minFusedScore?: number,
): MatchEvidence | null {
  if (!Number.isInteger(result.gallerySize) || result.gallerySize < 0) {
    throw new DomainInputError("result.gallerySize", `${result.gallerySize} is not a gallery size`);
  }
  const minScore = minFusedScore ?? measuredScoreThreshold(result.gallerySize);
  let best: SearchOutcome["candidates"][number] | undefined;
  result.candidates.forEach((candidate, index) => {
    if (!(candidate.fpir >= 0 && candidate.fpir <= 1) || !(candidate.fmr >= 0 && candidate.fmr <= 1)) {
      throw new DomainInputError(`result.candidates[${index}]`, "fmr and fpir must be rates from 0 to 1");
    }
    if (!best || candidate.fpir < best.fpir) best = candidate;
  });
  if (!best || best.fpir > maxFpir || best.fusedScore < minScore) return null;
  return {
    identity: best.identity,
    score: best.fusedScore,
    fmr: best.fmr,
    fpir: best.fpir,
    gallerySize: result.gallerySize,
  };
}
