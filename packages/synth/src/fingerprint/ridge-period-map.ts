import type { SeededRandom } from "../seeded-random.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import type { SingularPoints } from "./singular-points.js";
import { ValueNoise } from "./value-noise.js";

/**
 * Ridge period (pixels per ridge at 500 ppi). As in SFinGe's density map, ridges are sparser above the
 * uppermost core and below the lowest delta than in the central region; a smooth random field adds the
 * local variation that forces ridges to end or fork.
 */
export interface RidgePeriodMap {
  readonly base: number;
  readonly topY: number;
  readonly topExtra: number;
  readonly bottomY: number;
  readonly bottomExtra: number;
  readonly noise: ValueNoise;
}

export function drawRidgePeriodMap(
  singular: SingularPoints,
  centerY: number,
  random: SeededRandom,
): RidgePeriodMap {
  const coreYs = singular.cores.map((c) => c.y);
  const deltaYs = singular.deltas.map((d) => d.y);
  const topY = coreYs.length > 0 ? Math.min(...coreYs) : centerY - 40;
  const bottomY = deltaYs.length > 0 ? Math.max(...deltaYs) : centerY + 60;
  return {
    base: random.uniform(P.ridgePeriod[0], P.ridgePeriod[1]),
    topY,
    topExtra: random.uniform(P.ridgePeriodTopExtra[0], P.ridgePeriodTopExtra[1]),
    bottomY,
    bottomExtra: random.uniform(P.ridgePeriodBottomExtra[0], P.ridgePeriodBottomExtra[1]),
    noise: new ValueNoise(random, P.masterWidth, P.masterHeight, P.ridgePeriodNoiseCell),
  };
}

export function ridgePeriod(map: RidgePeriodMap, x: number, y: number): number {
  let period = map.base + P.ridgePeriodNoise * map.noise.at(x, y);
  if (y < map.topY) period += map.topExtra * smoothRamp((map.topY - y) / 120);
  if (y > map.bottomY) period += map.bottomExtra * smoothRamp((y - map.bottomY) / 120);
  return Math.min(P.ridgePeriodRange[1], Math.max(P.ridgePeriodRange[0], period));
}

function smoothRamp(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return c * c * (3 - 2 * c);
}
