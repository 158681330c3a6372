import { normalizeAngle } from "../matcher/angles.js";
import {
  buildStoredEdges,
  createPreparedTemplate,
  minutiaTypeCode,
  minutiaTypeOfCode,
  type PreparedTemplate,
} from "../matcher/prepared-template.js";
import type { FingerprintTemplate } from "../minutia.js";
import { buildFilterIndex, type FilterIndex, weighIndex, weightsSumExactly } from "./filter-index.js";
import { buildProbeBitmap, FILTER_BITMAP_BYTES, FILTER_KEY_SPACE } from "./filter-keys.js";
import type { FingerBatch } from "./finger-batch.js";
import { writeKeysAndRadii } from "./finger-neighbours.js";
import { SEARCH_PARAMETERS } from "./search-parameters.js";

const S = SEARCH_PARAMETERS;
export const MINUTIAE_STRIDE = S.minutiaePerFinger;
export const KEY_STRIDE = S.minutiaePerFinger * S.galleryKeyNeighbors;

/**
 * Enrolled fingers as flat typed arrays over SharedArrayBuffers (struct of arrays, one fixed-size slot
 * per finger), so search workers read them without copying. Per finger: minutiae x, y (int16 pixels at
 * 500 ppi), direction (1/256 turn), type and neighbour radius; the filter keys; position, impression
 * kind and owner.
 * Position 0 marks a free slot: deleted fingers free their slot for the next enrolment, nothing is
 * rebuilt.
 */
export interface GalleryArrays {
  readonly capacity: number;
  readonly x: Int16Array;
  readonly y: Int16Array;
  readonly direction: Uint8Array;
  readonly type: Uint8Array;
  /**
   * Per minutia, a bound in pixels on its farthest matcher edge. Edge tables do not fit the 1 KB per
   * finger budget (9 edges × 64 minutiae); one byte per minutia lets a comparison rebuild them from a
   * handful of candidates instead of ranking all minutiae.
   */
  readonly neighborRadius: Uint8Array;
  readonly minutiaCount: Uint8Array;
  readonly keys: Uint16Array;
  readonly keyCount: Uint8Array;
  /**
   * The weighted key hits an unrelated probe finger is expected to give this finger, and their
   * variance, under the store's current weights and key hit rates (see GalleryStore).
   */
  readonly impostorHits: Float32Array;
  readonly impostorHitVariance: Float32Array;
  /** Finger position 1–10; 0 = free slot. */
  readonly position: Uint8Array;
  /** 1 = plain impression, 0 = rolled. */
  readonly plain: Uint8Array;
  /** Index of the owning identity. */
  readonly identity: Int32Array;
}

/** Bytes of storage per enrolled finger. */
export const BYTES_PER_FINGER =
  MINUTIAE_STRIDE * (2 + 2 + 1 + 1 + 1) + KEY_STRIDE * 2 + 1 + 1 + 4 + 4 + 1 + 1 + 4;

/**
 * Arrays for `capacity` fingers: shared (the store, read by every search thread) or transferable (a
 * batch a worker prepares and hands over whole; see prepareFingerBatch).
 */
export function allocateGalleryArrays(
  capacity: number,
  memory: "shared" | "transferable" = "shared",
): GalleryArrays {
  const shared = <T>(make: (buffer: ArrayBufferLike) => T, bytes: number) =>
    make(memory === "shared" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    capacity,
    x: shared((b) => new Int16Array(b), capacity * MINUTIAE_STRIDE * 2),
    y: shared((b) => new Int16Array(b), capacity * MINUTIAE_STRIDE * 2),
    direction: shared((b) => new Uint8Array(b), capacity * MINUTIAE_STRIDE),
    type: shared((b) => new Uint8Array(b), capacity * MINUTIAE_STRIDE),
    neighborRadius: shared((b) => new Uint8Array(b), capacity * MINUTIAE_STRIDE),
    minutiaCount: shared((b) => new Uint8Array(b), capacity),
    keys: shared((b) => new Uint16Array(b), capacity * KEY_STRIDE * 2),
    keyCount: shared((b) => new Uint8Array(b), capacity),
    impostorHits: shared((b) => new Float32Array(b), capacity * 4),
    impostorHitVariance: shared((b) => new Float32Array(b), capacity * 4),
    position: shared((b) => new Uint8Array(b), capacity),
    plain: shared((b) => new Uint8Array(b), capacity),
    identity: shared((b) => new Int32Array(b), capacity * 4),
  };
}

