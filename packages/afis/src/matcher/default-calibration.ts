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
    [4.687, -0.2011],
    [5.896, -0.253],
    [6.5713, -0.2819],
    [6.7232, -0.2885],
    [6.7445, -0.2894],
    [7.0161, -0.301],
    [7.5662, -0.3962],
    [8.5304, -0.563],
    [9.0741, -0.657],
    [9.1279, -0.6663],
    [9.2849, -0.6935],
    [9.3167, -0.699],
    [9.945, -0.8165],
    [10.6054, -0.94],
    [10.7456, -0.9662],
    [10.7958, -0.9756],
    [10.9263, -1.0],
    [12.0714, -1.233],
    [12.1238, -1.2437],
    [12.2204, -1.2633],
    [12.4057, -1.301],
    [13.8722, -1.6149],
    [13.8998, -1.6208],
    [14.2649, -1.699],
    [15.046, -1.8627],
    [15.1645, -1.8875],
    [15.701, -2.0],
    [16.3006, -2.1414],
    [16.3389, -2.1505],
    [16.973, -2.3001],
    [17.719, -2.4857],
    [17.7281, -2.4879],
    [18.5841, -2.7009],
    [18.6683, -2.7201],
    [18.8865, -2.7698],
    [19.4564, -2.8995],
    [19.6153, -2.9357],
    [19.8852, -2.9971],
    [20.7286, -3.3079],
    [20.9074, -3.3503],
  ],
  tailSlope: -0.2372,
};
