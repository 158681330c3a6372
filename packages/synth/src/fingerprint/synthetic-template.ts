import type { FingerprintTemplate, Minutia, MinutiaType } from "@tenprint/afis";
import { mix32, SeededRandom } from "../seeded-random.js";
import { drawFingerShape, type FingerShape, insideShape } from "./finger-shape.js";
import { drawFingerprintClass, type FingerprintClass } from "./fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import { tenFingerClasses } from "./hand-classes.js";
import {
  drawImpressionGeometry,
  type ImpressionGeometry,
  impressionToMaster,
} from "./impression-geometry.js";
import { fieldOrientation, type OrientationField, orientationField } from "./orientation-field.js";
import { drawOrientationModel } from "./orientation-model.js";
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
 * A plain-impression template straight from a minutiae model, without drawing any image, for
 * distractor galleries of 10⁵–10⁶ identities. The master finger has the silhouette, singular points
 * and orientation model of the image generator; minutiae sit at a minimum spacing, denser near cores
 * and deltas, pointing along the ridge flow. An impression cuts a contact region through the same
 * placement and distortion model as the images, loses some minutiae, gains spurious ones, and jitters
 * positions, angles and types as an extractor would. The master's minutiae and each impression's
 * per-minutia draws (loss, jitter, type flip) are hashes of (finger or impression key, grid cell), so
 * no list of master minutiae is built and no generator runs per minutia. Every template depends only
 * on (seed, identity, finger, impression), so any identity can be regenerated on its own.
 */