/** The ArrayBuffers under transferable arrays, to move them to another thread (none for shared ones). */
export function galleryArrayBuffers(arrays: GalleryArrays): ArrayBuffer[] {
  const { capacity: _, ...views } = arrays;
  return Object.values(views)
    .map((view) => view.buffer)
    .filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}

function grow(old: GalleryArrays, capacity: number): GalleryArrays {
  const next = allocateGalleryArrays(capacity);
  next.x.set(old.x);
  next.y.set(old.y);
  next.direction.set(old.direction);
  next.type.set(old.type);
  next.neighborRadius.set(old.neighborRadius);
  next.minutiaCount.set(old.minutiaCount);
  next.keys.set(old.keys);
  next.keyCount.set(old.keyCount);
  next.impostorHits.set(old.impostorHits);
  next.impostorHitVariance.set(old.impostorHitVariance);
  next.position.set(old.position);
  next.plain.set(old.plain);
  next.identity.set(old.identity);
  return next;
}

/**
 * Writes one finger into a slot: the minutiae prepareTemplate would keep (the best 64 by quality), with
 * their filter keys and neighbour radii.
 */
export function storeFinger(
  arrays: GalleryArrays,
  slot: number,
  template: FingerprintTemplate,
  position: number,
  plain: boolean,
  identity: number,
): void {
  const minutiae = template.minutiae;
  const count = selectMinutiae(minutiae.length, (i) => minutiae[i]!.quality);
  for (let i = 0; i < count; i++) {
    const m = minutiae[selected[i]!]!;
    setMinutia(i, m.x, m.y, m.direction, minutiaTypeCode(m.type));
  }
  storeSelected(arrays, slot, count, position, plain, identity);
}

/** storeFinger for finger f of a packed batch. */
export function storeBatchFinger(arrays: GalleryArrays, slot: number, batch: FingerBatch, f: number): void {
  const first = batch.minutiaStart[f]!;
  const count = selectMinutiae(batch.minutiaStart[f + 1]! - first, (i) => batch.quality[first + i]!);
  for (let i = 0; i < count; i++) {
    const m = first + selected[i]!;
    setMinutia(i, batch.x[m]!, batch.y[m]!, batch.direction[m]!, batch.type[m]!);
  }
  storeSelected(arrays, slot, count, batch.position[f]!, batch.plain[f] === 1, 0);
}

// The kept minutiae as prepareTemplate holds them (float32, direction in [0, 2π)), and as stored.
const scratch = {
  x: new Float32Array(MINUTIAE_STRIDE),
  y: new Float32Array(MINUTIAE_STRIDE),
  direction: new Float32Array(MINUTIAE_STRIDE),
  type: new Uint8Array(MINUTIAE_STRIDE),
};
const stored = { x: new Float32Array(MINUTIAE_STRIDE), y: new Float32Array(MINUTIAE_STRIDE) };
const selected = new Int32Array(MINUTIAE_STRIDE);

/** Fills `selected` with the indices of the minutiae a slot keeps, in order; returns their count. */
function selectMinutiae(count: number, quality: (i: number) => number): number {
  if (count <= MINUTIAE_STRIDE) {
    for (let i = 0; i < count; i++) selected[i] = i;
    return count;
  }
  // Best quality first, ties in template order (a stable sort).
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => quality(b) - quality(a));
  selected.set(order.slice(0, MINUTIAE_STRIDE));
  return MINUTIAE_STRIDE;
}

