import type { FingerprintTemplate } from "../minutia.js";
import { UNIT_ANGLE_DISTANCE } from "./angles.js";
import { buildEdgeHash, type EdgeHash, edgeHashKey } from "./edge-hash.js";
import { MATCHER_PARAMETERS } from "./matcher-parameters.js";
import { createPreparedTemplate, type PreparedTemplate, prepareTemplate } from "./prepared-template.js";

const P = MATCHER_PARAMETERS;
const S = P.score;
// Module-local copies: the hot loops must not go through import bindings (tsx turns them into getters).
const ANGLE_DISTANCE = UNIT_ANGLE_DISTANCE;
const MAX_DISTANCE_ERROR = P.maxDistanceError;
const MAX_ANGLE_ERROR = P.maxAngleError;
/** WITHIN_ANGLE_ERROR[(a − b) & 255] = 1 where two unit angles are within the tolerance, else 0. */
const WITHIN_ANGLE_ERROR = Uint8Array.from(ANGLE_DISTANCE, (d) => +(d <= MAX_ANGLE_ERROR));
const hashKey = edgeHashKey;

/** One probe minutia paired with one candidate minutia (indices into the source templates). */
export interface MinutiaPair {
  readonly probe: number;
  readonly candidate: number;
}

/**
 * The rigid motion that best carries candidate minutiae onto their probe partners (least squares):
 * rotate the candidate by `rotation` radians counter-clockwise as seen on screen about the origin,
 * then move it by (dx, dy) pixels.
 */
export interface Alignment {
  readonly rotation: number;
  readonly dx: number;
  readonly dy: number;
}

export interface MatchExplanation {
  readonly score: number;
  readonly pairs: readonly MinutiaPair[];
  /** Edges between paired minutiae that agree in both prints, beyond those that grew the pairing. */
  readonly supportedEdges: number;
  readonly alignment: Alignment | null;
}

/** Compatible edge pairs as support collection finds them: starting minutia pair, and the two edges. */
interface FoundEdges {
  key: Int32Array<ArrayBuffer>;
  edges: Int32Array<ArrayBuffer>;
}

interface Pairing {
  score: number;
  count: number;
  supported: number;
}

/**
 * Compares one probe against any number of candidates. The probe is indexed once (edge hash of its
 * local edges); each comparison then
 *  1. looks every candidate edge up in the probe's edge hash and counts, per minutia pair, how many
 *     compatible edges touch it (local-structure similarity), keeping the compatible edge pairs;
 *  2. takes the best-supported minutia pairs as roots and grows a pairing from each along those
 *     compatible edges, breadth first (tolerates skin distortion because only local geometry is
 *     compared);
 *  3. scores the best pairing by pair count, fraction of both templates paired, supporting edges, type
 *     agreement and geometric accuracy.
 * Scores are ≥ 0, higher = more similar; see calibration.ts to turn them into false-match rates.
 */
export class FingerprintMatcher {
  readonly probe: PreparedTemplate;
  private readonly hash: EdgeHash;
  private readonly scratch = createPreparedTemplate();
  private readonly support: Uint16Array;
  private readonly touched: Int32Array;
  /**
   * The compatible edge pairs found while collecting support, grouped by the minutia pair they start
   * from: group k is compatible[groupStart[k] … groupEnd[k] − 1], each (probe edge << 16 | candidate
   * edge), ascending. Growth then visits only these instead of trying every edge against every edge.
   */
  private readonly outgoing: Uint16Array;
  private readonly groupStart: Int32Array;
  private readonly groupEnd: Int32Array;
  private found: FoundEdges = { key: new Int32Array(1024), edges: new Int32Array(1024) };
  private compatible = new Int32Array(1024);
  private readonly rootOrder: Int32Array;
  private readonly probeToCandidate: Int16Array;
  private readonly candidateToProbe: Int16Array;
  private readonly queue: Int32Array;
  private readonly best: { probe: Int16Array; candidate: Int16Array; count: number; supported: number };
  /** coveredBy[pair] = generation of the comparison whose pairings included the pair. */
  private readonly coveredBy: Uint32Array;
  private generation = 0;
  private foundCount = 0;
  /** The pairing grown last; reused so that a comparison allocates nothing. */
  private readonly pairing: Pairing = { score: 0, count: 0, supported: 0 };

