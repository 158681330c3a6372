import { availableParallelism } from "node:os";
import { prepareTemplate } from "../matcher/prepared-template.js";
import {
  calibratedFmr,
  fmrForScore,
  fpirForFmr,
  fusedFmr,
  type ScoreCalibration,
} from "../matcher/score-calibration.js";
import type { FingerprintTemplate } from "../minutia.js";
import { kthSmallest } from "../order-statistic.js";
import { packFingers } from "./finger-batch.js";
import {
  copyFinger,
  type GalleryArrays,
  GalleryStore,
  storedTemplate,
  storeFinger,
} from "./gallery-store.js";
import {
  buildFilterProbe,
  buildProbeMatchers,
  type FilterProbe,
  filterIndexed,
  filterSlotList,
  filterSlots,
  filterUnindexed,
  matchSlots,
  type ProbeFinger,
} from "./search-kernel.js";
import { SEARCH_PARAMETERS } from "./search-parameters.js";
import type { SearchThreads } from "./search-threads.js";
import type { KeyedProbeFinger } from "./search-worker.js";
import { SearchWorkers } from "./search-workers.js";

export interface EnrolledFinger {
  /** Finger position code 1–10 (FGP: 1 right thumb … 10 left little). */
  readonly position: number;
  readonly template: FingerprintTemplate;
  /** A plain (flat) impression rather than a rolled one. */
  readonly plain?: boolean;
}

export interface EnrolmentItem {
  readonly id: string;
  readonly fingers: readonly EnrolledFinger[];
}

export interface FingerScore {
  readonly position: number;
  readonly score: number;
  /** Estimated false-match rate of this finger's score (an upper bound when `extrapolated`). */
  readonly fmr: number;
  /**
   * The score is beyond the calibration's measured range: `fmr` is the smallest FMR it observed
   * (1 / its impostor count), a bound rather than an estimate.
   */
  readonly extrapolated: boolean;
}

export interface SearchCandidate {
  readonly identity: string;
  /**
   * −log10 of the fused FMR with every finger's tail extrapolated, for ranking: higher = stronger
   * evidence. Not a rate to report (see `fmr`).
   */
  readonly fusedScore: number;
  /**
   * Estimated FMR of the fused evidence for one impostor identity (Fisher fusion of the fingers'
   * `fmr`); an upper bound when `extrapolated`.
   */
  readonly fmr: number;
  /** Estimated false-positive identification rate at this gallery's size; an upper bound when `extrapolated`. */
  readonly fpir: number;
  /** Some finger scored beyond the calibrated range, so `fmr` and `fpir` are upper bounds. */
  readonly extrapolated: boolean;
  /** Best score per compared position. */
  readonly fingers: readonly FingerScore[];
}

export interface SearchResult {
  readonly candidates: readonly SearchCandidate[];
  readonly gallerySize: number;
  /** Fingers compared by the full matcher / fingers of the probe's positions in the gallery. */
  readonly penetration: number;
  readonly comparisons: number;
  readonly filterMs: number;
  readonly matchMs: number;
}

export interface SearchOptions {
  /** Candidates to return (default 10). */
  readonly maxCandidates?: number;
  /** Skip the filter and compare every finger (reference for what the filter loses). */
  readonly exhaustive?: boolean;
  /** Identities kept after the filter (default: a share of the gallery that shrinks with probe fingers). */
  readonly shortlist?: number;
  /**
   * Compare the shortlist on the probe's `cascadeFingers` fingers with the most minutiae first, and all
   * fingers only for the `cascadeKeep` identities ranking best on them (SEARCH_PARAMETERS). Candidates
   * are then those identities; the ones dropped are not returned.
   */
  readonly cascade?: boolean;
}

export interface GalleryOptions {
  /** Worker threads; 0 runs inline. Default: available cores. Ignored with `threads`. */
  readonly workers?: number;
  /**
   * Threads shared with other galleries (their size is then this gallery's worker count): a probe
   * searched in each is indexed once. Whoever made them closes them; the gallery's `close` does not.
   */
  readonly threads?: SearchThreads;
  readonly calibration?: ScoreCalibration;
}

/** Compared fingers: owners[i] owns slots[i], scored scores[i]. */
interface Matched {
  readonly owners: readonly Identity[];
  readonly slots: Int32Array;
  readonly scores: Float32Array;
  /** Full comparisons made (the cascade's first stage included). */
  readonly comparisons: number;
}

