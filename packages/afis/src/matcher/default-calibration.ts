import type { ScoreCalibration } from "./score-calibration.js";

/**
 * The calibration used when none is given, written by `npx tsx packages/afis/bench/calibrate.ts --write`
 * (see that script and docs/decisions/0006-calibration-envelope.md): the envelope (largest FMR at each
 * score) of impostor populations that do not share one calibration, real FVC2002 B plain impressions
 * and engine-rendered synthetic rolled and plain prints. Refit whenever the extractor, the matcher or
 * the synthetic generator changes. Beyond the last knot the figures are an exponential extrapolation of
 * the measured tail, not a measurement.
 *
 * Impostor populations (scores):
 *  - FVC2002 B DB1-DB4 images, all cross-finger pairs (11520)
 *  - synthetic engine-rendered rolled-rolled, 150 masters, all cross-master pairs (44700)
 *  - synthetic engine-rendered plain-rolled, 150 masters, all cross-master pairs (89400)
 *  - synthetic engine-rendered plain-plain, 150 masters, all cross-master pairs (44700)
 */
export const DEFAULT_CALIBRATION: ScoreCalibration = {
  source:
    "envelope of 4 impostor populations: FVC2002 B images, synthetic engine-rendered rolled and plain prints",
  impostorCount: 11520,
  knots: [
    [0.0, 0.0],
    [2.8011, 0.0],
    [4.6874, -0.1347],
    [5.8983, -0.2211],
    [6.5745, -0.2694],
    [6.7265, -0.2802],
    [6.7467, -0.2817],
    [7.0178, -0.301],
    [7.5681, -0.3962],
    [8.5536, -0.5666],
    [9.0768, -0.6571],
    [9.1318, -0.6666],
    [9.2868, -0.6935],
    [9.3187, -0.699],
    [9.945, -0.8161],
    [10.6071, -0.9399],
    [10.7483, -0.9663],
    [10.7958, -0.9751],
    [10.9287, -1.0],
    [12.0745, -1.2332],
    [12.1238, -1.2432],
    [12.2232, -1.2635],
    [12.4077, -1.301],
    [13.8765, -1.6147],
    [13.9012, -1.62],
    [14.2712, -1.699],
    [15.0482, -1.8625],
    [15.1646, -1.887],
    [15.7017, -2.0],
    [16.3006, -2.1414],
    [16.3414, -2.151],
    [16.973, -2.3001],
    [17.7233, -2.4867],
    [17.7281, -2.4879],
    [18.5841, -2.7009],
    [18.6683, -2.7201],
    [18.9079, -2.7746],
    [19.4564, -2.8995],
    [19.6153, -2.9357],
    [19.8852, -2.9971],
    [20.7286, -3.3079],
    [20.9074, -3.3504],
  ],
  tailSlope: -0.2376,
};