  constructor(probe: FingerprintTemplate | PreparedTemplate) {
    this.probe = "minutiae" in probe ? prepareTemplate(probe, createPreparedTemplate()) : probe;
    this.hash = buildEdgeHash(this.probe);
    const capacity = P.maxMinutiae;
    this.support = new Uint16Array(capacity * capacity);
    this.touched = new Int32Array(capacity * capacity);
    this.outgoing = new Uint16Array(capacity * capacity);
    this.groupStart = new Int32Array(capacity * capacity);
    this.groupEnd = new Int32Array(capacity * capacity);
    this.rootOrder = new Int32Array(capacity * capacity);
    this.probeToCandidate = new Int16Array(capacity).fill(-1);
    this.candidateToProbe = new Int16Array(capacity).fill(-1);
    this.queue = new Int32Array(capacity);
    this.coveredBy = new Uint32Array(capacity * capacity);
    this.best = {
      probe: new Int16Array(capacity),
      candidate: new Int16Array(capacity),
      count: 0,
      supported: 0,
    };
  }

  /** Similarity score of the candidate to the probe. */
  compare(candidate: FingerprintTemplate | PreparedTemplate): number {
    const prepared = "minutiae" in candidate ? prepareTemplate(candidate, this.scratch) : candidate;
    return this.run(prepared, false);
  }

  /** The score plus the paired minutiae and the alignment, for display. */
  explain(candidate: FingerprintTemplate | PreparedTemplate): MatchExplanation {
    const prepared =
      "minutiae" in candidate ? prepareTemplate(candidate, createPreparedTemplate()) : candidate;
    const score = this.run(prepared, true);
    const pairs: MinutiaPair[] = [];
    for (let i = 0; i < this.best.count; i++) {
      pairs.push({
        probe: this.probe.source[this.best.probe[i]!]!,
        candidate: prepared.source[this.best.candidate[i]!]!,
      });
    }
    return {
      score,
      pairs,
      supportedEdges: this.best.supported,
      alignment: alignPairs(this.probe, prepared, this.best.probe, this.best.candidate, this.best.count),
    };
  }

  private run(candidate: PreparedTemplate, keep: boolean): number {
    const probe = this.probe;
    const np = probe.count;
    const nc = candidate.count;
    this.best.count = 0;
    this.best.supported = 0;
    if (np < P.minPairs || nc < P.minPairs) return 0;
    const touchedCount = this.collectSupport(candidate);
    const roots = this.rankRoots(touchedCount);
    if (roots > 0) this.groupCompatible(touchedCount);
    let bestScore = 0;
    const covered = ++this.generation;
    for (let r = 0; r < roots; r++) {
      const key = this.rootOrder[r]!;
      // A root already inside an earlier pairing would mostly regrow that pairing.
      if (this.coveredBy[key] === covered) continue;
      const pairing = this.grow(candidate, Math.floor(key / nc), key % nc);
      for (let i = 0; i < pairing.count; i++) {
        const p = this.queue[i]!;
        this.coveredBy[p * nc + this.probeToCandidate[p]!] = covered;
      }
      if (pairing.score > bestScore) {
        bestScore = pairing.score;
        if (keep) this.keepPairing(pairing);
      }
    }
    for (let i = 0; i < touchedCount; i++) this.support[this.touched[i]!] = 0;
    return bestScore;
  }

  /**
   * Counts compatible edges per minutia pair, and records each compatible pair of edges under the pair
   * it starts from (see groupCompatible); returns how many minutia pairs got any support.
   */
  private collectSupport(candidate: PreparedTemplate): number {
    const nc = candidate.count;
    const { bucketStart, entryEdge, entryLength, entryIndex, largestBucket } = this.hash;
    const support = this.support;
    const touchedPairs = this.touched;
    let foundKey = this.found.key;
    let foundEdges = this.found.edges;
    let found = 0;
    let touched = 0;
    for (let a = 0; a < nc; a++) {
      const firstEdge = candidate.edgeStart[a]!;
      const lastEdge = candidate.edgeStart[a + 1]!;
      // Room for what this minutia's edges can find, checked once per minutia rather than per edge.
      const room = found + (lastEdge - firstEdge) * largestBucket;
      if (room >= foundKey.length) {
        this.found = grownFound(this.found, room + 1);
        foundKey = this.found.key;
        foundEdges = this.found.edges;
      }
      for (let ce = firstEdge; ce < lastEdge; ce++) {
        const length = candidate.edgeLength[ce]!;
        const from = candidate.edgeFromAngle[ce]!;
        const to = candidate.edgeToAngle[ce]!;
        const b = candidate.edgeTarget[ce]!;
        const key = hashKey(length, from, to);
        const start = bucketStart[key]!;
        const end = bucketStart[key + 1]!;
        // Branch-free: about two thirds of a bucket's entries fail the tolerances, in no predictable
        // pattern, so a mispredicted branch would cost more than the stores made with `ok` = 0.
        for (let i = start; i < end; i++) {
          const edge = entryEdge[i]!;
          const ok =
            +(Math.abs(entryLength[i]! - length) <= MAX_DISTANCE_ERROR) &
            WITHIN_ANGLE_ERROR[((edge & 255) - from) & 255]! &
            WITHIN_ANGLE_ERROR[(((edge >> 8) & 255) - to) & 255]!;
          const k1 = ((edge >> 16) & 255) * nc + a;
          const s1 = support[k1]!;
          support[k1] = s1 + ok;
          foundKey[found] = k1;
          foundEdges[found] = (entryIndex[i]! << 16) | ce;
          found += ok;
          touchedPairs[touched] = k1;
          touched += ok & +(s1 === 0);
          const k2 = (edge >>> 24) * nc + b;
          const s2 = support[k2]!;
          support[k2] = s2 + ok;
          touchedPairs[touched] = k2;
          touched += ok & +(s2 === 0);
        }
      }
    }
    this.foundCount = found;
    return touched;
  }

