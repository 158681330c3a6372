import { ANGLE_UNITS as UNITS_PER_TURN } from "./angles.js";
import { MATCHER_PARAMETERS } from "./matcher-parameters.js";
import type { PreparedTemplate } from "./prepared-template.js";

const P = MATCHER_PARAMETERS;
// A module-local copy: hot code must not read import bindings (tsx compiles them to getters).
const ANGLE_UNITS = UNITS_PER_TURN;
const LENGTH_BIN = P.maxDistanceError;
const LENGTH_BINS = Math.ceil(P.maxEdgeLength / LENGTH_BIN) + 2;
/** Bins at least as wide as the tolerance, so a tolerance window spans at most three bins per axis. */
const ANGLE_BINS = Math.floor(ANGLE_UNITS / P.maxAngleError);
export const EDGE_HASH_BINS = LENGTH_BINS * ANGLE_BINS * ANGLE_BINS;

/**
 * Parts of an edge's bucket key by whole length and by unit angle, so a key is three table reads
 * instead of a division per axis (floor(floor(l) / bin) = floor(l / bin) for l ≥ 0). Edges are at most
 * maxEdgeLength < 256 long.
 */
const LENGTH_PART = Int32Array.from(
  { length: 256 },
  (_, l) => Math.min(LENGTH_BINS - 1, Math.floor(l / LENGTH_BIN)) * ANGLE_BINS * ANGLE_BINS,
);
const FROM_PART = Int32Array.from(
  { length: ANGLE_UNITS },
  (_, a) => (((a * ANGLE_BINS) / ANGLE_UNITS) | 0) * ANGLE_BINS,
);
const TO_PART = Int32Array.from({ length: ANGLE_UNITS }, (_, a) => ((a * ANGLE_BINS) / ANGLE_UNITS) | 0);

export function edgeHashKey(length: number, fromAngle: number, toAngle: number): number {
  return LENGTH_PART[length | 0]! + FROM_PART[fromAngle]! + TO_PART[toAngle]!;
}

/**
 * The probe's edges bucketed by quantised shape. Each probe edge is entered in every bucket its
 * tolerance window touches, so one bucket read per candidate edge finds all compatible probe edges.
 * Built once per probe; the table is a direct-addressed array (no hashing) of
 * LENGTH_BINS × ANGLE_BINS² buckets.
 */
export interface EdgeHash {
  readonly bucketStart: Int32Array;
  /**
   * Per bucket entry, a copy of its probe edge: (from angle, to angle, start minutia, end minutia) one
   * byte each, low byte first, and the length. Copies rather than edge indices, so scanning a bucket
   * reads memory in order.
   */
  readonly entryEdge: Int32Array;
  readonly entryLength: Float32Array;
  /** The entry's probe edge index, so a compatible pair of edges can be revisited when pairings grow. */
  readonly entryIndex: Int16Array;
  /** Entries of the fullest bucket: a bound on what one lookup can find. */
  readonly largestBucket: number;
}

export function buildEdgeHash(probe: PreparedTemplate): EdgeHash {
  const edgeCount = probe.edgeStart[probe.count]!;
  const edgeSource = new Uint8Array(edgeCount);
  for (let i = 0; i < probe.count; i++) {
    for (let e = probe.edgeStart[i]!; e < probe.edgeStart[i + 1]!; e++) edgeSource[e] = i;
  }
  const counts = new Int32Array(EDGE_HASH_BINS + 1);
  const keys: number[] = [];
  const owners: number[] = [];
  for (let e = 0; e < edgeCount; e++) {
    const length = probe.edgeLength[e]!;
    const from = probe.edgeFromAngle[e]!;
    const to = probe.edgeToAngle[e]!;
    const l0 = Math.max(0, Math.floor((length - P.maxDistanceError) / LENGTH_BIN));
    const l1 = Math.min(LENGTH_BINS - 1, Math.floor((length + P.maxDistanceError) / LENGTH_BIN));
    const f0 = angleBin(from - P.maxAngleError);
    const f1 = angleBin(from + P.maxAngleError);
    const t0 = angleBin(to - P.maxAngleError);
    const t1 = angleBin(to + P.maxAngleError);
    for (let l = l0; l <= l1; l++) {
      for (let f = f0; f <= f1; f++) {
        for (let t = t0; t <= t1; t++) {
          const key = (l * ANGLE_BINS + (f % ANGLE_BINS)) * ANGLE_BINS + (t % ANGLE_BINS);
          counts[key + 1]!++;
          keys.push(key);
          owners.push(e);
        }
      }
    }
  }
  let largestBucket = 0;
  for (let b = 0; b < EDGE_HASH_BINS; b++) {
    largestBucket = Math.max(largestBucket, counts[b + 1]!);
    counts[b + 1]! += counts[b]!;
  }
  const fill = counts.slice(0, EDGE_HASH_BINS);
  const entryEdge = new Int32Array(keys.length);
  const entryLength = new Float32Array(keys.length);
  const entryIndex = new Int16Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const e = owners[i]!;
    const at = fill[keys[i]!]!++;
    entryEdge[at] =
      probe.edgeFromAngle[e]! |
      (probe.edgeToAngle[e]! << 8) |
      (edgeSource[e]! << 16) |
      (probe.edgeTarget[e]! << 24);
    entryLength[at] = probe.edgeLength[e]!;
    entryIndex[at] = e;
  }
  return { bucketStart: counts, entryEdge, entryLength, entryIndex, largestBucket };
}

/** Bin of a unit angle shifted by one turn so windows crossing zero stay ordered (taken mod ANGLE_BINS). */
function angleBin(units: number): number {
  return (((units + ANGLE_UNITS) * ANGLE_BINS) / ANGLE_UNITS) | 0;
}
