/** Every tuning constant of 1:N search (storage layout, first-stage filter, shortlist). */
export const SEARCH_PARAMETERS = {
  /** Minutiae kept per enrolled finger (highest quality first); fixes the slot size. */
  minutiaePerFinger: 64,
  /** Nearest-neighbour edges per minutia that become filter keys on the gallery side. */
  galleryKeyNeighbors: 3,
  /** Neighbours per minutia whose edges are set (with tolerance) in the probe's filter bitmap. */
  probeKeyNeighbors: 5,
  /** Quantisation of filter keys: edge length bin (pixels) and angle bins per turn (5 bits each). */
  keyLengthBin: 8,
  keyLengthBins: 32,
  keyAngleBins: 32,
  /** Identities kept after the filter: at least this many … */
  minShortlist: 64,
  /**
   * … or this share of the gallery, whichever is larger. One finger is weak evidence for the filter
   * (on FVC2002 with synthetic distractors its mate is in the top 10 % only ~70 % of the time), ten
   * fingers are strong, so the share falls geometrically from the single-finger to the tenprint value
   * with the number of probe fingers.
   */
  shortlistShareSingleFinger: 0.3,
  shortlistShareTenprint: 0.001,
  /**
   * Probes with at least this many fingers are filtered in two passes: first every identity on the
   * `firstPassFingers` probe fingers with the most minutiae, then only the best `firstPassKeepShare`
   * of the identities on the remaining fingers. Measured on 300 mated synth probes against 100,000
   * identities (0.1 % shortlist): keeping 3 % after the first pass lost 13 mates, 10 % lost 6, 30 %
   * lost 3, as many as one pass over all ten fingers, for 65 % of its filter work.
   */
  twoPassMinFingers: 6,
  firstPassFingers: 5,
  firstPassKeepShare: 0.3,
  /**
   * The search cascade (SearchOptions.cascade): the shortlist is compared on this many probe fingers
   * (those with the most minutiae) first …
   */
  cascadeFingers: 2,
  /**
   * … and only this many identities, the best on those fingers, on the rest. Measured by
   * packages/afis/bench/cascade.ts (docs/benchmarks.md, "Search cascade").
   */
  cascadeKeep: 10,
  /**
   * The filter's inverted index (filter-index.ts) is rebuilt when the fingers enrolled since its build,
   * which the filter scans instead, exceed this share of the gallery's slots.
   */
  indexRebuildShare: 0.02,
  /** The filter's key weights are recomputed when the gallery size has changed by this share. */
  weightRefreshShare: 0.05,
  /**
   * Stored fingers whose probe bitmaps give the key hit rates (a finger's expected hits from an
   * unrelated probe); the rates' resolution is 1 / this.
   */
  hitRateSample: 2000,
  /** Pseudo-bitmaps at the mean density added to the sample, so unseen keys keep a small rate. */
  hitRatePrior: 20,
  /**
   * Probe-finger matchers a search thread keeps (search-worker.ts): a few probes' worth, as a
   * booking's searches in two galleries, and the next booking's started ahead, interleave.
   */
  threadMatchers: 40,
  /** Searches `warmUp` runs: the second still ran ≈ 2× slower than steady state on 2 cores. */
  warmUpSearches: 3,
  /** Bitmap density assumed before any finger is enrolled (about 10 % of keys for ~40 minutiae). */
  defaultBitmapDensity: 0.1,
  /**
   * Fingers per batch that enrolMany prepares on a worker thread: large enough that posting a batch
   * costs little next to preparing it, small enough that the API thread applies one in a few ms.
   */
  enrolBatchFingers: 2000,
  /** Fingers per storage growth step. */
  growthStep: 4096,
  /** Most enrolled fingers (bounded so typed arrays stay below 2 GB). */
  maxFingers: 4_000_000,
} as const;
