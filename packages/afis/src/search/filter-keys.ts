import type { PreparedTemplate } from "../matcher/prepared-template.js";
import { SEARCH_PARAMETERS } from "./search-parameters.js";

/**
 * The first-stage filter describes a finger by the set of its quantised local edge shapes (edge
 * length + the two minutia angles relative to the edge, 15 bits), an alignment-free "bag of edges".
 * The gallery side stores each edge's exact key (2 bytes); the probe side sets, in a 32 Kbit bitmap,
 * every key within one bin of its edges, so quantisation borders do not lose matches. A gallery
 * finger's filter score is how many of its keys hit the probe bitmap, standardised against the hits an
 * unrelated probe is expected to give that finger (the gallery's sampled key hit rates).
 */
const S = SEARCH_PARAMETERS;
export const FILTER_KEY_SPACE = S.keyLengthBins * S.keyAngleBins * S.keyAngleBins;
export const FILTER_BITMAP_BYTES = FILTER_KEY_SPACE / 8;
const ANGLE_SHIFT = 8 - Math.log2(S.keyAngleBins);

function lengthBin(length: number): number {
  return Math.min(S.keyLengthBins - 1, Math.floor(length / S.keyLengthBin));
}

/** A gallery-side key: edge length and the two minutia angles relative to the edge (1/256 turns). */
export function filterKey(length: number, fromAngle: number, toAngle: number): number {
  return (
    (lengthBin(length) * S.keyAngleBins + (fromAngle >> ANGLE_SHIFT)) * S.keyAngleBins +
    (toAngle >> ANGLE_SHIFT)
  );
}

export interface ProbeBitmap {
  readonly bits: Uint8Array;
  /** Share of the key space set; an unrelated finger's key hits with about this probability. */
  readonly density: number;
}

export function buildProbeBitmap(t: PreparedTemplate): ProbeBitmap {
  const bits = new Uint8Array(FILTER_BITMAP_BYTES);
  const A = S.keyAngleBins;
  for (let i = 0; i < t.count; i++) {
    const end = Math.min(t.edgeStart[i + 1]!, t.edgeStart[i]! + S.probeKeyNeighbors);
    for (let e = t.edgeStart[i]!; e < end; e++) {
      const l = lengthBin(t.edgeLength[e]!);
      const f = t.edgeFromAngle[e]! >> ANGLE_SHIFT;
      const to = t.edgeToAngle[e]! >> ANGLE_SHIFT;
      for (let dl = -1; dl <= 1; dl++) {
        const ll = l + dl;
        if (ll < 0 || ll >= S.keyLengthBins) continue;
        for (let df = -1; df <= 1; df++) {
          const ff = (f + df + A) % A;
          for (let dt = -1; dt <= 1; dt++) {
            const key = (ll * A + ff) * A + ((to + dt + A) % A);
            bits[key >> 3]! |= 1 << (key & 7);
          }
        }
      }
    }
  }
  let set = 0;
  for (const byte of bits) {
    let b = byte;
    while (b) {
      b &= b - 1;
      set++;
    }
  }
  return { bits, density: set / FILTER_KEY_SPACE };
}
