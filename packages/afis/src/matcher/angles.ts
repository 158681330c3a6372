export const TWO_PI = 2 * Math.PI;

/** Angle in [0, 2π). */
export function normalizeAngle(a: number): number {
  const r = a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}

/** Absolute difference of two angles, in [0, π]. */
export function angleDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % TWO_PI;
  return d > Math.PI ? TWO_PI - d : d;
}

/**
 * atan2 to within about 0.0015 rad: edge angles are compared with tolerances near 0.2 rad, and
 * Math.atan2 dominates the cost of preparing templates.
 */
export function fastAtan2(y: number, x: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax === 0 && ay === 0) return 0;
  const swap = ay > ax;
  const t = swap ? ax / ay : ay / ax;
  const s = t * t;
  let r = ((-0.0464964749 * s + 0.15931422) * s - 0.327622764) * s * t + t;
  if (swap) r = Math.PI / 2 - r;
  if (x < 0) r = Math.PI - r;
  return y < 0 ? -r : r;
}

/**
 * Edge angles are stored in 1/256 turns so that comparing two of them is integer arithmetic and a
 * table lookup instead of floating-point modulo.
 */
export const ANGLE_UNITS = 256;

export function toAngleUnits(radians: number): number {
  return Math.round((radians / (2 * Math.PI)) * 256) & 255;
}

export function angleUnitsToRadians(units: number): number {
  return (units / ANGLE_UNITS) * TWO_PI;
}

/** UNIT_ANGLE_DISTANCE[(a − b) & 255] = circular distance of two unit angles, 0–128. */
export const UNIT_ANGLE_DISTANCE: Uint8Array = Uint8Array.from({ length: ANGLE_UNITS }, (_, d) =>
  Math.min(d, ANGLE_UNITS - d),
);