/** Puts a kept minutia into `scratch`. */
function setMinutia(i: number, x: number, y: number, direction: number, type: number): void {
  scratch.x[i] = x;
  scratch.y[i] = y;
  scratch.direction[i] = normalizeAngle(direction);
  scratch.type[i] = type;
}

function storeSelected(
  arrays: GalleryArrays,
  slot: number,
  count: number,
  position: number,
  plain: boolean,
  identity: number,
): void {
  const base = slot * MINUTIAE_STRIDE;
  for (let i = 0; i < count; i++) {
    arrays.x[base + i] = Math.round(scratch.x[i]!);
    arrays.y[base + i] = Math.round(scratch.y[i]!);
    arrays.direction[base + i] = Math.round((scratch.direction[i]! / (2 * Math.PI)) * 256) & 255;
    arrays.type[base + i] = scratch.type[i]!;
    stored.x[i] = arrays.x[base + i]!;
    stored.y[i] = arrays.y[base + i]!;
  }
  arrays.minutiaCount[slot] = count;
  arrays.keyCount[slot] = writeKeysAndRadii(
    count,
    scratch.x,
    scratch.y,
    scratch.direction,
    stored.x,
    stored.y,
    arrays.keys,
    slot * KEY_STRIDE,
    KEY_STRIDE,
    arrays.neighborRadius,
    base,
  );
  arrays.plain[slot] = plain ? 1 : 0;
  arrays.identity[slot] = identity;
  arrays.position[slot] = position;
}

/** Copies a finger stored by `storeFinger` elsewhere (slot `from` of `source`) into a slot, with its owner. */
export function copyFinger(
  source: GalleryArrays,
  from: number,
  arrays: GalleryArrays,
  slot: number,
  identity: number,
): void {
  const read = from * MINUTIAE_STRIDE;
  const write = slot * MINUTIAE_STRIDE;
  const count = source.minutiaCount[from]!;
  // Only the first `count` entries, as storeFinger writes them: a reused slot keeps its old tail either way.
  arrays.x.set(source.x.subarray(read, read + count), write);
  arrays.y.set(source.y.subarray(read, read + count), write);
  arrays.direction.set(source.direction.subarray(read, read + count), write);
  arrays.type.set(source.type.subarray(read, read + count), write);
  arrays.neighborRadius.set(source.neighborRadius.subarray(read, read + count), write);
  arrays.minutiaCount[slot] = count;
  const keyCount = source.keyCount[from]!;
  arrays.keys.set(source.keys.subarray(from * KEY_STRIDE, from * KEY_STRIDE + keyCount), slot * KEY_STRIDE);
  arrays.keyCount[slot] = keyCount;
  arrays.plain[slot] = source.plain[from]!;
  arrays.identity[slot] = identity;
  arrays.position[slot] = source.position[from]!;
}

/** A stored finger as a template: its kept minutiae in whole stored units. */
export function storedTemplate(g: GalleryArrays, slot: number): FingerprintTemplate {
  const base = slot * MINUTIAE_STRIDE;
  const minutiae = Array.from({ length: g.minutiaCount[slot]! }, (_, i) => ({
    x: g.x[base + i]!,
    y: g.y[base + i]!,
    direction: (g.direction[base + i]! / 256) * 2 * Math.PI,
    type: minutiaTypeOfCode(g.type[base + i]!),
    quality: 0,
  }));
  let width = 1;
  let height = 1;
  for (const m of minutiae) {
    width = Math.max(width, m.x + 1);
    height = Math.max(height, m.y + 1);
  }
  return { width, height, minutiae, quality: 0 };
}