export function syntheticTemplate(options: SyntheticTemplateOptions): FingerprintTemplate {
  const master = masterOf(options.seed, options.identity, options.finger ?? 0);
  return options.impression === 0 ? masterTemplate(master) : impressionOf(master, options);
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

/**
 * Everything an impression needs of its master finger. The master's minutiae are not listed: one
 * candidate per grid cell is drawn from a hash of (finger key, cell), so an impression visits only the
 * cells its contact region can reach, and each test on a candidate is a few arithmetic operations.
 */
interface Master {
  readonly seed: number;
  readonly identity: number;
  readonly finger: number;
  readonly shape: FingerShape;
  readonly singular: SingularPoints;
  readonly field: OrientationField;
  readonly key: number;
  /** Hash draws at or above this reject a cell whatever its density (the density's upper bound). */
  readonly threshold: number;
  /** Probability that a cell of density 1 holds a minutia. */
  readonly occupancy: number;
  /** Cores then deltas, x and y interleaved: they raise the density around them. */
  readonly poles: Float64Array;
}

const MASTER_WIDTH = P.masterWidth;
const MASTER_HEIGHT = P.masterHeight;
const CELL = P.templateCell;
const CELL_MARGIN = P.templateMinSpacing / 2;
const CELL_SPAN = (CELL - 2 * CELL_MARGIN) / 0x10000;
const CELLS_X = Math.ceil(MASTER_WIDTH / CELL);
const CELLS_Y = Math.ceil(MASTER_HEIGHT / CELL);
const BORDER = P.minutiaBorderMargin;
const BOOST = P.templateSingularBoost;
const INVERSE_BOOST_RADIUS2 = 1 / P.templateSingularRadius ** 2;
const BIFURCATION_SHARE = P.templateBifurcationShare;
const POSITION_NOISE = P.templatePositionNoise;
const ANGLE_NOISE = (P.templateAngleNoiseDegrees / 180) * Math.PI;
const TYPE_FLIP = P.templateTypeFlip;
const INVERSE_BRAKE = 1 / P.distortionBrake;
const MAX_SLIP = P.distortionShift[1];
const TWO_PI = 2 * Math.PI;
const UNIT16 = 1 / 0x10000;
/** 1 − exp(−d²) tabulated on [0, BRAKE_END]: linear interpolation errs by under 2e-5, far below a pixel of slip. */
const BRAKE_STEPS = 512;
const BRAKE_END = 4;
const BRAKE_TABLE = Float64Array.from({ length: BRAKE_STEPS + 2 }, (_, i) => {
  const d = (i * BRAKE_END) / BRAKE_STEPS;
  return 1 - Math.exp(-d * d);
});
/** Area of a superellipse of exponent 3 is 4ab·Γ(4/3)²/Γ(5/3); half of it lies below the centre line. */
const HALF_SUPERELLIPSE = (2 * 0.8929795 ** 2) / 0.9027453;

/**
 * The master last built. Impressions of one finger are usually asked for together (a probe set, a
 * genuine pair), and the master depends on nothing but its key, so reusing it changes no output.
 */
let lastMaster: Master | undefined;

function masterOf(seed: number, identity: number, finger: number): Master {
  const last = lastMaster;
  if (last && last.seed === seed && last.identity === identity && last.finger === finger) return last;
  const random = SeededRandom.fromNumbers(seed, identity, finger, TEMPLATE_STREAM);
  const fingerClass: FingerprintClass =
    finger >= 1 && finger <= 10 ? handClasses(seed, identity)[finger - 1]! : drawFingerprintClass(random);
  const shape = drawFingerShape(random);
  const singular = placeSingularPoints(fingerClass, shape, random);
  const field = orientationField(drawOrientationModel(fingerClass, shape, singular, random));
  const target = random.uniform(P.templateMasterMinutiae[0], P.templateMasterMinutiae[1]);
  // Minutiae keep off the silhouette's edge, so only the shrunken silhouette counts.
  const shrink = (1 - BORDER / Math.min(shape.halfWidth, shape.topHeight)) ** 2;
  const area =
    shrink *
    ((Math.PI / 2) * shape.halfWidth * shape.topHeight +
      HALF_SUPERELLIPSE * shape.halfWidth * shape.bottomHeight);
  const all = [...singular.cores, ...singular.deltas];
  const boostArea = all.length * BOOST * (Math.PI / 3) * P.templateSingularRadius ** 2;
  const meanDensity = all.length === 0 ? 1 : 1 - BOOST + boostArea / area;
  // Overlapping pole bumps add up, so the density never exceeds this.
  const maxDensity = all.length === 0 ? 1 : 1 - BOOST + all.length * BOOST;
  const occupancy = Math.min(1, (target * CELL * CELL) / (area * meanDensity));
  const poles = new Float64Array(all.length * 2);
  all.forEach((p, i) => {
    poles[2 * i] = p.x;
    poles[2 * i + 1] = p.y;
  });
  lastMaster = {
    seed,
    identity,
    finger,
    shape,
    singular,
    field,
    key: random.uint32(),
    threshold: occupancy * maxDensity,
    occupancy,
    poles,
  };
  return lastMaster;
}

let lastHand: { seed: number; identity: number; classes: readonly FingerprintClass[] } | undefined;

/** The person's ten classes, kept while that person's fingers are generated one after the other. */
function handClasses(seed: number, identity: number): readonly FingerprintClass[] {
  if (lastHand?.seed !== seed || lastHand.identity !== identity) {
    lastHand = { seed, identity, classes: tenFingerClasses(seed, identity) };
  }
  return lastHand.classes;
}

/**
 * The cell's first hash, or −1 when even the highest density leaves the cell empty. Its position
 * comes from the next hash and keeps CELL_MARGIN from the cell's edges, so minutiae of neighbouring
 * cells are never closer than the minimum spacing; densityAllows then applies the local density
 * (raised near cores and deltas).
 */
function cellDraw(master: Master, cx: number, cy: number): number {
  const h0 = mix32(master.key ^ Math.imul(cy * CELLS_X + cx + 1, 0x9e3779b1));
  // Most cells are empty: reject them before any geometry.
  return h0 / 0x100000000 < master.threshold ? h0 : -1;
}

function densityAllows(master: Master, h0: number, x: number, y: number): boolean {
  const poles = master.poles;
  if (poles.length === 0) return true;
  let density = 1 - BOOST;
  for (let i = 0; i < poles.length; i += 2) {
    const dx = x - poles[i]!;
    const dy = y - poles[i + 1]!;
    // Compact bump (1 − d²)²: the shape of a Gaussian without an exp in the hottest loop.
    const d2 = (dx * dx + dy * dy) * INVERSE_BOOST_RADIUS2;
    if (d2 < 1) density += BOOST * (1 - d2) * (1 - d2);
  }
  return h0 / 0x100000000 < master.occupancy * density;
}

/** ISO angle (counter-clockwise, y up) of a ridge at image-frame orientation θ, plus a turn, in [0, 2π). */
function isoDirection(ridge: number, turn: number): number {
  let a = turn - ridge;
  a -= Math.floor(a / TWO_PI) * TWO_PI;
  return a < TWO_PI ? a : 0;
}

function masterTemplate(master: Master): FingerprintTemplate {
  const minutiae: Minutia[] = [];
  for (let cy = 0; cy < CELLS_Y; cy++) {
    for (let cx = 0; cx < CELLS_X; cx++) {
      const h0 = cellDraw(master, cx, cy);
      if (h0 < 0) continue;
      const h1 = mix32(h0 ^ 0x6a09e667);
      const x = cx * CELL + CELL_MARGIN + (h1 & 0xffff) * CELL_SPAN;
      const y = cy * CELL + CELL_MARGIN + (h1 >>> 16) * CELL_SPAN;
      if (!densityAllows(master, h0, x, y) || !insideShape(master.shape, x, y, BORDER)) continue;
      const h2 = mix32(h1 ^ 0xbb67ae85);
      minutiae.push({
        x,
        y,
        direction: isoDirection(fieldOrientation(master.field, x, y), (h2 & 1) === 1 ? Math.PI : 0),
        type: minutiaType(h2),
        quality: 100,
      });
    }
  }
  return { width: MASTER_WIDTH, height: MASTER_HEIGHT, minutiae, quality: 0 };
}

/** Approximately standard normal from the four bytes of a hash (Irwin–Hall, n = 4), as SeededRandom.quickNormal. */
function byteSumNormal(h: number): number {
  return ((h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24) - 510) / 147.8;
}

function minutiaType(h2: number): MinutiaType {
  return (h2 >>> 1) / 0x80000000 < BIFURCATION_SHARE ? "bifurcation" : "ending";
}

function impressionOf(master: Master, options: SyntheticTemplateOptions): FingerprintTemplate {
  const random = SeededRandom.fromNumbers(
    options.seed,
    options.identity,
    options.finger ?? 0,
    options.impression,
    TEMPLATE_STREAM,
  );
  const g = drawImpressionGeometry("plain", master.shape, master.singular, random);
  const missing = random.uniform(P.templateMissing[0], P.templateMissing[1]);
  const spurious = random.uniform(P.templateSpurious[0], P.templateSpurious[1]);
  const impressionKey = random.uint32();
  const contactLimit = 1 - BORDER / Math.min(g.contactHalfWidth, g.contactHalfHeight);
  const rotation = Math.atan2(g.sin, g.cos);
  const minutiae: Minutia[] = [];
  const reach = reachOf(g, contactLimit);
  const inverseHalfWidth = 1 / g.contactHalfWidth;
  const inverseHalfHeight = 1 / g.contactHalfHeight;
  const point = new Float64Array(2);
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
      const h0 = cellDraw(master, cx, cy);
      if (h0 < 0) continue;
      const h1 = mix32(h0 ^ 0x6a09e667);
      const x = cx * CELL + CELL_MARGIN + (h1 & 0xffff) * CELL_SPAN;
      const y = cy * CELL + CELL_MARGIN + (h1 >>> 16) * CELL_SPAN;
      // Outside the contact region even after the largest slip: skip the rest.
      const rx = (x - g.contactX) * inverseHalfWidth;
      const ry = (y - g.contactY) * inverseHalfHeight;
      if (rx * rx + ry * ry > reach * reach) continue;
      if (!densityAllows(master, h0, x, y) || !insideShape(master.shape, x, y, BORDER)) continue;
      // The impression's draws for this minutia come from a hash of (impression key, cell) too: a few
      // multiplications where generator calls would cost several times more.
      const d0 = mix32(impressionKey ^ Math.imul(cy * CELLS_X + cx + 1, 0x85ebca6b));
      if ((d0 >>> 16) * UNIT16 < missing) continue;
      const d1 = mix32(d0 ^ 0x3c6ef372);
      const d2 = mix32(d1 ^ 0xa54ff53a);
      const d3 = mix32(d2 ^ 0x510e527f);
      const noiseX = POSITION_NOISE * byteSumNormal(d1);
      const noiseY = POSITION_NOISE * byteSumNormal(d2);
      const angle = ANGLE_NOISE * byteSumNormal(d3);
      const flip = (d0 & 0xffff) * UNIT16 < TYPE_FLIP;
      const contact = masterToImpression(g, x, y, point);
      const ix = point[0]! + noiseX;
      const iy = point[1]! + noiseY;
      if (
        contact > contactLimit ||
        ix < BORDER ||
        iy < BORDER ||
        ix >= g.width - BORDER ||
        iy >= g.height - BORDER
      )
        continue;
      const h2 = mix32(h1 ^ 0xbb67ae85);
      const type = minutiaType(h2);
      minutiae.push({
        x: ix,
        y: iy,
        direction: isoDirection(
          fieldOrientation(master.field, x, y),
          ((h2 & 1) === 1 ? Math.PI : 0) + rotation + angle,
        ),
        type: flip ? (type === "ending" ? "bifurcation" : "ending") : type,
        quality: 60,
      });
    }
  }
  const extra = Math.round(minutiae.length * spurious);
  for (let added = 0, attempt = 0; added < extra && attempt < extra * 20; attempt++) {
    const x = BORDER + random.next() * (g.width - 2 * BORDER);
    const y = BORDER + random.next() * (g.height - 2 * BORDER);
    const contact = impressionToMaster(g, x, y, point);
    if (contact > contactLimit || !insideShape(master.shape, point[0]!, point[1]!, BORDER)) continue;
    const ridge = fieldOrientation(master.field, point[0]!, point[1]!);
    minutiae.push({
      x,
      y,
      direction: isoDirection(ridge, (random.next() < 0.5 ? Math.PI : 0) + rotation),
      type: random.next() < 0.5 ? "ending" : "bifurcation",
      quality: 30,
    });
    added++;
  }
  return { width: g.width, height: g.height, minutiae, quality: 0 };
}

