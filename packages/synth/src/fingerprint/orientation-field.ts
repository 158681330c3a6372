import type { OrientationModel } from "./orientation-model.js";

/**
 * The orientation model of orientation-model.ts flattened into numbers, for generators that read it at
 * millions of points. It evaluates the same field with one atan2 in place of one per pole: the half
 * polar angles of the poles add up to half the argument of the product of their unit vectors (deltas
 * conjugated), and a turn of 2π in that argument is a turn of π in the result, which the field is
 * taken modulo anyway. Agrees with ridgeOrientation to rounding.
 */
export interface OrientationField {
  /** Per pole: x, y, ±½ (core or delta), then the four warp coefficients. */
  readonly poles: Float64Array;
  readonly poleCount: number;
  readonly archX: number;
  readonly archY: number;
  readonly archBump: number;
  readonly inverseArchWidth: number;
  readonly inverseArchHeight: number;
}

const STRIDE = 7;

export function orientationField(model: OrientationModel): OrientationField {
  const poleCount = model.cores.length + model.deltas.length;
  const poles = new Float64Array(poleCount * STRIDE);
  const all = [...model.cores, ...model.deltas];
  for (let i = 0; i < poleCount; i++) {
    const o = i * STRIDE;
    poles[o] = all[i]!.x;
    poles[o + 1] = all[i]!.y;
    poles[o + 2] = i < model.cores.length ? 0.5 : -0.5;
    for (let k = 0; k < 4; k++) poles[o + 3 + k] = model.warps[i * 4 + k]!;
  }
  return {
    poles,
    poleCount,
    archX: model.archX,
    archY: model.archY,
    archBump: model.archBump,
    inverseArchWidth: 1 / model.archWidth,
    inverseArchHeight: 1 / model.archHeight,
  };
}

/** Ridge orientation at (x, y) in image coordinates, in [0, π). */
export function fieldOrientation(field: OrientationField, x: number, y: number): number {
  const poles = field.poles;
  let re = 1;
  let im = 0;
  let warp = 0;
  for (let o = 0, end = field.poleCount * STRIDE; o < end; o += STRIDE) {
    const dx = x - poles[o]!;
    const dy = y - poles[o + 1]!;
    const r2 = dx * dx + dy * dy;
    if (r2 === 0) continue;
    const inverse = 1 / Math.sqrt(r2);
    const c = dx * inverse;
    const half = poles[o + 2]!;
    // A delta turns the product the other way: multiply by the conjugate.
    const s = half > 0 ? dy * inverse : -dy * inverse;
    const nextRe = re * c - im * s;
    im = re * s + im * c;
    re = nextRe;
    const sy = dy * inverse;
    warp +=
      half *
      (poles[o + 3]! * sy -
        poles[o + 4]! * c +
        poles[o + 5]! * (2 * sy * c) -
        poles[o + 6]! * (c * c - sy * sy));
  }
  const ax = (x - field.archX) * field.inverseArchWidth;
  const ay = (y - field.archY) * field.inverseArchHeight;
  const exponent = -0.5 * ax * ax - ay * ay;
  // Beyond e⁻³⁰ the arch bump is below rounding: skip the exp.
  const arch = exponent > -30 ? fastAtan(field.archBump * ax * fastExp(exponent)) : 0;
  let theta = 0.5 * fastAtan2(im, re) + warp + arch;
  theta -= Math.floor(theta / Math.PI) * Math.PI;
  return theta < Math.PI ? theta : 0;
}

/** 2^−i at index i = 0 … 44: the powers of two fastExp needs for arguments in (−30, 0]. */
const POWERS_OF_TWO = Float64Array.from({ length: 45 }, (_, k) => 2 ** -k);

/**
 * exp(x) for x in (−30, 0]: 2^k·2^f with k the nearest integer to x·log₂e and |f| ≤ ½, 2^f by its
 * Taylor series to f⁵ (relative error under 3e-6, an arch-term error under 1e-5 rad); about three
 * times cheaper than Math.exp, which the field calls once per point.
 */
function fastExp(x: number): number {
  const t = x * Math.LOG2E;
  const k = Math.round(t);
  const f = (t - k) * Math.LN2;
  const series = 1 + f * (1 + f * (0.5 + f * (1 / 6 + f * (1 / 24 + f * (1 / 120)))));
  return series * POWERS_OF_TWO[-k]!;
}

/**
 * atan on [−1, 1] by a minimax polynomial (error below 1e-5 rad, far under the angle noise of any
 * template), folded through atan(z) = ±π/2 − atan(1/z) outside it; several times cheaper than Math.atan.
 */
function fastAtan(z: number): number {
  if (z > 1) return Math.PI / 2 - atanUnit(1 / z);
  if (z < -1) return -Math.PI / 2 - atanUnit(1 / z);
  return atanUnit(z);
}

function atanUnit(z: number): number {
  const z2 = z * z;
  return (
    z *
    (0.99997726 +
      z2 * (-0.33262347 + z2 * (0.19354346 + z2 * (-0.11643287 + z2 * (0.05265332 + z2 * -0.0117212)))))
  );
}

function fastAtan2(y: number, x: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax === 0 && ay === 0) return 0;
  let a = ay <= ax ? atanUnit(ay / ax) : Math.PI / 2 - atanUnit(ax / ay);
  if (x < 0) a = Math.PI - a;
  return y < 0 ? -a : a;
}