interface Identity {
  readonly id: string;
  readonly index: number;
  readonly slots: number[];
}

/**
 * A 1:N gallery of identities with up to ten finger positions (plus plain impressions). Search runs
 * in two stages: a filter over every enrolled finger (bag of quantised edges against the probe's
 * bitmap, summed per identity) keeps a shortlist of identities; the full matcher then compares the
 * shortlisted identities' fingers with the probe finger of the same position, each probe finger
 * indexed once per worker. Finger scores become FMRs through the calibration and are fused with
 * Fisher's method; FPIR follows from the gallery size. Enrolment and deletion take effect at once
 * without rebuilding anything.
 */
export class TenprintGallery {
  private readonly store = new GalleryStore();
  private readonly identities = new Map<string, Identity>();
  private readonly byIndex: (Identity | undefined)[] = [];
  private readonly freeIndices: number[] = [];
  private readonly workerCount: number;
  private workers: SearchWorkers | undefined;
  private readonly sharedThreads: SearchThreads | undefined;
  private nextWorker = 0;
  /** Settles when the last enrolMany call has applied its batches. */
  private enrolling: Promise<void> = Promise.resolve();
  private fingers = 0;
  /** Live fingers per position 1–10 (a search's penetration counts those of its probe's positions). */
  private readonly livePerPosition = new Int32Array(11);
  private readonly calibration: ScoreCalibration | undefined;

  constructor(options: GalleryOptions = {}) {
    this.sharedThreads = options.threads;
    this.workerCount = options.threads?.size ?? options.workers ?? availableParallelism();
    this.calibration = options.calibration;
  }

  get size(): number {
    return this.identities.size;
  }

  get fingerCount(): number {
    return this.fingers;
  }

  has(id: string): boolean {
    return this.identities.has(id);
  }

  /** Enrols (or replaces) an identity. */
  enrol(id: string, fingers: readonly EnrolledFinger[]): void {
    checkPositions(fingers);
    this.place(id, fingers.length, (slot, f) => {
      const finger = fingers[f]!;
      storeFinger(this.store.arrays, slot, finger.template, finger.position, finger.plain ?? false, 0);
    });
  }

  /**
   * Enrols (or replaces) identities in order, as `enrol` one by one would, with the same stored result.
   * The per-finger work runs on the worker threads in batches, so it is several times faster for large
   * loads; the batches are applied between awaits, so the thread stays responsive. Calls that overlap
   * are applied in call order (a caller may prepare the next page while one enrols); `enrol` and
   * `delete` take effect at once, also during a call. Positions are checked before anything is
   * enrolled; should a worker fail, the batches applied before stay enrolled.
   */
  async enrolMany(items: readonly EnrolmentItem[]): Promise<void> {
    for (const item of items) checkPositions(item.fingers);
    const previous = this.enrolling;
    let done = () => {};
    this.enrolling = new Promise((resolve) => {
      done = resolve;
    });
    try {
      if (this.workerCount === 0) {
        await previous;
        for (const item of items) this.enrol(item.id, item.fingers);
        return;
      }
      let fingers = 0;
      for (const item of items) fingers += item.fingers.length;
      // Every worker gets a share of a small call too.
      const batchFingers = Math.min(
        SEARCH_PARAMETERS.enrolBatchFingers,
        Math.ceil(fingers / this.workerCount),
      );
      const batches = batchItems(items, batchFingers);
      const pool = this.pool();
      const prepared: Promise<GalleryArrays>[] = [];
      const start = (b: number) => {
        const batch = pool.prepare(this.nextWorker++, packFingers(batches[b]!.flatMap((i) => i.fingers)));
        // A failure is thrown where the batch is awaited; until then it must not count as unhandled.
        batch.catch(() => {});
        prepared.push(batch);
      };
      // Two batches per worker in flight: one being prepared while the other waits to be applied.
      let started = 0;
      while (started < batches.length && started < 2 * this.workerCount) start(started++);
      await previous;
      for (const batch of batches) {
        const arrays = await prepared.shift()!;
        if (started < batches.length) start(started++);
        let f = 0;
        for (const item of batch) {
          this.place(item.id, item.fingers.length, (slot) =>
            copyFinger(arrays, f++, this.store.arrays, slot, 0),
          );
        }
      }
    } finally {
      done();
    }
  }

