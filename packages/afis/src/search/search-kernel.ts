import { FingerprintMatcher } from "../matcher/fingerprint-matcher.js";
import { createPreparedTemplate, type PreparedTemplate } from "../matcher/prepared-template.js";
import type { FingerprintTemplate } from "../minutia.js";
import { type FilterIndex, lowerBound, weightsSumExactly } from "./filter-index.js";
import { buildProbeBitmap, FILTER_KEY_SPACE } from "./filter-keys.js";
import { type GalleryArrays, KEY_STRIDE, loadSlot } from "./gallery-store.js";
import { SEARCH_PARAMETERS } from "./search-parameters.js";

/**
 * The work of a search, as pure functions over the gallery arrays, so the same code runs in worker
 * threads and inline. A probe finger at position 0 (unknown) is compared with every position.
 */
export interface ProbeFinger {
  readonly position: number;
  readonly template: FingerprintTemplate;
}

/**
 * The probe side of the filter, per position 0–10. Keys are weighted: keys rare in the gallery say more
 * than common ones (inverse document frequency, log((fingers + 1) / (fingers with the key + 1))).
 */
export interface FilterProbe {
  /** Share of the key space set in the probe bitmap of each position. */
  readonly density: Float64Array;
  readonly present: Uint8Array;
  /** Mean bitmap density of the gallery's key hit rates (GalleryStore.meanDensity). */
  readonly meanDensity: number;
  /**
   * Per present position, the key's weight where the probe bitmap has the key and 0 elsewhere
   * (FILTER_KEY_SPACE entries from `tableStart[position]`, shared memory, so a task posts no copy):
   * one load per gallery key instead of a weight, a bitmap byte and a shift, with the same products,
   * so the same sums.
   */
  readonly table: Float32Array;
  /** Start of each position's table in `table` (−1 when the probe lacks the position). */
  readonly tableStart: Int32Array;
  /**
   * Every sum of a finger's table entries is exact in float64 whatever the order (weightsSumExactly of
   * the weights), so the scan may add them in several independent chains.
   */
  readonly exactSums: boolean;
}

export function buildFilterProbe(
  probe: readonly ProbeFinger[],
  prepared: readonly PreparedTemplate[],
  weights: Float32Array = new Float32Array(FILTER_KEY_SPACE).fill(1),
  meanDensity: number = SEARCH_PARAMETERS.defaultBitmapDensity,
  exactSums: boolean = weightsSumExactly(weights),
): FilterProbe {
  const density = new Float64Array(11);
  const present = new Uint8Array(11);
  const table = new Float32Array(new SharedArrayBuffer(Math.max(1, probe.length) * FILTER_KEY_SPACE * 4));
  const tableStart = new Int32Array(11).fill(-1);
  probe.forEach((finger, i) => {
    const bitmap = buildProbeBitmap(prepared[i]!);
    density[finger.position] = bitmap.density;
    present[finger.position] = 1;
    const start = i * FILTER_KEY_SPACE;
    tableStart[finger.position] = start;
    for (let key = 0; key < FILTER_KEY_SPACE; key++)
      table[start + key] = weights[key]! * ((bitmap.bits[key >> 3]! >> (key & 7)) & 1);
  });
  return { density, present, meanDensity, table, tableStart, exactSums };
}

/**
 * Filter score of every slot in [from, to) into `out`: the weighted count of the finger's keys found
 * in the probe bitmap of its position, as a z-score against what an unrelated probe would give this
 * finger (its stored expected impostor hits and their variance, scaled by the probe bitmap's density
 * against the sampled mean). Slots that are free or whose position the probe lacks get NaN.
 */
export function filterSlots(
  g: GalleryArrays,
  probe: FilterProbe,
  from: number,
  to: number,
  out: Float32Array,
): void {
  for (let slot = from; slot < to; slot++) out[slot] = filterScore(g, probe, slot);
}

/** filterSlots for a list of slots: out[i] is the score of slots[i]. */
export function filterSlotList(
  g: GalleryArrays,
  probe: FilterProbe,
  slots: Int32Array,
  out: Float32Array,
): void {
  for (let i = 0; i < slots.length; i++) out[i] = filterScore(g, probe, slots[i]!);
}

