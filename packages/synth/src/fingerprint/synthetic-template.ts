import type { FingerprintTemplate, Minutia } from "@tenprint/afis";
import { mix32, SeededRandom } from "../seeded-random.js";
import { drawFingerShape, type FingerShape, insideShape } from "./finger-shape.js";
import { drawFingerprintClass, type FingerprintClass } from "./fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import { tenFingerClasses } from "./hand-classes.js";
import { drawImpressionGeometry, impressionToMaster, masterToImpression } from "./impression-geometry.js";
import { drawOrientationModel, type OrientationModel, ridgeOrientation } from "./orientation-model.js";
import { placeSingularPoints, type SingularPoints } from "./singular-points.js";

export interface SyntheticTemplateOptions {
  readonly seed: number;
  /** Which synthetic person (or finger, when `finger` is absent); any integer in [0, 2^53). */
  readonly identity: number;
  /** ANSI/NIST finger position 1–10: the class then follows the person's correlated hand model. */
  readonly finger?: number;
  /** Impression number: 0 is the master itself (all of its minutiae, no noise). */
  readonly impression: number;
}

const TEMPLATE_STREAM = 0x544d504c;

/**
 * A plain-impression template straight from a minutiae model, without drawing any image: thousands
 * per second, for distractor galleries of 10⁵–10⁶ identities. The master finger has the silhouette,
 * singular points and orientation model of the image generator; minutiae sit at a minimum spacing,
 * denser near cores and deltas, pointing along the ridge flow. An impression cuts a contact region
 * through the same placement and distortion model as the images, loses some minutiae, gains spurious
 * ones, and jitters positions, angles and types as an extractor would. Every template depends only
 * on (seed, identity, finger, impression), so any identity can be regenerated on its own.
 */
export function syntheticTemplate(options: SyntheticTemplateOptions): FingerprintTemplate {
  const finger = options.finger ?? 0;
  const random = SeededRandom.fromNumbers(options.seed, options.identity, finger, TEMPLATE_STREAM);
  const fingerClass: FingerprintClass =
    finger >= 1 && finger <= 10
      ? tenFingerClasses(options.seed, options.identity)[finger - 1]!
      : drawFingerprintClass(random);
  const shape = drawFingerShape(random);
  const singular = placeSingularPoints(fingerClass, shape, random);
  const orientation = drawOrientationModel(fingerClass, shape, singular, random);
  const grid = drawMasterGrid(shape, singular, random);
  if (options.impression === 0) {
    const minutiae: Minutia[] = [];
    for (let cy = 0; cy < CELLS_Y; cy++) {
      for (let cx = 0; cx < CELLS_X; cx++) {
        const m = cellPoint(grid, cx, cy);
        if (!m) continue;
        const direction = isoDirection(ridgeOrientation(orientation, m.x, m.y), m.reverse);
        minutiae.push({ x: m.x, y: m.y, direction, type: m.type, quality: 100 });
      }
    }
    return { width: P.masterWidth, height: P.masterHeight, minutiae, quality: 0 };
  }
  return impressionOf(grid, shape, singular, orientation, options);
}

/** Templates of identities first … first+count−1, one impression each, generated lazily. */
export function* syntheticTemplates(options: {
  readonly seed: number;
  readonly count: number;
  readonly impression: number;
  readonly firstIdentity?: number;
}): Generator<FingerprintTemplate> {
  const first = options.firstIdentity ?? 0;
  for (let identity = first; identity < first + options.count; identity++) {
    yield syntheticTemplate({ seed: options.seed, identity, impression: options.impression });
  }
}

/** A master minutia before its direction is read off the orientation model (done only when it is shown). */
interface MasterPoint {
  readonly x: number;
  readonly y: number;
  readonly reverse: boolean;
  readonly type: "ending" | "bifurcation";
}

/** The master's minutiae: one candidate per grid cell, each drawn from a hash of (finger key, cell). */
interface MasterGrid {
  readonly key: number;
  /** Probability that a cell of density 1 holds a minutia. */
  readonly occupancy: number;
  readonly shape: FingerShape;
  readonly poles: readonly { readonly x: number; readonly y: number }[];
  /** Upper bound of the local density (overlapping pole bumps add up). */
  readonly maxDensity: number;
}

