/**
 * Every tuning constant of the minutiae extractor, in one place. Distances are pixels in the 500 ppi
 * engine frame; the extractor rescales images of other resolutions before any of these apply.
 */
export const EXTRACTOR_PARAMETERS = {
  /** Input limits: below this there is no room for a fingerprint, above it the work is unbounded. */
  minPpi: 100,
  maxPpi: 4000,
  maxSide: 4096,
  maxPixels: 8_000_000,
  /** Images smaller than this (after rescaling) yield an empty template rather than noise. */
  minSide: 48,

  /** Side of the cells on which orientation, contrast and the mask are computed. */
  cellSize: 4,
  /** Half-width, in cells, of the box that averages gradient moments into an orientation (applied twice). */
  orientationSmoothingCells: 2,
  /** Half-width, in cells, of the window measuring local contrast. */
  contrastWindowCells: 2,

  /** Foreground: contrast above both an absolute floor and a fraction of the image's strong contrast. */
  minAbsoluteContrast: 7,
  minRelativeContrast: 0.3,
  contrastPercentile: 0.9,
  /** Foreground also needs ridges that agree on a direction; noise has almost no coherence. */
  minCoherence: 0.12,
  /** Majority vote that smooths the cell mask. */
  maskVoteRadius: 3,
  maskVoteMajority: 0.51,
  /** Foreground islands smaller than this fraction of the largest one are dropped. */
  minIslandFraction: 0.1,
  minForegroundCells: 64,

  /** Orientations are quantised to this many bins over [0, π) for the oriented filters. */
  orientationBins: 32,
  /** Smoothing along the ridges: Gaussian line of this radius and sigma, a tap every parallelStep pixels. */
  parallelRadius: 7,
  parallelSigma: 3.5,
  parallelStep: 1,
  /** Ridge-matched filter across the ridges (cosine of the local period under a Gaussian). */
  orthogonalRadius: 7,
  orthogonalSigmaPerPeriod: 0.45,

  /** Ridge period (pixels) search range and default. */
  minPeriod: 5,
  maxPeriod: 15,
  defaultPeriod: 9,
  periodStep: 0.5,
  /** Period is measured on blocks of this many cells, over a profile of this half-length. */
  periodBlockCells: 4,
  periodProfileRadius: 16,
  periodSmoothingBlocks: 2,
  /** A block's period is the mean of its readable neighbours when at least this many are readable. */
  minPeriodNeighbours: 3,

  /** Majority vote cleaning single-pixel noise from the binary ridge map. */
  binaryVoteRadius: 1,
  binaryVoteMajority: 0.61,

  /** Skeleton graph filters (see skeleton-filters.ts). */
  maxPoreArm: 41,
  maxRuptureSize: 5,
  maxGapSize: 14,
  maxGapAngle: (45 * Math.PI) / 180,
  shortestJoinedEnding: 12,
  minTailLength: 21,
  minFragmentLength: 22,
  maxThinningIterations: 26,

  /** Ridge points from the end used to read a minutia's direction. */
  directionSkip: 2,
  directionSample: 24,

  /** Minutiae closer than this to the foreground edge are artefacts of the edge. */
  minBorderDistance: 12,
  /** Minutiae with more than maxCloudSize neighbours within cloudRadius sit in noise. */
  cloudRadius: 20,
  maxCloudSize: 4,
  /** Default cap on minutiae per template (highest quality kept). */
  maxMinutiae: 100,

  /** Contrast (gray-level standard deviation) and coherence regarded as fully clear. */
  fullContrast: 40,
  fullCoherence: 0.6,
  /** Border distance beyond which a minutia's reliability is no longer reduced; at the edge it is halved. */
  fullBorderDistance: 40,
  edgeReliability: 0.5,
  /** Half-width, in cells, of the area whose clarity gives a minutia's reliability. */
  reliabilityWindowCells: 2,
  /** Foreground area (pixels) regarded as a full impression for image quality. */
  fullForegroundArea: 60_000,
} as const;

type Widen<T> = { readonly [K in keyof T]: T[K] extends number ? number : T[K] };
export type ExtractorParameters = Widen<typeof EXTRACTOR_PARAMETERS>;