  /** Replaces identity `id` with `count` fingers, each written into its slot by `write`. */
  private place(id: string, count: number, write: (slot: number, finger: number) => void): void {
    this.delete(id);
    const index = this.freeIndices.pop() ?? this.byIndex.length;
    const identity: Identity = { id, index, slots: [] };
    for (let f = 0; f < count; f++) {
      const slot = this.store.allocate();
      write(slot, f);
      this.store.arrays.identity[slot] = index;
      this.livePerPosition[this.store.arrays.position[slot]!]!++;
      this.store.countKeys(slot, 1);
      this.store.expectImpostorHits(slot);
      identity.slots.push(slot);
      this.fingers++;
    }
    this.identities.set(id, identity);
    this.byIndex[index] = identity;
  }

  /** Removes an identity; returns whether it was enrolled. */
  delete(id: string): boolean {
    const identity = this.identities.get(id);
    if (!identity) return false;
    for (const slot of identity.slots) {
      this.livePerPosition[this.store.arrays.position[slot]!]!--;
      this.store.release(slot);
    }
    this.fingers -= identity.slots.length;
    this.identities.delete(id);
    this.byIndex[identity.index] = undefined;
    this.freeIndices.push(identity.index);
    return true;
  }

  async search(probe: readonly ProbeFinger[], options: SearchOptions = {}): Promise<SearchResult> {
    const positions = new Set<number>();
    for (const finger of probe) {
      if (!Number.isInteger(finger.position) || finger.position < 0 || finger.position > 10) {
        throw new RangeError(`probe finger position must be 0–10, got ${finger.position}`);
      }
      if (positions.has(finger.position)) throw new RangeError(`probe has position ${finger.position} twice`);
      positions.add(finger.position);
    }
    const arrays = this.store.arrays;
    const used = this.store.used;
    const filterStart = performance.now();
    let shortlist: Identity[];
    let eligible = 0;
    /** Probe finger indices, most minutiae first (the filter's and the cascade's order). */
    let order: number[] = [];
    if (options.exhaustive) {
      shortlist = [...this.identities.values()];
    } else {
      const prepared = probe.map((f) => prepareTemplate(f.template));
      this.store.refreshWeights(this.fingers);
      const P = SEARCH_PARAMETERS;
      order = probe.map((_, i) => i).sort((a, b) => prepared[b]!.count - prepared[a]!.count);
      // Filter passes: each scores its probe fingers for the identities the passes before kept.
      const passes: { fingers: number[]; keepShare: number }[] = [];
      // A narrower first pass (2 fingers over all, 3 over the best 30 %, 5 over the best 10 %) halved the
      // filter's work but changed 3 of 200 decisions at 50,000 identities (docs/benchmarks.md).
      const plan =
        probe.length >= P.twoPassMinFingers
          ? [{ fingers: P.firstPassFingers, keepShare: P.firstPassKeepShare }]
          : [];
      let taken = 0;
      for (const step of plan) {
        if (taken + step.fingers >= order.length) break;
        passes.push({ fingers: order.slice(taken, taken + step.fingers), keepShare: step.keepShare });
        taken += step.fingers;
      }
      passes.push({ fingers: order.slice(taken), keepShare: 0 });
      const wanted = options.shortlist ?? shortlistSize(this.identities.size, probe.length);
      const indexed = this.store.filterIndex(Math.max(1, this.workerCount));
      const sums = new Float64Array(this.byIndex.length);
      const touched = new Uint8Array(this.byIndex.length);
      shortlist = [];
      for (const [n, pass] of passes.entries()) {
        const passProbe = buildFilterProbe(
          pass.fingers.map((i) => probe[i]!),
          pass.fingers.map((i) => prepared[i]!),
          this.store.weights,
          this.store.meanDensity,
          this.store.sumsExact,
        );
        if (n === 0) {
          let scores: Float32Array;
          if (indexed) scores = await this.filterThroughIndex(passProbe, indexed);
          else {
            scores = new Float32Array(new SharedArrayBuffer(Math.max(1, used) * 4));
            await this.parallel(used, async (worker, from, to) => {
              if (worker === undefined) filterSlots(arrays, passProbe, from, to, scores);
              else
                await this.pool().run(worker, {
                  kind: "filter",
                  arrays,
                  probe: passProbe,
                  from,
                  to,
                  out: scores,
                });
            });
          }
          // Counted here, after the filter, as the scan that counted them did (an enrolment may land
          // while the filter runs).
          for (let p = 1; p <= 10; p++)
            if (positions.has(p) || positions.has(0)) eligible += this.livePerPosition[p]!;
          for (let slot = 0; slot < used; slot++) {
            const s = scores[slot]!;
            if (!Number.isNaN(s)) {
              const owner = arrays.identity[slot]!;
              sums[owner]! += s;
              touched[owner] = 1;
            }
          }
        } else {
          // Later passes: only the slots of the identities kept, at this pass's positions.
          const passPositions = pass.fingers.map((i) => probe[i]!.position);
          // Position 0 (unknown) also matches free slots, as it always did; their scores are NaN.
          let bound = passPositions.includes(0) ? used : 0;
          for (const p of passPositions) bound += this.livePerPosition[p]!;
          const passSlots = slotsOfOwners(touched, arrays, used, passPositions, bound);
          const passScores = new Float32Array(new SharedArrayBuffer(Math.max(1, passSlots.length) * 4));
          // The scan, not the index: the index would read every finger of the pass's positions, and
          // for the 30 % of identities kept the scan is cheaper (docs/benchmarks.md, "A simulated year").
          await this.parallel(passSlots.length, async (worker, from, to) => {
            if (worker === undefined)
              filterSlotList(arrays, passProbe, passSlots.subarray(from, to), passScores.subarray(from, to));
            else
              await this.pool().run(worker, {
                kind: "filterList",
                arrays,
                probe: passProbe,
                slots: passSlots,
                from,
                to,
                out: passScores,
              });
          });
          for (let i = 0; i < passSlots.length; i++) {
            const s = passScores[i]!;
            if (!Number.isNaN(s)) sums[arrays.identity[passSlots[i]!]!]! += s;
          }
        }
        if (n === passes.length - 1) {
          shortlist = topIdentities(this.byIndex, sums, touched, wanted);
        } else {
          const keep = Math.max(wanted, Math.ceil(this.identities.size * pass.keepShare));
          const kept = topIdentities(this.byIndex, sums, touched, keep);
          touched.fill(0);
          for (const identity of kept) touched[identity.index] = 1;
        }
      }
    }
    const filterMs = performance.now() - filterStart;
    const matchStart = performance.now();
    const all = (p: number) => positions.has(p) || positions.has(0);
    let matched: Matched;
    const C = SEARCH_PARAMETERS;
    if (options.cascade && !options.exhaustive && !positions.has(0) && probe.length > C.cascadeFingers) {
      // Cascade: the shortlist on the probe's best-recorded fingers first; only the identities that
      // rank best on them are compared on the rest. Every candidate returned has all its fingers compared.
      const first = new Set(order.slice(0, C.cascadeFingers).map((i) => probe[i]!.position));
      const a = await this.matchOwners(shortlist, (p) => first.has(p), probe);
      const partial = this.fuse(a.owners, a.slots, a.scores, arrays.position);
      const kept = new Set<Identity>();
      for (const c of partial.slice(0, C.cascadeKeep)) kept.add(this.identities.get(c.identity)!);
      const restOwners = shortlist.filter((identity) => kept.has(identity));
      const b = await this.matchOwners(restOwners, (p) => positions.has(p) && !first.has(p), probe);
      const keptA = a.owners.flatMap((identity, i) => (kept.has(identity) ? [i] : []));
      matched = {
        owners: [...keptA.map((i) => a.owners[i]!), ...b.owners],
        slots: Int32Array.from([...keptA.map((i) => a.slots[i]!), ...b.slots]),
        scores: Float32Array.from([...keptA.map((i) => a.scores[i]!), ...b.scores]),
        comparisons: a.slots.length + b.slots.length,
      };
    } else {
      const m = await this.matchOwners(shortlist, all, probe);
      matched = { ...m, comparisons: m.slots.length };
    }
    if (options.exhaustive) eligible = matched.comparisons;
    const matchMs = performance.now() - matchStart;
    const candidates = this.fuse(matched.owners, matched.slots, matched.scores, arrays.position).slice(
      0,
      options.maxCandidates ?? 10,
    );
    return {
      candidates,
      gallerySize: this.identities.size,
      penetration: eligible === 0 ? 0 : matched.comparisons / eligible,
      comparisons: matched.comparisons,
      filterMs,
      matchMs,
    };
  }