const CELL = P.templateCell;
const CELL_MARGIN = P.templateMinSpacing / 2;
const CELLS_X = Math.ceil(P.masterWidth / CELL);
const CELLS_Y = Math.ceil(P.masterHeight / CELL);
/** Area of a superellipse of exponent 3 is 4ab·Γ(4/3)²/Γ(5/3); half of it lies below the centre line. */
const HALF_SUPERELLIPSE = (2 * 0.8929795 ** 2) / 0.9027453;

function drawMasterGrid(shape: FingerShape, singular: SingularPoints, random: SeededRandom): MasterGrid {
  const target = random.uniform(P.templateMasterMinutiae[0], P.templateMasterMinutiae[1]);
  // Minutiae keep off the silhouette's edge, so only the shrunken silhouette counts.
  const shrink = (1 - P.minutiaBorderMargin / Math.min(shape.halfWidth, shape.topHeight)) ** 2;
  const area =
    shrink *
    ((Math.PI / 2) * shape.halfWidth * shape.topHeight +
      HALF_SUPERELLIPSE * shape.halfWidth * shape.bottomHeight);
  const poles = [...singular.cores, ...singular.deltas];
  const boostArea = poles.length * P.templateSingularBoost * (Math.PI / 3) * P.templateSingularRadius ** 2;
  const meanDensity = poles.length === 0 ? 1 : 1 - P.templateSingularBoost + boostArea / area;
  return {
    key: random.uint32(),
    occupancy: Math.min(1, (target * CELL * CELL) / (area * meanDensity)),
    shape,
    poles,
    maxDensity: poles.length === 0 ? 1 : 1 - P.templateSingularBoost + poles.length * P.templateSingularBoost,
  };
}

/**
 * The minutia of cell (cx, cy), if it has one. Positions keep CELL_MARGIN from the cell's edges, so
 * minutiae of neighbouring cells are never closer than the minimum spacing; the local density (raised
 * near cores and deltas) decides whether the cell is occupied. Because each cell depends on nothing
 * but its own hash, an impression only visits the cells its contact region can reach.
 */
function cellPoint(grid: MasterGrid, cx: number, cy: number): MasterPoint | undefined {
  const h0 = mix32(grid.key ^ Math.imul(cy * CELLS_X + cx + 1, 0x9e3779b1));
  const draw = h0 / 0x100000000;
  // Most cells are empty: reject them before any geometry (density never exceeds its bound).
  if (draw >= grid.occupancy * grid.maxDensity) return undefined;
  const h1 = mix32(h0 ^ 0x6a09e667);
  const span = CELL - 2 * CELL_MARGIN;
  const x = cx * CELL + CELL_MARGIN + ((h1 & 0xffff) / 0x10000) * span;
  const y = cy * CELL + CELL_MARGIN + ((h1 >>> 16) / 0x10000) * span;
  if (grid.poles.length > 0) {
    let density = 1 - P.templateSingularBoost;
    for (const p of grid.poles) {
      // Compact bump (1 − d²)²: the shape of a Gaussian without an exp in the hottest loop.
      const d2 = ((x - p.x) ** 2 + (y - p.y) ** 2) / P.templateSingularRadius ** 2;
      if (d2 < 1) density += P.templateSingularBoost * (1 - d2) * (1 - d2);
    }
    if (draw >= grid.occupancy * density) return undefined;
  }
  if (!insideShape(grid.shape, x, y, P.minutiaBorderMargin)) return undefined;
  const h2 = mix32(h1 ^ 0xbb67ae85);
  return {
    x,
    y,
    reverse: (h2 & 1) === 1,
    type: (h2 >>> 1) / 0x80000000 < P.templateBifurcationShare ? "bifurcation" : "ending",
  };
}