function brakeOf(d: number): number {
  if (d >= BRAKE_END) return 1;
  const t = d * (BRAKE_STEPS / BRAKE_END);
  const i = Math.floor(t);
  const low = BRAKE_TABLE[i]!;
  return low + (t - i) * (BRAKE_TABLE[i + 1]! - low);
}

/**
 * Normalised master radius beyond which no point can land inside the contact limit. The distortion
 * moves u to t = u + b·(slip + (T − I)·u) with b ≤ 1 and |T − I| = τ = 2|sin(twist/2)|, so
 * |t − u| ≤ (|slip| + τ|t|)/(1 − τ), plus the half pixel the inverse may miss by; with |t| at most the
 * radius times the longer half-axis, the bound on the radius solves a linear inequality.
 */
function reachOf(g: ImpressionGeometry, contactLimit: number): number {
  const shorter = Math.min(g.contactHalfWidth, g.contactHalfHeight);
  const longer = Math.max(g.contactHalfWidth, g.contactHalfHeight);
  const tau = Math.hypot(g.twistCos - 1, g.twistSin);
  const slip = Math.hypot(g.slipX, g.slipY);
  const loose = 1 + (MAX_SLIP + BORDER) / shorter;
  const gain = 1 - (tau * longer) / ((1 - tau) * shorter);
  if (gain <= 0) return loose;
  return Math.min(loose, (contactLimit + (slip + 0.5) / ((1 - tau) * shorter)) / gain);
}