function filterScore(g: GalleryArrays, probe: FilterProbe, slot: number): number {
  const { present, table } = probe;
  const position = g.position[slot]!;
  if (position === 0) return Number.NaN;
  const probePosition = present[position] === 1 ? position : present[0] === 1 ? 0 : -1;
  if (probePosition < 0) return Number.NaN;
  const tableBase = probe.tableStart[probePosition]!;
  const count = g.keyCount[slot]!;
  const base = slot * KEY_STRIDE;
  const keys = g.keys;
  let hits = 0;
  // Branch-free (a key hits or misses at random, which defeats branch prediction); a miss adds the
  // table's 0, as weight × 0 did, so the sum is bit-identical to the bitmap test's.
  if (probe.exactSums) {
    // Four chains of additions instead of one: each addition waits for the one before it in its chain
    // only, so the loop is no longer bound by the float adder's latency. Every partial sum is a sum of
    // some of the finger's weights, exact in float64 (exactSums), so the total is the one the single
    // chain gives, bit for bit.
    let h1 = 0;
    let h2 = 0;
    let h3 = 0;
    const end = base + count;
    let k = base;
    for (; k + 3 < end; k += 4) {
      hits += table[tableBase + keys[k]!]!;
      h1 += table[tableBase + keys[k + 1]!]!;
      h2 += table[tableBase + keys[k + 2]!]!;
      h3 += table[tableBase + keys[k + 3]!]!;
    }
    for (; k < end; k++) hits += table[tableBase + keys[k]!]!;
    hits += h1 + (h2 + h3);
  } else for (let k = 0; k < count; k++) hits += table[tableBase + keys[base + k]!]!;
  return standardise(g, probe, probePosition, slot, hits);
}

/** Filter score of every unindexed slot in `slots` into out[slot] (the scan, for what the index lacks). */
export function filterUnindexed(
  g: GalleryArrays,
  probe: FilterProbe,
  slots: Int32Array,
  out: Float32Array,
): void {
  for (const slot of slots) out[slot] = filterScore(g, probe, slot);
}

function standardise(
  g: GalleryArrays,
  probe: FilterProbe,
  probePosition: number,
  slot: number,
  hits: number,
): number {
  // A denser probe bitmap than the sampled ones hits every key proportionally more often.
  const scale = probe.density[probePosition]! / probe.meanDensity;
  return (hits - scale * g.impostorHits[slot]!) / Math.sqrt(scale * g.impostorHitVariance[slot]! + 1);
}

let hitsBuffer = new Float64Array(0);

/**
 * A reused array of `length` hits for filterIndexed: a fresh one per position and search was
 * ≈ 0.4 MB per worker at 100,000 identities, for the collector to reclaim.
 */
function hitsScratch(length: number): Float64Array {
  if (hitsBuffer.length < length) hitsBuffer = new Float64Array(Math.max(length, 2 * hitsBuffer.length));
  return hitsBuffer.subarray(0, length);
}

/**
 * Filter scores through the inverted index into out[slot], for part `part` of `parts` of every
 * position's indexed fingers (so workers share each position evenly): the posting lists of the keys the
 * probe table weighs are added up per finger. The sums hold the same terms as filterScore's (a missed
 * key adds 0 there), and are exact in any order (weightsSumExactly), so the scores are bit-identical.
 * Only slots the index still holds are written; `out` is expected to hold NaN elsewhere.
 */