  /**
   * Filter scores of every slot (NaN where free or where the probe lacks the position), through the
   * inverted index for the fingers it holds (each worker takes a share of every position) and the scan
   * for those enrolled since it was built.
   */
  private async filterThroughIndex(
    probe: FilterProbe,
    { index, unindexed }: NonNullable<ReturnType<GalleryStore["filterIndex"]>>,
  ): Promise<Float32Array> {
    const arrays = this.store.arrays;
    const scores = new Float32Array(new SharedArrayBuffer(Math.max(1, this.store.used) * 4)).fill(Number.NaN);
    const parts = Math.max(1, this.workerCount);
    await this.parallel(parts, async (worker, from) => {
      if (worker === undefined) filterIndexed(arrays, probe, index, 0, 1, scores);
      else
        await this.pool().run(worker, {
          kind: "filterIndexed",
          arrays,
          probe,
          index,
          part: from,
          parts,
          out: scores,
        });
    });
    filterUnindexed(arrays, probe, unindexed, scores);
    return scores;
  }

  /**
   * Full comparisons of the identities' fingers at the positions `wanted` accepts, on the workers (or
   * inline); owners[i] owns slots[i], scored scores[i].
   */
  private async matchOwners(
    identities: readonly Identity[],
    wanted: (position: number) => boolean,
    probe: readonly ProbeFinger[],
  ): Promise<Omit<Matched, "comparisons">> {
    const arrays = this.store.arrays;
    const slotList: number[] = [];
    const owners: Identity[] = [];
    for (const identity of identities) {
      for (const slot of identity.slots) {
        if (wanted(arrays.position[slot]!)) {
          slotList.push(slot);
          owners.push(identity);
        }
      }
    }
    const slots = Int32Array.from(slotList);
    const scores = new Float32Array(slots.length);
    const byPosition = this.workerCount > 1 ? splitByPosition(slots, arrays.position, this.workerCount) : [];
    if (byPosition.length > 0) {
      // Each worker compares whole positions, so it indexes only those probe fingers (indexing one is
      // worth several comparisons, and split by range every worker indexed them all). A score is a
      // function of its probe finger and slot, so it is the same whichever worker computes it.
      await Promise.all(
        byPosition.map(async (indices, worker) => {
          const part = new Int32Array(indices.length);
          const wantedHere = new Uint8Array(11);
          for (let i = 0; i < indices.length; i++) {
            part[i] = slots[indices[i]!]!;
            wantedHere[arrays.position[part[i]!]!] = 1;
          }
          // Only the fingers this worker compares with: posting a template costs ≈ 40 µs on each side.
          const fingers = probe.filter((f) => f.position === 0 || wantedHere[f.position] === 1);
          const result = await this.pool().run(worker, {
            kind: "match",
            arrays,
            probe: keyed(fingers),
            slots: part,
          });
          for (let i = 0; i < indices.length; i++) scores[indices[i]!] = result![i]!;
        }),
      );
      return { owners, slots, scores };
    }
    let inlineMatchers: ReturnType<typeof buildProbeMatchers> | undefined;
    await this.parallel(slots.length, async (worker, from, to) => {
      const part = slots.subarray(from, to);
      if (worker === undefined) {
        inlineMatchers ??= buildProbeMatchers(probe);
        matchSlots(arrays, inlineMatchers, part, scores.subarray(from, to));
        return;
      }
      const result = await this.pool().run(worker, {
        kind: "match",
        arrays,
        probe: keyed(probe),
        slots: Int32Array.from(part),
      });
      scores.set(result!, from);
    });
    return { owners, slots, scores };
  }

