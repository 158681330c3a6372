import type { ScoreCalibration } from "./score-calibration.js";

/**
 * The calibration used when none is given: fitted by `fitScoreCalibration` on the 11,520 impostor
 * scores (every cross-finger pair, each database separately) of FVC2002 B DB1–DB4, templates from
 * Tenprint's own extractor, printed by `npx tsx packages/afis/bench/compare.ts --only images
 * --calibration`. Refit whenever the extractor or the matcher changes. Below FMR ≈ 1e-3 the figures are
 * an exponential extrapolation of the measured tail, not a measurement.
 */
export const DEFAULT_CALIBRATION: ScoreCalibration = {
  source: "FVC2002 B DB1-DB4 images, all cross-finger pairs",
  impostorCount: 11520,
  knots: [
    [0, 0],
    [4.686993786165281, -0.3010299956639812],
    [5.8959769304727025, -0.6989700043360187],
    [6.723219113570836, -1],
    [7.566207518116121, -1.3010299956639813],
    [8.530441299035612, -1.6997246430696005],
    [9.284851845866694, -2.0007546387335817],
    [9.945029745944845, -2.2980244855242558],
    [10.79578227974472, -2.6997246430696005],
    [12.123806326545965, -2.9822712330395684],
  ],
  tailSlope: -0.38901699434690135,
};