  /**
   * Sorts the recorded compatible edge pairs into one group per starting minutia pair, in the order
   * growth would meet them (probe edge, then candidate edge), so growing from a pair visits exactly
   * the candidate edges that pass the tolerances, as a scan of all of them would find them.
   */
  private groupCompatible(touchedCount: number): void {
    const { groupStart, groupEnd, outgoing, touched } = this;
    const { key, edges } = this.found;
    for (let f = 0; f < this.foundCount; f++) outgoing[key[f]!]!++;
    let offset = 0;
    for (let i = 0; i < touchedCount; i++) {
      const k = touched[i]!;
      groupStart[k] = offset;
      groupEnd[k] = offset;
      offset += outgoing[k]!;
      outgoing[k] = 0;
    }
    if (offset > this.compatible.length)
      this.compatible = new Int32Array(Math.max(offset, this.compatible.length * 2));
    const compatible = this.compatible;
    for (let f = 0; f < this.foundCount; f++) {
      const k = key[f]!;
      const value = edges[f]!;
      const first = groupStart[k]!;
      let at = groupEnd[k]!++;
      while (at > first && compatible[at - 1]! > value) {
        compatible[at] = compatible[at - 1]!;
        at--;
      }
      compatible[at] = value;
    }
  }

  /** Puts the best-supported pairs first in rootOrder; returns how many qualify as roots. */
  private rankRoots(touchedCount: number): number {
    const support = this.support;
    let roots = 0;
    for (let i = 0; i < touchedCount; i++) {
      const key = this.touched[i]!;
      const s = support[key]!;
      if (s < P.minRootSupport) continue;
      // Insertion into a short sorted prefix: only maxRoots entries are ever kept. Once it is full, a
      // pair must beat the weakest kept root; before, the last entry is a previous comparison's.
      let at: number;
      if (roots < P.maxRoots) at = roots++;
      else if (support[this.rootOrder[P.maxRoots - 1]!]! >= s) continue;
      else at = P.maxRoots - 1;
      while (at > 0 && support[this.rootOrder[at - 1]!]! < s) {
        this.rootOrder[at] = this.rootOrder[at - 1]!;
        at--;
      }
      this.rootOrder[at] = key;
    }
    return roots;
  }

  /** Grows a pairing breadth-first from one root pair and scores it. */
  private grow(candidate: PreparedTemplate, rootProbe: number, rootCandidate: number): Pairing {
    const probe = this.probe;
    const p2c = this.probeToCandidate;
    const c2p = this.candidateToProbe;
    const queue = this.queue;
    const nc = candidate.count;
    const compatible = this.compatible;
    // Only the previous pairing's entries are set: clearing them is cheaper than clearing all.
    for (let i = 0; i < this.pairing.count; i++) {
      const p = queue[i]!;
      c2p[p2c[p]!] = -1;
      p2c[p] = -1;
    }
    let head = 0;
    let tail = 0;
    p2c[rootProbe] = rootCandidate;
    c2p[rootCandidate] = rootProbe;
    queue[tail++] = rootProbe;
    let supported = 0;
    let typeMatches = 0;
    let distanceErrorSum = 0;
    let angleErrorSum = 0;
    let edgeCount = 0;
    while (head < tail) {
      const p = queue[head++]!;
      const a = p2c[p]!;
      if (probe.type[p] !== 0 && probe.type[p] === candidate.type[a]) typeMatches++;
      const groupEnd = this.groupEnd[p * nc + a]!;
      for (let g = this.groupStart[p * nc + a]!; g < groupEnd; ) {
        const pe = compatible[g]! >> 16;
        const q = probe.edgeTarget[pe]!;
        const length = probe.edgeLength[pe]!;
        const from = probe.edgeFromAngle[pe]!;
        const to = probe.edgeToAngle[pe]!;
        const partner = p2c[q]!;
        let bestEdge = -1;
        let bestError = 3;
        let bestDistance = 0;
        let bestAngle = 0;
        // Every candidate edge of the group is within the tolerances of this probe edge.
        for (; g < groupEnd && compatible[g]! >> 16 === pe; g++) {
          const ce = compatible[g]! & 0xffff;
          const b = candidate.edgeTarget[ce]!;
          if (partner >= 0 ? b !== partner : c2p[b]! >= 0) continue;
          const dl = Math.abs(candidate.edgeLength[ce]! - length);
          const df = ANGLE_DISTANCE[(candidate.edgeFromAngle[ce]! - from) & 255]!;
          const dt = ANGLE_DISTANCE[(candidate.edgeToAngle[ce]! - to) & 255]!;
          const error = dl / MAX_DISTANCE_ERROR + (df + dt) / (2 * MAX_ANGLE_ERROR);
          if (error < bestError) {
            bestError = error;
            bestEdge = ce;
            bestDistance = dl;
            bestAngle = (df + dt) / 2;
          }
        }
        if (bestEdge < 0) continue;
        distanceErrorSum += bestDistance;
        angleErrorSum += bestAngle;
        edgeCount++;
        if (partner >= 0) {
          supported++;
          continue;
        }
        const b = candidate.edgeTarget[bestEdge]!;
        p2c[q] = b;
        c2p[b] = q;
        queue[tail++] = q;
      }
    }
    const pairing = this.pairing;
    pairing.score = this.scorePairing(
      tail,
      supported,
      typeMatches,
      candidate.count,
      distanceErrorSum / Math.max(1, edgeCount),
      angleErrorSum / Math.max(1, edgeCount),
    );
    pairing.count = tail;
    pairing.supported = supported;
    return pairing;
  }