  /**
   * Readies search before the first real one: runs `warmUpSearches` searches for the first enrolled
   * identity's fingers (one per position), so the filter statistics are snapshot and every worker thread starts and
   * compiles the code a tenprint search runs. Without it, the first searches of a process pay for that.
   */
  async warmUp(): Promise<void> {
    const first = this.identities.values().next();
    if (first.done) return;
    const arrays = this.store.arrays;
    const probe = new Map<number, ProbeFinger>();
    for (const slot of first.value.slots) {
      const position = arrays.position[slot]!;
      if (!probe.has(position)) probe.set(position, { position, template: storedTemplate(arrays, slot) });
    }
    for (let round = 0; round < SEARCH_PARAMETERS.warmUpSearches; round++) {
      await this.search([...probe.values()], { maxCandidates: 1 });
    }
  }

  /**
   * Stops the worker threads (the gallery stays usable; workers restart on the next search). Shared
   * threads (GalleryOptions.threads) are left to whoever made them.
   */
  async close(): Promise<void> {
    await this.workers?.close();
    this.workers = undefined;
  }

  private pool(): SearchWorkers {
    if (this.sharedThreads) return this.sharedThreads.workers;
    this.workers ??= new SearchWorkers(this.workerCount);
    return this.workers;
  }

  /** Splits [0, count) into one contiguous part per worker (or one inline part). */
  private async parallel(
    count: number,
    run: (worker: number | undefined, from: number, to: number) => Promise<void> | void,
  ): Promise<void> {
    if (count === 0) return;
    if (this.workerCount === 0) {
      await run(undefined, 0, count);
      return;
    }
    const parts = Math.min(this.workerCount, count);
    const tasks: (Promise<void> | void)[] = [];
    for (let w = 0; w < parts; w++) {
      tasks.push(run(w, Math.floor((count * w) / parts), Math.floor((count * (w + 1)) / parts)));
    }
    await Promise.all(tasks);
  }

