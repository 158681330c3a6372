/**
 * The false-match rate `tenprint afis compare` decides at unless --fmr says otherwise: one impostor pair
 * in 10,000 scores above the threshold, the 1:1 verification operating point of the calibration
 * (packages/afis/src/matcher/score-calibration.ts) within the range its impostor scores measured.
 */
export const DEFAULT_COMPARE_FMR = 1e-4;