function impressionOf(
  grid: MasterGrid,
  shape: FingerShape,
  singular: SingularPoints,
  orientation: OrientationModel,
  options: SyntheticTemplateOptions,
): FingerprintTemplate {
  const random = SeededRandom.fromNumbers(
    options.seed,
    options.identity,
    options.finger ?? 0,
    options.impression,
    TEMPLATE_STREAM,
  );
  const g = drawImpressionGeometry("plain", shape, singular, random);
  const missing = random.uniform(P.templateMissing[0], P.templateMissing[1]);
  const spurious = random.uniform(P.templateSpurious[0], P.templateSpurious[1]);
  const margin = P.minutiaBorderMargin;
  const contactLimit = 1 - margin / Math.min(g.contactHalfWidth, g.contactHalfHeight);
  const rotation = Math.atan2(g.sin, g.cos);
  const angleNoise = (P.templateAngleNoiseDegrees / 180) * Math.PI;
  const point = new Float64Array(2);
  const minutiae: Minutia[] = [];
  const reach = 1 + (P.distortionShift[1] + margin) / Math.min(g.contactHalfWidth, g.contactHalfHeight);
  const cy0 = Math.max(0, Math.floor((g.contactY - reach * g.contactHalfHeight) / CELL));
  const cy1 = Math.min(CELLS_Y - 1, Math.floor((g.contactY + reach * g.contactHalfHeight) / CELL));
  for (let cy = cy0; cy <= cy1; cy++) {
    // Only the cells of this row that the reach ellipse touches (its widest point within the row).
    const rowY = Math.min(Math.max(g.contactY, cy * CELL), (cy + 1) * CELL);
    const v = (rowY - g.contactY) / (reach * g.contactHalfHeight);
    const halfSpan = reach * g.contactHalfWidth * Math.sqrt(Math.max(0, 1 - v * v));
    const cx0 = Math.max(0, Math.floor((g.contactX - halfSpan) / CELL));
    const cx1 = Math.min(CELLS_X - 1, Math.floor((g.contactX + halfSpan) / CELL));
    for (let cx = cx0; cx <= cx1; cx++) {
      const m = cellPoint(grid, cx, cy);
      if (!m) continue;
      // Outside the contact region even after the largest slip: skip the distortion inverse.
      const rx = (m.x - g.contactX) / g.contactHalfWidth;
      const ry = (m.y - g.contactY) / g.contactHalfHeight;
      if (rx * rx + ry * ry > reach * reach) continue;
      if (random.next() < missing) continue;
      const noiseX = P.templatePositionNoise * random.quickNormal();
      const noiseY = P.templatePositionNoise * random.quickNormal();
      const angle = angleNoise * random.quickNormal();
      const flip = random.next() < P.templateTypeFlip;
      // Half a pixel is plenty next to the positional noise added below.
      const contact = masterToImpression(g, m.x, m.y, point, 0.5);
      const x = point[0]! + noiseX;
      const y = point[1]! + noiseY;
      if (
        contact > contactLimit ||
        x < margin ||
        y < margin ||
        x >= g.width - margin ||
        y >= g.height - margin
      )
        continue;
      minutiae.push({
        x,
        y,
        direction: wrapAngle(
          isoDirection(ridgeOrientation(orientation, m.x, m.y), m.reverse) + rotation + angle,
        ),
        type: flip ? (m.type === "ending" ? "bifurcation" : "ending") : m.type,
        quality: 60,
      });
    }
  }
  const extra = Math.round(minutiae.length * spurious);
  for (let added = 0, attempt = 0; added < extra && attempt < extra * 20; attempt++) {
    const x = margin + random.next() * (g.width - 2 * margin);
    const y = margin + random.next() * (g.height - 2 * margin);
    const contact = impressionToMaster(g, x, y, point);
    if (contact > contactLimit || !insideShape(shape, point[0]!, point[1]!, margin)) continue;
    const ridge = ridgeOrientation(orientation, point[0]!, point[1]!);
    minutiae.push({
      x,
      y,
      direction: wrapAngle(isoDirection(ridge, random.next() < 0.5) + rotation),
      type: random.next() < 0.5 ? "ending" : "bifurcation",
      quality: 30,
    });
    added++;
  }
  return { width: g.width, height: g.height, minutiae, quality: 0 };
}

/** ISO angle (counter-clockwise, y up) of a ridge at image-frame orientation θ, in one of its two senses. */
function isoDirection(ridge: number, reverse: boolean): number {
  return wrapAngle(-ridge + (reverse ? Math.PI : 0));
}

function wrapAngle(a: number): number {
  const twoPi = 2 * Math.PI;
  a %= twoPi;
  return a < 0 ? a + twoPi : a;
}