  private fuse(
    owners: readonly Identity[],
    slots: Int32Array,
    scores: Float32Array,
    position: Uint8Array,
  ): SearchCandidate[] {
    const best = new Map<Identity, Map<number, number>>();
    owners.forEach((identity, i) => {
      const score = scores[i]!;
      if (!(score >= 0)) return;
      const perPosition = best.get(identity) ?? new Map<number, number>();
      const p = position[slots[i]!]!;
      perPosition.set(p, Math.max(perPosition.get(p) ?? 0, score));
      best.set(identity, perPosition);
    });
    const gallerySize = this.identities.size;
    const candidates: SearchCandidate[] = [];
    for (const [identity, perPosition] of best) {
      const scored = [...perPosition].sort((a, b) => a[0] - b[0]);
      const fingers = scored.map(([p, score]) => ({
        position: p,
        score,
        ...calibratedFmr(score, this.calibration),
      }));
      const ranking = fusedFmr(scored.map(([, score]) => fmrForScore(score, this.calibration)));
      const fmr = fusedFmr(fingers.map((f) => f.fmr));
      candidates.push({
        identity: identity.id,
        fusedScore: -Math.log10(Math.max(ranking, Number.MIN_VALUE)),
        fmr,
        fpir: fpirForFmr(fmr, gallerySize),
        extrapolated: fingers.some((f) => f.extrapolated),
        fingers,
      });
    }
    return candidates.sort((a, b) => b.fusedScore - a.fusedScore);
  }
}

/** A number per probe template object, for as long as it lives (see keyed). */
const templateKeys = new WeakMap<FingerprintTemplate, number>();
let lastTemplateKey = 0;

/**
 * The probe fingers with their templates' keys: a search thread keeps the matchers it built by key, so
 * the same template searched again (the same booking in another gallery on shared threads, or a later
 * cascade stage) is not indexed again. A key is never reused, so a key names one template; templates
 * are not changed after they are made, and a matcher is a function of its template.
 */
function keyed(probe: readonly ProbeFinger[]): KeyedProbeFinger[] {
  return probe.map((finger) => {
    let key = templateKeys.get(finger.template);
    if (key === undefined) {
      key = ++lastTemplateKey;
      templateKeys.set(finger.template, key);
    }
    return { position: finger.position, template: finger.template, key };
  });
}

function checkPositions(fingers: readonly EnrolledFinger[]): void {
  for (const finger of fingers) {
    if (!Number.isInteger(finger.position) || finger.position < 1 || finger.position > 10) {
      throw new RangeError(`finger position must be 1–10, got ${finger.position}`);
    }
  }
}