export function filterIndexed(
  g: GalleryArrays,
  probe: FilterProbe,
  index: FilterIndex,
  part: number,
  parts: number,
  out: Float32Array,
): void {
  const { present, table } = probe;
  for (let position = 1; position <= 10; position++) {
    const p = index.positions[position];
    if (!p) continue;
    const probePosition = present[position] === 1 ? position : present[0] === 1 ? 0 : -1;
    if (probePosition < 0) continue;
    const n = p.slots.length;
    const from = Math.floor((n * part) / parts);
    const to = Math.floor((n * (part + 1)) / parts);
    if (from === to) continue;
    const tableBase = probe.tableStart[probePosition]!;
    const { offsets, postings } = p;
    const weights = index.weights;
    // Postings of the keys the probe weighs, and of those it lacks (that carry a weight).
    let weighed = 0;
    let lacked = 0;
    for (let key = 0; key < FILTER_KEY_SPACE; key++) {
      const length = offsets[key + 1]! - offsets[key]!;
      if (table[tableBase + key] !== 0) weighed += length;
      else if (weights[key] !== 0) lacked += length;
    }
    const complement = lacked < weighed;
    // Either the sum of the weighed keys' weights, or the finger's total less its lacked keys' weights:
    // both are exact, so equal.
    const hits = hitsScratch(to - from);
    if (complement) hits.set(p.totals.subarray(from, to));
    else hits.fill(0);
    // Where this part starts and ends in each key's list, when the index was built for this many parts
    // (then no posting needs a test against the part's end).
    const bounded = p.partStarts.length === parts - 1;
    const starts = part > 0 && bounded ? p.partStarts[part - 1] : undefined;
    const ends = part < parts - 1 && bounded ? p.partStarts[part] : undefined;
    for (let key = 0; key < FILTER_KEY_SPACE; key++) {
      const t = table[tableBase + key]!;
      let w: number;
      if (complement) {
        if (t !== 0) continue;
        w = -weights[key]!;
      } else w = t;
      if (w === 0) continue;
      const end = offsets[key + 1]!;
      let j =
        from === 0 ? offsets[key]! : starts ? starts[key]! : lowerBound(postings, offsets[key]!, end, from);
      if (bounded) {
        const stop = ends ? ends[key]! : end;
        for (; j < stop; j++) hits[postings[j]! - from]! += w;
        continue;
      }
      for (; j < end; j++) {
        const local = postings[j]!;
        if (local >= to) break;
        hits[local - from]! += w;
      }
    }
    const { indexed } = index;
    for (let local = from; local < to; local++) {
      const slot = p.slots[local]!;
      if (indexed[slot] === 1) out[slot] = standardise(g, probe, probePosition, slot, hits[local - from]!);
    }
  }
}

/** Indexes one probe finger for comparisons (the matcher's construction: its edge hash). */
export type MatcherSource = (finger: ProbeFinger) => FingerprintMatcher;

const buildMatcher: MatcherSource = (finger) => new FingerprintMatcher(finger.template);

/**
 * The probe's matchers by position, each built when first needed: a worker given the slots of two
 * positions indexes two probe fingers, not ten (indexing one is worth several comparisons).
 */
export class ProbeMatchers {
  readonly #probe: (ProbeFinger | undefined)[] = new Array(11).fill(undefined);
  readonly #built: (FingerprintMatcher | undefined)[] = new Array(11).fill(undefined);
  readonly #source: MatcherSource;

  /** `source` builds a finger's matcher (or finds one built for the same template before). */
  constructor(probe: readonly ProbeFinger[], source: MatcherSource = buildMatcher) {
    for (const finger of probe) this.#probe[finger.position] = finger;
    this.#source = source;
  }

  /** The matcher for gallery fingers at `position` (the probe's finger there, else its position 0). */
  at(position: number): FingerprintMatcher | undefined {
    if (position === 0) return undefined;
    const source = this.#probe[position] ? position : this.#probe[0] ? 0 : -1;
    if (source < 0) return undefined;
    this.#built[source] ??= this.#source(this.#probe[source]!);
    return this.#built[source];
  }
}

/** Probe matchers by position, built once per search (lazily, per position). */
export function buildProbeMatchers(
  probe: readonly ProbeFinger[],
  source: MatcherSource = buildMatcher,
): ProbeMatchers {
  return new ProbeMatchers(probe, source);
}

/** Full 1:1 scores of the listed slots against the probe finger of the same position. */
export function matchSlots(
  g: GalleryArrays,
  matchers: ProbeMatchers,
  slots: Int32Array,
  out: Float32Array,
): void {
  const scratch = createPreparedTemplate();
  // Position by position: one probe's edge hash (≈ 170 KB) stays in cache instead of ten taking turns.
  const starts = new Int32Array(12);
  for (let i = 0; i < slots.length; i++) starts[g.position[slots[i]!]! + 1]!++;
  for (let p = 0; p < 11; p++) starts[p + 1]! += starts[p]!;
  const order = new Int32Array(slots.length);
  for (let i = 0; i < slots.length; i++) order[starts[g.position[slots[i]!]!]!++] = i;
  for (const i of order) {
    const slot = slots[i]!;
    const matcher = matchers.at(g.position[slot]!);
    out[i] = matcher ? matcher.compare(loadSlot(g, slot, scratch)) : Number.NaN;
  }
}
