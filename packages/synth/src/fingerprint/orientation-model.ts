import type { SeededRandom } from "../seeded-random.js";
import type { FingerShape } from "./finger-shape.js";
import type { FingerprintClass } from "./fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import type { Point, SingularPoints } from "./singular-points.js";

/**
 * Ridge orientation model: Sherlock–Monro zero-pole model (each core adds half its polar angle, each
 * delta subtracts it) with two corrections.
 *  - Each pole's polar angle goes through a random monotone warp α ↦ α + a₁·sin(α−φ₁) + a₂·sin(2(α−φ₂))
 *    (in the spirit of Vizcaya and Gerhardt's piecewise-linear correction): the plain model makes every
 *    loop look alike; the warp bends them differently while keeping the Poincaré index of every pole,
 *    because a monotone circle map still winds once.
 *  - An arch term θ += atan(slope of a Gaussian bump), strong for arches (which have no poles), weak for
 *    the other classes. A continuous single-valued addition to θ cannot create or remove singularities.
 * Angles are in image coordinates (x right, y down): the ridge runs along (cos θ, sin θ), θ ∈ [0, π).
 */
export interface OrientationModel {
  readonly cores: readonly Point[];
  readonly deltas: readonly Point[];
  /** Per pole (cores then deltas): a₁·cos φ₁, a₁·sin φ₁, a₂·cos 2φ₂, a₂·sin 2φ₂ (the warp expanded so it needs no sine). */
  readonly warps: Float64Array;
  readonly archX: number;
  readonly archY: number;
  readonly archBump: number;
  readonly archWidth: number;
  readonly archHeight: number;
}

export function drawOrientationModel(
  fingerClass: FingerprintClass,
  shape: FingerShape,
  singular: SingularPoints,
  random: SeededRandom,
): OrientationModel {
  const poles = singular.cores.length + singular.deltas.length;
  const warps = new Float64Array(poles * 4);
  for (let i = 0; i < poles; i++) {
    const a1 = random.uniform(-P.poleWarpAmplitude, P.poleWarpAmplitude);
    const phi1 = random.uniform(0, 2 * Math.PI);
    const a2 = random.uniform(-P.poleWarpAmplitude, P.poleWarpAmplitude);
    const phi2 = random.uniform(0, Math.PI);
    warps[i * 4] = a1 * Math.cos(phi1);
    warps[i * 4 + 1] = a1 * Math.sin(phi1);
    warps[i * 4 + 2] = a2 * Math.cos(2 * phi2);
    warps[i * 4 + 3] = a2 * Math.sin(2 * phi2);
  }
  const bumpRange = fingerClass === "arch" ? P.archBump : P.archBumpOtherClasses;
  const first = singular.cores[0];
  return {
    cores: singular.cores,
    deltas: singular.deltas,
    warps,
    archX: first?.x ?? shape.centerX + random.uniform(-P.coreLateral, P.coreLateral),
    archY: first?.y ?? shape.centerY + random.uniform(-0.1, 0.15) * shape.topHeight,
    archBump: random.uniform(bumpRange[0], bumpRange[1]),
    archWidth: random.uniform(P.archWidth[0], P.archWidth[1]),
    archHeight: random.uniform(P.archHeight[0], P.archHeight[1]),
  };
}

/** Ridge orientation at (x, y), in [0, π). */
export function ridgeOrientation(model: OrientationModel, x: number, y: number): number {
  let theta = 0;
  const warps = model.warps;
  let pole = 0;
  for (const core of model.cores) theta += 0.5 * warpedAngle(x - core.x, y - core.y, warps, pole++);
  for (const delta of model.deltas) theta -= 0.5 * warpedAngle(x - delta.x, y - delta.y, warps, pole++);
  const dx = (x - model.archX) / model.archWidth;
  const dy = (y - model.archY) / model.archHeight;
  theta += Math.atan(model.archBump * dx * Math.exp(-0.5 * dx * dx - dy * dy));
  theta %= Math.PI;
  return theta < 0 ? theta + Math.PI : theta;
}

/**
 * The pole's polar angle α of (dx, dy), warped: α + a₁·sin(α−φ₁) + a₂·sin(2(α−φ₂)), with the sines
 * expanded over sin α = dy/r and cos α = dx/r.
 */
function warpedAngle(dx: number, dy: number, warps: Float64Array, pole: number): number {
  const r = Math.sqrt(dx * dx + dy * dy);
  if (r === 0) return 0;
  const s = dy / r;
  const c = dx / r;
  const o = pole * 4;
  return (
    Math.atan2(dy, dx) +
    warps[o]! * s -
    warps[o + 1]! * c +
    warps[o + 2]! * (2 * s * c) -
    warps[o + 3]! * (c * c - s * s)
  );
}