/** Consecutive runs of whole identities with about `fingers` fingers each. */
function batchItems(items: readonly EnrolmentItem[], fingers: number): EnrolmentItem[][] {
  const batches: EnrolmentItem[][] = [];
  let batch: EnrolmentItem[] = [];
  let size = 0;
  for (const item of items) {
    batch.push(item);
    size += item.fingers.length;
    if (size >= fingers) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The `wanted` touched identities with the highest filter sums, in index order (ties by index). */
function topIdentities(
  byIndex: readonly (Identity | undefined)[],
  sums: Float64Array,
  touched: Uint8Array,
  wanted: number,
): Identity[] {
  // Typed arrays throughout: the first pass ranks every identity, so it must not allocate per identity
  // (mapping an array of indices into values was the slow step at 100,000 identities).
  const values = new Float64Array(byIndex.length);
  let alive = 0;
  for (let i = 0; i < byIndex.length; i++) {
    if (touched[i] === 1 && byIndex[i] !== undefined) values[alive++] = sums[i]!;
  }
  const cut =
    alive <= wanted ? Number.NEGATIVE_INFINITY : kthSmallest(values.subarray(0, alive), alive - wanted);
  const out: Identity[] = [];
  for (let i = 0; i < byIndex.length && out.length < wanted; i++) {
    const identity = byIndex[i];
    if (identity !== undefined && touched[i] === 1 && sums[i]! >= cut) out.push(identity);
  }
  return out;
}

/**
 * The slots of the identities marked in `owners` (by identity index) at the given positions, in
 * ascending order, in shared memory for the workers: one linear scan of the typed arrays (walking the
 * kept identities' slot lists instead chases a pointer per identity and was slower at 100,000), into
 * an array of `bound` entries, at least the count (the live fingers at those positions).
 */
function slotsOfOwners(
  owners: Uint8Array,
  arrays: GalleryArrays,
  used: number,
  positions: readonly number[],
  bound: number,
): Int32Array {
  const wanted = new Uint8Array(11);
  for (const position of positions) wanted[position] = 1;
  const { identity, position } = arrays;
  const buffer = new SharedArrayBuffer(Math.max(1, bound) * 4);
  const all = new Int32Array(buffer);
  let at = 0;
  for (let slot = 0; slot < used; slot++) {
    if ((wanted[position[slot]!]! & owners[identity[slot]!]!) === 1) all[at++] = slot;
  }
  return new Int32Array(buffer, 0, at);
}

/**
 * The indices of `slots` per worker with whole finger positions to each (the largest positions first,
 * each to the least loaded worker), or [] when that would leave a worker with over 1.5× an even share
 * (a probe of one or two fingers): then the caller splits by range.
 */
function splitByPosition(slots: Int32Array, position: Uint8Array, workers: number): Int32Array[] {
  const counts = new Int32Array(11);
  for (const slot of slots) counts[position[slot]!]!++;
  const order = [...counts.keys()].filter((p) => counts[p]! > 0).sort((a, b) => counts[b]! - counts[a]!);
  const parts = Math.min(workers, order.length);
  if (parts < 2) return [];
  const load = new Int32Array(parts);
  const workerOf = new Int32Array(11);
  for (const p of order) {
    let w = 0;
    for (let v = 1; v < parts; v++) if (load[v]! < load[w]!) w = v;
    workerOf[p] = w;
    load[w]! += counts[p]!;
  }
  if (Math.max(...load) > (1.5 * slots.length) / parts) return [];
  const out = Array.from(load, (n) => new Int32Array(n));
  const at = new Int32Array(parts);
  for (let i = 0; i < slots.length; i++) {
    const w = workerOf[position[slots[i]!]!]!;
    out[w]![at[w]!++] = i;
  }
  return out;
}

/** Identities to keep after the filter for a probe of `fingers` fingers (see SEARCH_PARAMETERS). */
function shortlistSize(gallerySize: number, fingers: number): number {
  const P = SEARCH_PARAMETERS;
  const k = Math.min(10, Math.max(1, fingers));
  const share =
    P.shortlistShareSingleFinger * (P.shortlistShareTenprint / P.shortlistShareSingleFinger) ** ((k - 1) / 9);
  return Math.max(P.minShortlist, Math.ceil(gallerySize * share));
}
