import type { SeededRandom } from "../seeded-random.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";

/**
 * Silhouette of a fingertip in master coordinates: an elliptical tip above the centre line and a
 * superellipse of exponent 3 below it (the finger's sides are almost straight down to the first crease).
 */
export interface FingerShape {
  readonly centerX: number;
  readonly centerY: number;
  readonly halfWidth: number;
  readonly topHeight: number;
  readonly bottomHeight: number;
}

export function drawFingerShape(random: SeededRandom): FingerShape {
  const halfWidth = random.uniform(P.shapeHalfWidth[0], P.shapeHalfWidth[1]);
  const topHeight = random.uniform(P.shapeTopHeight[0], P.shapeTopHeight[1]);
  const bottomHeight = Math.min(
    random.uniform(P.shapeBottomHeight[0], P.shapeBottomHeight[1]),
    P.masterHeight - P.shapeTopMargin - topHeight - 4,
  );
  return {
    centerX: P.masterWidth / 2,
    centerY: P.shapeTopMargin + topHeight,
    halfWidth,
    topHeight,
    bottomHeight,
  };
}

/** Normalised radius: < 1 inside the silhouette, 1 on its edge. */
export function shapeRadius(shape: FingerShape, x: number, y: number): number {
  const dy = y - shape.centerY;
  if (dy <= 0) return Math.sqrt(shapeRadiusPower(shape, x, y));
  return Math.cbrt(shapeRadiusPower(shape, x, y));
}

/** True when (x, y) lies inside the silhouette at least `margin` pixels from its edge (approximately). */
export function insideShape(shape: FingerShape, x: number, y: number, margin = 0): boolean {
  const limit = 1 - margin / Math.min(shape.halfWidth, shape.topHeight);
  if (limit <= 0) return false;
  const power = shapeRadiusPower(shape, x, y);
  return y <= shape.centerY ? power < limit * limit : power < limit * limit * limit;
}

/** The radius raised to the exponent of its half (2 above the centre line, 3 below), which avoids a root. */
function shapeRadiusPower(shape: FingerShape, x: number, y: number): number {
  const u = Math.abs(x - shape.centerX) / shape.halfWidth;
  const dy = y - shape.centerY;
  if (dy <= 0) {
    const v = dy / shape.topHeight;
    return u * u + v * v;
  }
  const v = dy / shape.bottomHeight;
  return u * u * u + v * v * v;
}
