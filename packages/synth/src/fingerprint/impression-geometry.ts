import type { SeededRandom } from "../seeded-random.js";
import type { FingerShape } from "./finger-shape.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import type { SingularPoints } from "./singular-points.js";

export type ImpressionKind = "plain" | "rolled";

/**
 * Where an impression's pixels come from on the master. Pressing a finger on a flat surface: the part
 * inside an elliptical contact region touches the surface; the image is that region moved and rotated
 * (placement), with Cappelli's non-linear distortion on top — a close-contact core that does not slip,
 * an outer region displaced and twisted as a whole, and a transition between them governed by a
 * "brake" function 1 − exp(−(d/k)²) of the normalised distance d beyond the close-contact radius.
 */
export interface ImpressionGeometry {
  readonly kind: ImpressionKind;
  readonly width: number;
  readonly height: number;
  readonly contactX: number;
  readonly contactY: number;
  readonly contactHalfWidth: number;
  readonly contactHalfHeight: number;
  readonly cos: number;
  readonly sin: number;
  readonly shiftX: number;
  readonly shiftY: number;
  readonly innerRadius: number;
  readonly slipX: number;
  readonly slipY: number;
  readonly twistCos: number;
  readonly twistSin: number;
}

export function drawImpressionGeometry(
  kind: ImpressionKind,
  shape: FingerShape,
  singular: SingularPoints,
  random: SeededRandom,
): ImpressionGeometry {
  const rolled = kind === "rolled";
  let contactX: number;
  let contactY: number;
  let contactHalfWidth: number;
  let contactHalfHeight: number;
  if (rolled) {
    const s = random.uniform(P.rolledContactScale[0], P.rolledContactScale[1]);
    contactHalfWidth = shape.halfWidth * s;
    contactHalfHeight = ((shape.topHeight + shape.bottomHeight) / 2) * s;
    contactX = shape.centerX;
    contactY = shape.centerY - shape.topHeight + contactHalfHeight + random.uniform(0, 20);
  } else {
    const points = [...singular.cores];
    const anchorX = points.length > 0 ? points.reduce((s, p) => s + p.x, 0) / points.length : shape.centerX;
    const anchorY = points.length > 0 ? points.reduce((s, p) => s + p.y, 0) / points.length : shape.centerY;
    const jitter = random.uniform(P.plainContactJitter[0], P.plainContactJitter[1]);
    contactX = anchorX + random.uniform(-jitter, jitter);
    contactY =
      anchorY +
      random.uniform(P.plainContactOffsetDown[0], P.plainContactOffsetDown[1]) +
      random.uniform(-jitter, jitter);
    contactHalfWidth = random.uniform(P.plainContactHalfWidth[0], P.plainContactHalfWidth[1]);
    contactHalfHeight = random.uniform(P.plainContactHalfHeight[0], P.plainContactHalfHeight[1]);
  }
  const placement = rolled ? 0.4 : 1;
  const rotation = ((random.uniform(-1, 1) * P.rotationDegrees * placement) / 180) * Math.PI;
  const slip = random.uniform(P.distortionShift[0], P.distortionShift[1]);
  const slipAngle = random.uniform(0, 2 * Math.PI);
  const twist = ((random.uniform(-1, 1) * P.distortionTwistDegrees) / 180) * Math.PI;
  return {
    kind,
    width: rolled ? P.rolledWidth : P.plainWidth,
    height: rolled ? P.rolledHeight : P.plainHeight,
    contactX,
    contactY,
    contactHalfWidth,
    contactHalfHeight,
    cos: Math.cos(rotation),
    sin: Math.sin(rotation),
    shiftX: random.uniform(-1, 1) * P.translation * placement,
    shiftY: random.uniform(-1, 1) * P.translation * placement,
    innerRadius: random.uniform(P.distortionInnerRadius[0], P.distortionInnerRadius[1]),
    slipX: slip * Math.cos(slipAngle),
    slipY: slip * Math.sin(slipAngle),
    twistCos: Math.cos(twist),
    twistSin: Math.sin(twist),
  };
}

/**
 * Maps impression pixel (x, y) to master coordinates; writes them to out[0], out[1] and returns the
 * normalised contact radius (< 1 inside the contact region).
 */
export function impressionToMaster(g: ImpressionGeometry, x: number, y: number, out: Float64Array): number {
  const qx = x - g.width / 2;
  const qy = y - g.height / 2;
  const px = g.contactX - g.shiftX + g.cos * qx - g.sin * qy;
  const py = g.contactY - g.shiftY + g.sin * qx + g.cos * qy;
  const rx = (px - g.contactX) / g.contactHalfWidth;
  const ry = (py - g.contactY) / g.contactHalfHeight;
  const radius = Math.sqrt(rx * rx + ry * ry);
  let brake = 0;
  if (radius > g.innerRadius) {
    const d = (radius - g.innerRadius) / P.distortionBrake;
    brake = 1 - Math.exp(-d * d);
  }
  const cx = px - g.contactX;
  const cy = py - g.contactY;
  const displacedX = g.contactX + g.slipX + g.twistCos * cx - g.twistSin * cy;
  const displacedY = g.contactY + g.slipY + g.twistSin * cx + g.twistCos * cy;
  out[0] = px + brake * (displacedX - px);
  out[1] = py + brake * (displacedY - py);
  return radius;
}

/**
 * Inverse of impressionToMaster for a master point, by fixed-point iteration on the rigid part (the
 * distortion is a small, smooth perturbation of it, so a few steps reach `tolerance` pixels).
 */
export function masterToImpression(
  g: ImpressionGeometry,
  mx: number,
  my: number,
  out: Float64Array,
  tolerance = 0.03,
): number {
  let x = g.width / 2 + g.cos * (mx - g.contactX + g.shiftX) + g.sin * (my - g.contactY + g.shiftY);
  let y = g.height / 2 - g.sin * (mx - g.contactX + g.shiftX) + g.cos * (my - g.contactY + g.shiftY);
  let radius = 0;
  for (let step = 0; step < 8; step++) {
    radius = impressionToMaster(g, x, y, out);
    const ex = out[0]! - mx;
    const ey = out[1]! - my;
    x -= g.cos * ex + g.sin * ey;
    y -= -g.sin * ex + g.cos * ey;
    if (ex * ex + ey * ey < tolerance * tolerance) break;
  }
  out[0] = x;
  out[1] = y;
  return radius;
}
