import { FingerprintMatcher } from "../matcher/fingerprint-matcher.js";
import { type PreparedTemplate, prepareTemplate } from "../matcher/prepared-template.js";
import type { FingerprintTemplate } from "../minutia.js";
import { computeErrorRates, type ErrorRates } from "./error-rates.js";

/** One impression of one finger in an FVC-style database (file `FFF_I.ext`: finger FFF, impression I). */
export interface FvcSample {
  readonly finger: string;
  readonly impression: number;
  /** Name used in score files, e.g. the image path relative to the evaluated directory. */
  readonly name: string;
  readonly template: FingerprintTemplate;
}

export interface ScoredPair {
  readonly a: string;
  readonly b: string;
  readonly score: number;
  readonly genuine: boolean;
}

export interface FvcResult {
  /** Genuine = every impression pair of a finger; impostor = every pair of different fingers. */
  readonly all: ErrorRates;
  /** The classic FVC impostor set: first impressions of different fingers only. */
  readonly classic: ErrorRates;
  readonly pairs: readonly ScoredPair[];
  /** Wall time of the comparisons alone, milliseconds. */
  readonly compareMs: number;
}

/**
 * Runs the FVC protocol inside one database: every unordered pair of samples is compared once, the
 * sample that comes first (finger, then impression order) acting as probe.
 */
export function runFvcProtocol(samples: readonly FvcSample[]): FvcResult {
  const ordered = [...samples].sort((x, y) =>
    x.finger === y.finger ? x.impression - y.impression : x.finger < y.finger ? -1 : 1,
  );
  const prepared: PreparedTemplate[] = ordered.map((s) => prepareTemplate(s.template));
  const firstImpression = new Map<string, number>();
  for (const s of ordered)
    firstImpression.set(s.finger, Math.min(firstImpression.get(s.finger) ?? Infinity, s.impression));
  const genuine: number[] = [];
  const impostor: number[] = [];
  const classic: number[] = [];
  const pairs: ScoredPair[] = [];
  const started = performance.now();
  for (let i = 0; i < ordered.length; i++) {
    const matcher = new FingerprintMatcher(prepared[i]!);
    const a = ordered[i]!;
    for (let j = i + 1; j < ordered.length; j++) {
      const b = ordered[j]!;
      const score = matcher.compare(prepared[j]!);
      const isGenuine = a.finger === b.finger;
      pairs.push({ a: a.name, b: b.name, score, genuine: isGenuine });
      if (isGenuine) genuine.push(score);
      else {
        impostor.push(score);
        if (
          a.impression === firstImpression.get(a.finger) &&
          b.impression === firstImpression.get(b.finger)
        ) {
          classic.push(score);
        }
      }
    }
  }
  const compareMs = performance.now() - started;
  return {
    all: computeErrorRates(genuine, impostor),
    classic: computeErrorRates(genuine, classic),
    pairs,
    compareMs,
  };
}