/** Loads a stored finger into a reusable prepared template (edges rebuilt within the stored radii). */
export function loadSlot(g: GalleryArrays, slot: number, into: PreparedTemplate): PreparedTemplate {
  buildStoredEdges(loadMinutiae(g, slot, into), g, slot * MINUTIAE_STRIDE);
  return into;
}

function loadMinutiae(g: GalleryArrays, slot: number, into: PreparedTemplate): PreparedTemplate {
  const base = slot * MINUTIAE_STRIDE;
  const count = g.minutiaCount[slot]!;
  into.count = count;
  for (let i = 0; i < count; i++) {
    into.x[i] = g.x[base + i]!;
    into.y[i] = g.y[base + i]!;
    into.direction[i] = (g.direction[base + i]! / 256) * 2 * Math.PI;
    into.type[i] = g.type[base + i]!;
    into.source[i] = i;
  }
  return into;
}

/**
 * Slot allocation over growing arrays; freed slots are reused first. Also counts, per filter key, how
 * many stored fingers contain it, and keeps the filter's inverse-frequency key weights and key hit
 * rates. Keys are far from uniform (short edges between near-parallel minutiae are everywhere), so a
 * finger made of common keys hits every probe often; the hit rates let the filter expect that per
 * finger instead of blaming the probe. Weights and rates are a snapshot, refreshed when the gallery
 * has grown or shrunk by more than `weightRefreshShare` since (each refresh recomputes every finger's
 * expectation once), so a search never pays for them.
 */
export class GalleryStore {
  arrays: GalleryArrays = allocateGalleryArrays(S.growthStep);
  /** Slots ever used (the search range). */
  used = 0;
  readonly keyCounts = new Uint32Array(FILTER_KEY_SPACE);
  weights: Float32Array = new Float32Array(FILTER_KEY_SPACE).fill(1);
  /** Per key, the share of probe bitmaps that set it, sampled from the gallery's own fingers. */
  hitRates: Float32Array = new Float32Array(FILTER_KEY_SPACE).fill(S.defaultBitmapDensity);
  /** The sampled bitmaps' mean density: a probe denser than this hits every key more often. */
  meanDensity: number = S.defaultBitmapDensity;
  private weightedFingers = 0;
  /** Whether the filter may read the inverted index: the current weights sum exactly in any order. */
  private indexExact = false;
  private index: FilterIndex | undefined;
  /** Slots allocated since the index was built (a slot may appear twice; it is then scored twice alike). */
  private unindexed: number[] = [];
  private readonly free: number[] = [];
  private readonly seen = new Uint8Array(FILTER_KEY_SPACE);

  /** Whether every sum of a finger's current key weights is exact in float64 in any order. */
  get sumsExact(): boolean {
    return this.indexExact;
  }

  /** Recomputes the key weights and hit rates if the gallery size moved too far from the last snapshot. */
  refreshWeights(fingers: number): void {
    if (Math.abs(fingers - this.weightedFingers) <= this.weightedFingers * S.weightRefreshShare) return;
    this.weightedFingers = fingers;
    const weights = new Float32Array(FILTER_KEY_SPACE);
    for (let k = 0; k < FILTER_KEY_SPACE; k++)
      weights[k] = Math.log((fingers + 1) / (this.keyCounts[k]! + 1));
    this.weights = weights;
    this.indexExact = weightsSumExactly(weights);
    this.sampleHitRates();
    for (let slot = 0; slot < this.used; slot++) this.expectImpostorHits(slot);
  }

