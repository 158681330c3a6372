import { FingerprintMatcher } from "../matcher/fingerprint-matcher.js";
import { createPreparedTemplate, type PreparedTemplate } from "../matcher/prepared-template.js";
import type { FingerprintTemplate } from "../minutia.js";
import { buildProbeBitmap, FILTER_BITMAP_BYTES } from "./filter-keys.js";
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

/** Per position 0–10: the probe bitmap (all bytes 0 when the probe lacks the position). */
export interface FilterProbe {
  readonly bitmaps: Uint8Array;
  readonly density: Float64Array;
  readonly present: Uint8Array;
  /**
   * Weight of every key: keys rare in the gallery say more than common ones (inverse document
   * frequency, log((fingers + 1) / (fingers with the key + 1))).
   */
  readonly weights: Float32Array;
  /** Mean bitmap density of the gallery's key hit rates (GalleryStore.meanDensity). */
  readonly meanDensity: number;
}

export function buildFilterProbe(
  probe: readonly ProbeFinger[],
  prepared: readonly PreparedTemplate[],
  weights: Float32Array = new Float32Array(FILTER_BITMAP_BYTES * 8).fill(1),
  meanDensity: number = SEARCH_PARAMETERS.defaultBitmapDensity,
): FilterProbe {
  const bitmaps = new Uint8Array(11 * FILTER_BITMAP_BYTES);
  const density = new Float64Array(11);
  const present = new Uint8Array(11);
  probe.forEach((finger, i) => {
    const bitmap = buildProbeBitmap(prepared[i]!);
    bitmaps.set(bitmap.bits, finger.position * FILTER_BITMAP_BYTES);
    density[finger.position] = bitmap.density;
    present[finger.position] = 1;
  });
  return { bitmaps, density, present, weights, meanDensity };
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
  const { bitmaps, present, weights } = probe;
  const position = g.position[slot]!;
  if (position === 0) return Number.NaN;
  const probePosition = present[position] === 1 ? position : present[0] === 1 ? 0 : -1;
  if (probePosition < 0) return Number.NaN;
  const bitmapBase = probePosition * FILTER_BITMAP_BYTES;
  const count = g.keyCount[slot]!;
  const base = slot * KEY_STRIDE;
  let hits = 0;
  for (let k = 0; k < count; k++) {
    const key = g.keys[base + k]!;
    // Branch-free (a key hits or misses at random, which defeats branch prediction); weights are
    // finite and ≥ 0, so adding weight × 0 for a miss leaves the sum bit-identical.
    hits += weights[key]! * ((bitmaps[bitmapBase + (key >> 3)]! >> (key & 7)) & 1);
  }
  // A denser probe bitmap than the sampled ones hits every key proportionally more often.
  const scale = probe.density[probePosition]! / probe.meanDensity;
  return (hits - scale * g.impostorHits[slot]!) / Math.sqrt(scale * g.impostorHitVariance[slot]! + 1);
}

/** Probe matchers by position, built once per search. */
export function buildProbeMatchers(probe: readonly ProbeFinger[]): (FingerprintMatcher | undefined)[] {
  const matchers: (FingerprintMatcher | undefined)[] = new Array(11).fill(undefined);
  for (const finger of probe) matchers[finger.position] = new FingerprintMatcher(finger.template);
  return matchers;
}

/** Full 1:1 scores of the listed slots against the probe finger of the same position. */
export function matchSlots(
  g: GalleryArrays,
  matchers: readonly (FingerprintMatcher | undefined)[],
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
    const position = g.position[slot]!;
    const matcher = position === 0 ? undefined : (matchers[position] ?? matchers[0]);
    out[i] = matcher ? matcher.compare(loadSlot(g, slot, scratch)) : Number.NaN;
  }
}