  private scorePairing(
    count: number,
    supported: number,
    typeMatches: number,
    candidateCount: number,
    meanDistanceError: number,
    meanAngleError: number,
  ): number {
    if (count < P.minPairs) return 0;
    const fraction = (count / this.probe.count + count / candidateCount) / 2;
    const distanceAccuracy = 1 - meanDistanceError / MAX_DISTANCE_ERROR;
    const angleAccuracy = 1 - meanAngleError / MAX_ANGLE_ERROR;
    return (
      S.pair * count +
      S.fraction * fraction +
      S.supportedEdge * supported +
      S.typeMatch * typeMatches +
      fraction * (S.distanceAccuracy * distanceAccuracy + S.angleAccuracy * angleAccuracy)
    );
  }

  private keepPairing(pairing: Pairing): void {
    const best = this.best;
    best.count = 0;
    best.supported = pairing.supported;
    for (let i = 0; i < pairing.count; i++) {
      const p = this.queue[i]!;
      best.probe[best.count] = p;
      best.candidate[best.count] = this.probeToCandidate[p]!;
      best.count++;
    }
  }
}

/** Room for at least `needed` recorded edge pairs, keeping those recorded so far. */
function grownFound(found: FoundEdges, needed: number): FoundEdges {
  const size = Math.max(needed, found.key.length * 2);
  const key = new Int32Array(size);
  const edges = new Int32Array(size);
  key.set(found.key);
  edges.set(found.edges);
  return { key, edges };
}

/** Least-squares rotation and translation carrying candidate positions onto the paired probe ones. */
function alignPairs(
  probe: PreparedTemplate,
  candidate: PreparedTemplate,
  probeIndex: Int16Array,
  candidateIndex: Int16Array,
  count: number,
): Alignment | null {
  if (count < 2) return null;
  let pcx = 0;
  let pcy = 0;
  let ccx = 0;
  let ccy = 0;
  for (let i = 0; i < count; i++) {
    pcx += probe.x[probeIndex[i]!]!;
    pcy += probe.y[probeIndex[i]!]!;
    ccx += candidate.x[candidateIndex[i]!]!;
    ccy += candidate.y[candidateIndex[i]!]!;
  }
  pcx /= count;
  pcy /= count;
  ccx /= count;
  ccy /= count;
  let dot = 0;
  let cross = 0;
  for (let i = 0; i < count; i++) {
    // Work with y pointing up so the angle is counter-clockwise on screen.
    const ux = candidate.x[candidateIndex[i]!]! - ccx;
    const uy = -(candidate.y[candidateIndex[i]!]! - ccy);
    const vx = probe.x[probeIndex[i]!]! - pcx;
    const vy = -(probe.y[probeIndex[i]!]! - pcy);
    dot += ux * vx + uy * vy;
    cross += ux * vy - uy * vx;
  }
  const rotation = Math.atan2(cross, dot);
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  // Rotating (x, y) counter-clockwise on screen with y down: x' = x cos + y sin, y' = −x sin + y cos.
  const rx = ccx * cos + ccy * sin;
  const ry = -ccx * sin + ccy * cos;
  return { rotation: rotation < 0 ? rotation + 2 * Math.PI : rotation, dx: pcx - rx, dy: pcy - ry };
}