  /**
   * Builds the probe bitmap of up to `hitRateSample` stored fingers (evenly spread over the slots) and
   * counts how often each key is set. A prior of `hitRatePrior` bitmaps at the sampled mean density
   * keeps keys that no sampled bitmap set from counting as impossible in a small gallery.
   */
  private sampleHitRates(): void {
    const live: number[] = [];
    for (let slot = 0; slot < this.used; slot++) if (this.arrays.position[slot] !== 0) live.push(slot);
    const sample = Math.min(S.hitRateSample, live.length);
    if (sample === 0) return;
    const counts = new Uint32Array(FILTER_KEY_SPACE);
    const template = createPreparedTemplate();
    let density = 0;
    for (let i = 0; i < sample; i++) {
      const bitmap = buildProbeBitmap(
        loadSlot(this.arrays, live[Math.floor((i * live.length) / sample)]!, template),
      );
      density += bitmap.density;
      for (let byte = 0; byte < FILTER_BITMAP_BYTES; byte++) {
        let bits = bitmap.bits[byte]!;
        while (bits !== 0) {
          const bit = 31 - Math.clz32(bits & -bits);
          counts[byte * 8 + bit]!++;
          bits &= bits - 1;
        }
      }
    }
    this.meanDensity = density / sample;
    const prior = S.hitRatePrior;
    const rates = new Float32Array(FILTER_KEY_SPACE);
    for (let k = 0; k < FILTER_KEY_SPACE; k++)
      rates[k] = (counts[k]! + prior * this.meanDensity) / (sample + prior);
    this.hitRates = rates;
  }

  /** Stores a slot's expected impostor hits and their variance under the current weights and rates. */
  expectImpostorHits(slot: number): void {
    const { keys, keyCount, impostorHits, impostorHitVariance } = this.arrays;
    const base = slot * KEY_STRIDE;
    let expected = 0;
    let variance = 0;
    for (let k = 0; k < keyCount[slot]!; k++) {
      const key = keys[base + k]!;
      const w = this.weights[key]!;
      const q = this.hitRates[key]!;
      expected += w * q;
      variance += w * w * q * (1 - q);
    }
    impostorHits[slot] = expected;
    impostorHitVariance[slot] = variance;
  }

  /** Adds (+1) or removes (−1) a stored finger's distinct keys from the key counts. */
  countKeys(slot: number, delta: 1 | -1): void {
    const { keys, keyCount } = this.arrays;
    const base = slot * KEY_STRIDE;
    const count = keyCount[slot]!;
    for (let k = 0; k < count; k++) {
      const key = keys[base + k]!;
      if (this.seen[key]) continue;
      this.seen[key] = 1;
      this.keyCounts[key] = this.keyCounts[key]! + delta;
    }
    for (let k = 0; k < count; k++) this.seen[keys[base + k]!] = 0;
  }

  /**
   * The inverted filter index and the slots it lacks, rebuilt first when those exceed
   * `indexRebuildShare` of the slots in use; undefined when the weights would not sum exactly in the
   * index's order (the filter then scans).
   */
  filterIndex(parts = 1): { index: FilterIndex; unindexed: Int32Array } | undefined {
    if (!this.indexExact) return undefined;
    if (!this.index || this.unindexed.length > this.used * S.indexRebuildShare) {
      this.index = undefined;
      this.index = buildFilterIndex(this.arrays, this.used, parts);
      this.unindexed = [];
    }
    weighIndex(this.index, this.arrays, this.weights);
    return { index: this.index, unindexed: Int32Array.from(this.unindexed) };
  }

  allocate(): number {
    const slot = this.allocateSlot();
    if (this.index) this.unindexed.push(slot);
    return slot;
  }

  private allocateSlot(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.arrays.capacity) {
      if (this.used >= S.maxFingers) throw new RangeError(`gallery is full (${S.maxFingers} fingers)`);
      this.arrays = grow(this.arrays, Math.min(S.maxFingers, this.arrays.capacity * 2));
    }
    return this.used++;
  }

  release(slot: number): void {
    if (this.index && slot < this.index.indexed.length) this.index.indexed[slot] = 0;
    this.countKeys(slot, -1);
    this.arrays.position[slot] = 0;
    this.arrays.minutiaCount[slot] = 0;
    this.arrays.keyCount[slot] = 0;
    this.free.push(slot);
  }
}
