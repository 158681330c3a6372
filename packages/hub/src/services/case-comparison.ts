import {
  type Alignment,
  calibratedFmr,
  FingerprintMatcher,
  type FingerprintTemplate,
  fpirForFmr,
  fusedFmr,
  type MinutiaType,
  readTenprintTemplate,
} from "@tenprint/afis";
import { parseTransaction } from "@tenprint/nist";
import type { Kysely } from "kysely";
import type { MatchEvidence } from "../domain/domain-effects.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage } from "../storage/hub-storage.js";
import { submissionStateOf } from "../storage/submission-state-record.js";
import { ProbeCache } from "./submission-probe.js";

/** A minutia in the engine's 500 ppi frame (afis `minutia.ts`), as the overlay draws it. */
export interface DrawnMinutia {
  readonly x: number;
  readonly y: number;
  /** Radians counter-clockwise from +x as seen on screen. */
  readonly direction: number;
  readonly type: MinutiaType;
}

/** One side of a finger comparison: the template's frame and minutiae. */
export interface ComparedTemplate {
  /** Size of the impression in pixels at 500 ppi: the frame the minutiae are in. */
  readonly width: number;
  readonly height: number;
  readonly minutiae: readonly DrawnMinutia[];
}

export interface FingerComparison {
  readonly position: number;
  readonly booking: ComparedTemplate | null;
  readonly candidate: ComparedTemplate | null;
  /** Matcher score; 0 when a side is missing. */
  readonly score: number;
  /** Estimated false-match rate of this finger's score (an upper bound when `extrapolated`). */
  readonly fmr: number;
  /** The score lies beyond the calibrated range: `fmr` is the calibration's floor, a bound. */
  readonly extrapolated: boolean;
  /** Paired minutiae: indices into `booking.minutiae` and `candidate.minutiae`. */
  readonly pairs: readonly { readonly booking: number; readonly candidate: number }[];
  readonly supportedEdges: number;
  /** The rigid motion carrying candidate minutiae onto their booking partners, null under two pairs. */
  readonly alignment: Alignment | null;
}

/**
 * Why the IDENT search named this candidate, finger by finger: the matcher's explanation
 * (`FingerprintMatcher.explain`, afis `MatchExplanation`) of each booking print against the candidate's
 * enrolled print of the same position, calibrated and fused the way the search fuses them.
 */
export interface CaseComparison {
  readonly transactionId: string;
  readonly identity: string;
  /** IDENT's size when it was searched: the N of the FPIR. */
  readonly gallerySize: number;
  readonly fingers: readonly FingerComparison[];
  readonly fused: {
    readonly fmr: number;
    readonly fpir: number;
    /** Some finger scored beyond the calibrated range: both rates are upper bounds. */
    readonly extrapolated: boolean;
    readonly fingersCompared: number;
  };
  /** What the search recorded when it decided (score, FMR, FPIR). */
  readonly search: MatchEvidence;
}

const CACHED_COMPARISONS = 64;

function compared(template: FingerprintTemplate): ComparedTemplate {
  return {
    width: template.width,
    height: template.height,
    minutiae: template.minutiae.map(({ x, y, direction, type }) => ({ x, y, direction, type })),
  };
}

/**
 * Explains IDENT matches for the LESC case page. The booking's probe comes from the same ProbeCache as the
 * searches (extraction on the pool's threads, and no second extraction for a recent booking); results are
 * kept for the most recent cases, since an analyst's page asks once per case.
 */
export class CaseComparisons {
  readonly #db: Kysely<HubDatabase>;
  readonly #probes: ProbeCache;
  readonly #cache = new Map<string, Promise<CaseComparison | undefined>>();

  constructor(db: Kysely<HubDatabase>, options: { probes?: ProbeCache } = {}) {
    this.#db = db;
    this.#probes = options.probes ?? new ProbeCache();
  }

  /** undefined when the booking has no IDENT match to explain. */
  compare(transactionId: string): Promise<CaseComparison | undefined> {
    const cached = this.#cache.get(transactionId);
    if (cached) return cached;
    const comparison = this.#compare(transactionId);
    this.#cache.set(transactionId, comparison);
    comparison.catch(() => this.#cache.delete(transactionId));
    if (this.#cache.size > CACHED_COMPARISONS) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    return comparison;
  }

  async #compare(transactionId: string): Promise<CaseComparison | undefined> {
    const storage = createHubStorage(this.#db);
    const [stored, bytes] = await Promise.all([
      storage.transactions.get(transactionId),
      storage.transactions.getRequest(transactionId),
    ]);
    const match = (stored && submissionStateOf(stored))?.identMatch;
    if (!stored || !match || !bytes) return undefined;
    const [probe, enrolled] = await Promise.all([
      this.#probes.probe(transactionId, parseTransaction(bytes)),
      storage.gallery.forIdentity("ident", match.identity),
    ]);
    const candidates = new Map(enrolled.map((row) => [row.position, readTenprintTemplate(row.template)]));
    const probes = new Map(probe.map((finger) => [finger.position, finger.template]));
    const positions = [...new Set([...probes.keys(), ...candidates.keys()])].sort((a, b) => a - b);
    const fingers = positions.map((position) =>
      compareFinger(position, probes.get(position), candidates.get(position)),
    );
    const scored = fingers.filter((finger) => finger.booking && finger.candidate);
    const fmr = fusedFmr(scored.map((finger) => finger.fmr));
    return {
      transactionId,
      identity: match.identity,
      gallerySize: match.gallerySize,
      fingers,
      fused: {
        fmr,
        fpir: fpirForFmr(fmr, match.gallerySize),
        extrapolated: scored.some((finger) => finger.extrapolated),
        fingersCompared: scored.length,
      },
      search: match,
    };
  }
}

function compareFinger(
  position: number,
  booking: FingerprintTemplate | undefined,
  candidate: FingerprintTemplate | undefined,
): FingerComparison {
  if (!booking || !candidate)
    return {
      position,
      booking: booking ? compared(booking) : null,
      candidate: candidate ? compared(candidate) : null,
      score: 0,
      fmr: 1,
      extrapolated: false,
      pairs: [],
      supportedEdges: 0,
      alignment: null,
    };
  const explanation = new FingerprintMatcher(booking).explain(candidate);
  return {
    position,
    booking: compared(booking),
    candidate: compared(candidate),
    score: explanation.score,
    ...calibratedFmr(explanation.score),
    pairs: explanation.pairs.map((pair) => ({ booking: pair.probe, candidate: pair.candidate })),
    supportedEdges: explanation.supportedEdges,
    alignment: explanation.alignment,
  };
}
