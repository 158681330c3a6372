import { FILTER_KEY_SPACE } from "./filter-keys.js";
import { type GalleryArrays, KEY_STRIDE } from "./gallery-store.js";

/**
 * An inverted index over the filter keys: per finger position, per key, the fingers (as indices into
 * that position's slot list) that hold the key, once per occurrence, in ascending order. The filter then
 * reads only the posting lists of the keys a probe bitmap sets, instead of every key of every finger:
 * the same hits, because a finger's score is a sum over its keys of the probe table's weight, and the
 * sum is exact in either order while `weightsSumExactly` holds (and so is a finger's total weight less
 * the weights of the keys the probe lacks, which is how the filter reads it when that is fewer postings). Built from a snapshot of the gallery;
 * fingers enrolled later (or in a reused slot) are not in it (`indexed` is 0) and are filtered by the
 * scan until the next build. Everything is in shared memory, so search workers read it without copying.
 */
export interface FilterIndex {
  /** Per slot below `indexed.length`: 1 while the slot's finger is the one the index holds. */
  readonly indexed: Uint8Array;
  /** The key weights `PositionIndex.totals` were summed with (shared copy; see weighIndex). */
  weights: Float32Array;
  /** Index 1–10 per finger position (0 unused). */
  readonly positions: readonly (PositionIndex | undefined)[];
  /** Postings held: the index's size in 4-byte entries. */
  readonly postings: number;
}

export interface PositionIndex {
  /** Local index → slot. */
  readonly slots: Int32Array;
  /** Key k's postings are postings[offsets[k] … offsets[k + 1] − 1]. */
  readonly offsets: Int32Array;
  /** Local indices, ascending within each key. */
  readonly postings: Int32Array;
  /**
   * Per local index, the sum of the finger's key weights: a finger's hits are also this total less the
   * weights of its keys the probe lacks, which reads fewer postings when the probe sets the common keys.
   */
  readonly totals: Float64Array;
  /**
   * Per part boundary b (1 … parts − 1 of the `parts` the index was built for), per key, the first
   * posting whose local index is at least floor(n · b / parts): where part b starts reading each key's
   * list, which otherwise costs a binary search per key and search.
   */
  readonly partStarts: readonly Int32Array[];
}

const shared32 = (length: number) =>
  new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);

/**
 * Indexes the live fingers in slots [0, used), with each key's start for the parts of `parts` that
 * filterIndexed will read (the search workers' count).
 */
export function buildFilterIndex(g: GalleryArrays, used: number, parts = 1): FilterIndex {
  const indexed = new Uint8Array(new SharedArrayBuffer(Math.max(1, used)), 0, used);
  const slotCount = new Int32Array(11);
  const offsets: Int32Array[] = [];
  for (let p = 0; p <= 10; p++) offsets.push(shared32(FILTER_KEY_SPACE + 1));
  for (let slot = 0; slot < used; slot++) {
    const p = g.position[slot]!;
    if (p === 0) continue;
    slotCount[p]!++;
    const o = offsets[p]!;
    const base = slot * KEY_STRIDE;
    const count = g.keyCount[slot]!;
    for (let k = 0; k < count; k++) o[g.keys[base + k]! + 1]!++;
  }
  const positions: (PositionIndex | undefined)[] = [undefined];
  const cursors: Int32Array[] = [new Int32Array(0)];
  let total = 0;
  for (let p = 1; p <= 10; p++) {
    const o = offsets[p]!;
    for (let k = 0; k < FILTER_KEY_SPACE; k++) o[k + 1]! += o[k]!;
    total += o[FILTER_KEY_SPACE]!;
    positions.push({
      slots: shared32(slotCount[p]!),
      offsets: o,
      postings: shared32(o[FILTER_KEY_SPACE]!),
      totals: new Float64Array(new SharedArrayBuffer(Math.max(1, slotCount[p]!) * 8), 0, slotCount[p]!),
      partStarts: Array.from({ length: Math.max(0, parts - 1) }, () => shared32(FILTER_KEY_SPACE)),
    });
    cursors.push(o.slice(0, FILTER_KEY_SPACE));
  }
  const next = new Int32Array(11);
  for (let slot = 0; slot < used; slot++) {
    const p = g.position[slot]!;
    if (p === 0) continue;
    const index = positions[p]!;
    const local = next[p]!++;
    index.slots[local] = slot;
    const cursor = cursors[p]!;
    // Postings are written in ascending local order, so when a part's first finger comes, every key's
    // cursor is where that part starts reading the key.
    const n = slotCount[p]!;
    for (let b = 1; b < parts; b++)
      if (local === Math.floor((n * b) / parts)) index.partStarts[b - 1]!.set(cursor);
    const base = slot * KEY_STRIDE;
    const count = g.keyCount[slot]!;
    for (let k = 0; k < count; k++) index.postings[cursor[g.keys[base + k]!]!++] = local;
    indexed[slot] = 1;
  }
  return { indexed, positions, postings: total, weights: new Float32Array(0) };
}

/** Sums each indexed finger's key weights under `weights` (after a build and whenever the weights change). */
export function weighIndex(index: FilterIndex, g: GalleryArrays, weights: Float32Array): void {
  if (index.weights.length > 0 && sameWeights(index.weights, weights)) return;
  for (let p = 1; p <= 10; p++) {
    const { slots, totals } = index.positions[p]!;
    for (let local = 0; local < slots.length; local++) {
      const base = slots[local]! * KEY_STRIDE;
      const count = g.keyCount[slots[local]!]!;
      let total = 0;
      for (let k = 0; k < count; k++) total += weights[g.keys[base + k]!]!;
      totals[local] = total;
    }
  }
  const copy = new Float32Array(new SharedArrayBuffer(weights.length * 4));
  copy.set(weights);
  index.weights = copy;
}

function sameWeights(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether every sum of up to KEY_STRIDE of these weights is exact in float64 whatever the order: all
 * non-zero weights are float32, so multiples of 2^(e_min − 23), and a sum stays below
 * KEY_STRIDE · 2^(e_max + 1); it is exact while that spans at most 53 bits.
 */
export function weightsSumExactly(weights: Float32Array): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const w of weights) {
    if (w < 0 || !Number.isFinite(w)) return false;
    if (w === 0) continue;
    if (w < min) min = w;
    if (w > max) max = w;
  }
  if (max === 0) return true;
  const eMin = Math.floor(Math.log2(min));
  const eMax = Math.floor(Math.log2(max));
  return eMax + 1 + Math.ceil(Math.log2(KEY_STRIDE)) - (eMin - 23) <= 53;
}

/** First j in [from, to) with postings[j] ≥ value (postings ascending there). */
export function lowerBound(postings: Int32Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (postings[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
