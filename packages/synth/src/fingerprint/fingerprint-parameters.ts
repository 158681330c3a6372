/**
 * Every tuning constant of the synthetic fingerprint pipeline, in pixels at 500 ppi unless stated.
 * Values were chosen by looking at the generated prints and at the statistics the tests check.
 */
export const FINGERPRINT_PARAMETERS = {
  /** The master is drawn on a canvas large enough for a rolled impression (nail to nail). */
  masterWidth: 448,
  masterHeight: 576,
  /** Finger silhouette: half width, and heights of the rounded tip and of the lower part. */
  shapeHalfWidth: [165, 200],
  shapeTopHeight: [205, 240],
  shapeBottomHeight: [245, 285],
  shapeTopMargin: 18,

  /** Where singular points sit, as offsets from the silhouette centre line / tip. */
  coreDepth: [0.36, 0.48],
  coreLateral: 22,
  loopDeltaDx: [60, 110],
  loopDeltaDy: [110, 160],
  whorlCoreSeparation: [18, 55],
  whorlDeltaDx: [105, 150],
  whorlDeltaDy: [105, 160],
  tentedDeltaDy: [55, 95],
  /** Deltas are kept at least this far inside the silhouette. */
  singularMargin: 30,
  /** Vizcaya–Gerhardt style correction: a monotone warp of each pole's angle (keeps the Poincaré index). */
  poleWarpAmplitude: 0.14,
  /** Arch term added to every class (strong for arches), see orientation-model.ts. */
  archBump: [1.1, 1.9],
  archBumpOtherClasses: [0, 0.35],
  archWidth: [70, 110],
  archHeight: [120, 190],

  /** Ridge period: base, extra period above the cores and below the deltas, smooth noise. */
  ridgePeriod: [8.0, 9.8],
  ridgePeriodTopExtra: [0.6, 1.6],
  ridgePeriodBottomExtra: [0.4, 1.2],
  ridgePeriodNoise: 0.45,
  ridgePeriodNoiseCell: 64,
  ridgePeriodRange: [6.8, 12.5],

  /** Contextual filtering runs at half resolution: ridges (period ≥ 7 px) survive it and it is 16× cheaper. */
  growthScale: 2,
  gaborRadius: 4,
  gaborOrientationBins: 32,
  gaborPeriodBinWidth: 0.2,
  /** Filter spread across and along the ridges, as a fraction of the (half-resolution) period. */
  gaborSigmaAcross: 0.42,
  gaborSigmaAlong: 0.62,
  /** Kernel taps below this fraction of the kernel's largest weight are skipped. */
  gaborTapThreshold: 0.04,
  growthGain: 2.0,
  growthIterations: 16,
  /** Seeds per 10,000 half-resolution pixels of finger area; more seeds → more minutiae. */
  seedDensity: 18,

  /** Ground-truth minutiae from the master's clean binary pattern. */
  minutiaBorderMargin: 14,
  minutiaPairDistance: 7,
  minutiaTraceLength: 10,

  /** Impressions. Output sizes match FVC2002 DB4 (plain) and a rolled card box. */
  plainWidth: 288,
  plainHeight: 384,
  rolledWidth: 416,
  rolledHeight: 544,
  plainContactHalfWidth: [120, 165],
  plainContactHalfHeight: [165, 230],
  plainContactJitter: [25, 50],
  plainContactOffsetDown: [0, 45],
  rolledContactScale: [0.9, 1],
  translation: 40,
  rotationDegrees: 17,
  /** Cappelli's distortion: close-contact radius (fraction of the contact ellipse), brake width, outer shift. */
  distortionInnerRadius: [0.1, 0.4],
  distortionBrake: 0.45,
  distortionShift: [8, 24],
  distortionTwistDegrees: 4,
  /** Ridge threshold on the grown field in [-1, 1]: negative = heavy pressure/wet, positive = dry. */
  pressure: [-0.45, 0.45],
  dryness: [0, 0.9],
  drynessCell: 28,
  /** Half width of the soft threshold, in field units (anti-aliasing of ridge edges). */
  edgeSoftness: 0.3,
  background: [170, 235],
  /** Background shading: a linear gradient across the frame and smooth blotches, in gray levels. */
  backgroundGradient: [0, 45],
  backgroundBlotches: [0, 25],
  backgroundBlotchCell: 48,
  /** Skin grain: fine noise on the ridge threshold that breaks ridges into blobs and opens pores. */
  grain: [0.5, 1.7],
  grainCell: 2.5,
  ridgeGray: [25, 95],
  noise: [6, 20],
  contactFade: 0.08,

  /** Template-level generator. */
  templateMasterMinutiae: [70, 115],
  templateMinSpacing: 9,
  /** Grid of master minutia candidates: one per cell, jittered within it. */
  templateCell: 24,
  templateSingularBoost: 0.4,
  templateSingularRadius: 70,
  templateBifurcationShare: 0.45,
  templateMissing: [0.06, 0.22],
  templateSpurious: [0.03, 0.14],
  templatePositionNoise: 2.2,
  templateAngleNoiseDegrees: 7,
  templateTypeFlip: 0.08,
} as const;

export type FingerprintParameters = typeof FINGERPRINT_PARAMETERS;