/**
 * Where master point (mx, my) lands in the impression: writes it to out and returns its normalised
 * contact radius. The distortion moves a point by brake(radius)·(slip + (twist − 1)·u) about the
 * contact centre; it is small and smooth, so fixed-point iteration on u reaches half a pixel (plenty
 * next to the positional noise) in two or three steps, and the rigid placement then inverts exactly.
 */
function masterToImpression(g: ImpressionGeometry, mx: number, my: number, out: Float64Array): number {
  const tx = mx - g.contactX;
  const ty = my - g.contactY;
  const twistC = g.twistCos - 1;
  let ux = tx;
  let uy = ty;
  let radius = 0;
  for (let step = 0; step < 8; step++) {
    const rx = ux / g.contactHalfWidth;
    const ry = uy / g.contactHalfHeight;
    radius = Math.sqrt(rx * rx + ry * ry);
    const brake = radius > g.innerRadius ? brakeOf((radius - g.innerRadius) * INVERSE_BRAKE) : 0;
    const ex = ux + brake * (g.slipX + twistC * ux - g.twistSin * uy) - tx;
    const ey = uy + brake * (g.slipY + g.twistSin * ux + twistC * uy) - ty;
    if (ex * ex + ey * ey < 0.25) break;
    ux -= ex;
    uy -= ey;
  }
  const sx = ux + g.shiftX;
  const sy = uy + g.shiftY;
  out[0] = g.width / 2 + g.cos * sx + g.sin * sy;
  out[1] = g.height / 2 - g.sin * sx + g.cos * sy;
  return radius;
}
