import { SeededRandom, mix32 as seededMix32 } from "../seeded-random.js";
import { drawFingerShape, type FingerShape, insideShape as shapeContains } from "./finger-shape.js";
import { drawFingerprintClass, type FingerprintClass } from "./fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import { tenFingerClasses } from "./hand-classes.js";
import {
  impressionToMaster as contactToMaster,
  drawImpressionGeometry,
  type ImpressionGeometry,
  type ImpressionKind,
} from "./impression-geometry.js";
import { type OrientationField, orientationField, fieldOrientation as ridgeAt } from "./orientation-field.js";
import { drawOrientationModel } from "./orientation-model.js";
import { placeSingularPoints, type SingularPoints } from "./singular-points.js";
import { BASELINE_TEMPLATE_MODEL, type TemplateModel } from "./template-model.js";

// Module-local copies: tsx compiles imported bindings to getters, which the hot loops must not call.
const mix32 = seededMix32;
const insideShape = shapeContains;
const fieldOrientation = ridgeAt;
const impressionToMaster = contactToMaster;

/** Minutia type codes of the flat form, as @tenprint/afis numbers them. */
export const ENDING = 1;
export const BIFURCATION = 2;

/** More than any template can hold: every grid cell of the master plus the largest spurious share. */
export const TEMPLATE_CAPACITY = 1024;

/**
 * One template's minutiae as flat arrays, written in place by generateTemplateMinutiae: generating
 * millions of templates allocates nothing per minutia. Directions follow the afis convention (ISO
 * angle in radians, [0, 2π)); types are ENDING or BIFURCATION.
 */
export interface FlatTemplate {
  count: number;
  width: number;
  height: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly direction: Float64Array;
  readonly type: Uint8Array;
  readonly quality: Uint8Array;
}

export function createFlatTemplate(): FlatTemplate {
  return {
    count: 0,
    width: 0,
    height: 0,
    x: new Float64Array(TEMPLATE_CAPACITY),
    y: new Float64Array(TEMPLATE_CAPACITY),
    direction: new Float64Array(TEMPLATE_CAPACITY),
    type: new Uint8Array(TEMPLATE_CAPACITY),
    quality: new Uint8Array(TEMPLATE_CAPACITY),
  };
}

const TEMPLATE_STREAM = 0x544d504c;
const MASTER_WIDTH = P.masterWidth;
const MASTER_HEIGHT = P.masterHeight;
const CELL = P.templateCell;
const CELL_MARGIN = P.templateMinSpacing / 2;
const CELL_SPAN = (CELL - 2 * CELL_MARGIN) / 0x100;
const CELLS_X = Math.ceil(MASTER_WIDTH / CELL);
const CELLS_Y = Math.ceil(MASTER_HEIGHT / CELL);
const BORDER = P.minutiaBorderMargin;
const BOOST = P.templateSingularBoost;
const INVERSE_BOOST_RADIUS2 = 1 / P.templateSingularRadius ** 2;
/**
 * One 32-bit hash per cell gives its candidate: bits 0–7 and 8–15 place it in the cell, bits 17–31 are
 * the occupancy draw. Draws are compared as integers with limits scaled by UNIT15 or UNIT31: no float
 * division per cell.
 */
const UNIT15 = 0x8000;
const UNIT31 = 0x80000000;
const POSITION_NOISE = P.templatePositionNoise;
const TYPE_FLIP_LIMIT = P.templateTypeFlip * 0x10000;
const INVERSE_BRAKE = 1 / P.distortionBrake;
const MAX_SLIP = P.distortionShift[1];
const TWO_PI = 2 * Math.PI;
const INVERSE_TWO_PI = 1 / TWO_PI;
/** Irwin–Hall (n = 4) of a hash's bytes: subtract the mean, divide by the standard deviation. */
const BYTE_SUM_MEAN = 510;
const INVERSE_BYTE_SUM_SD = 1 / 147.8;
/** 1 − exp(−d²) tabulated on [0, BRAKE_END]: linear interpolation errs by under 2e-5, far below a pixel of slip. */
const BRAKE_STEPS = 512;
const BRAKE_END = 4;
const BRAKE_SCALE = BRAKE_STEPS / BRAKE_END;
const BRAKE_TABLE = Float64Array.from({ length: BRAKE_STEPS + 2 }, (_, i) => {
  const d = (i * BRAKE_END) / BRAKE_STEPS;
  return 1 - Math.exp(-d * d);
});
/** Area of a superellipse of exponent 3 is 4ab·Γ(4/3)²/Γ(5/3); half of it lies below the centre line. */
const HALF_SUPERELLIPSE = (2 * 0.8929795 ** 2) / 0.9027453;

/**
 * Everything an impression needs of its master finger, as plain numbers. The master's minutiae are not
 * listed: one candidate per grid cell is drawn from a hash of (finger key, cell), so an impression
 * visits only the cells its contact region can reach, and each test on a candidate is a few
 * arithmetic operations.
 */
interface Master {
  readonly model: TemplateModel;
  readonly seed: number;
  readonly identity: number;
  readonly finger: number;
  readonly shape: FingerShape;
  readonly singular: SingularPoints;
  readonly field: OrientationField;
  readonly key: number;
  /** 15-bit occupancy draws at or above this reject a cell whatever its density (the density's upper bound). */
  readonly threshold: number;
  /** 15-bit draw below which a cell of density 1 holds a minutia. */
  readonly occupancy: number;
  /** The same at the lowest density (1 − BOOST, or 1 without poles). */
  readonly sparseOccupancy: number;
  /** Cores then deltas, x and y interleaved: they raise the density around them. */
  readonly poles: Float64Array;
  /** The silhouette shrunk by BORDER, as insideShape tests it, with divisions turned into products. */
  readonly centerX: number;
  readonly centerY: number;
  readonly halfWidth: number;
  readonly inverseHalfWidth: number;
  readonly inverseTopHeight: number;
  readonly inverseBottomHeight: number;
  readonly limit2: number;
  readonly limit3: number;
  /**
   * The sense field: a smooth direction φ(x, y) = senseAngle + swing·(sin(k1·x + c1) + sin(k2·y + c2))/2
   * (k1, k2 along two drawn axes). Extracted minutiae of rendered prints mostly point down the finger,
   * so they point the same way along the ridge as their neighbours, and as other people's minutiae, far
   * more often than chance (decision 0014); a minutia's sense follows this field with probability
   * model.senseCoherence.
   */
  readonly sense: Float64Array;
}

/**
 * The master last built. Impressions of one finger are usually asked for together (a probe set, a
 * genuine pair), and the master depends on nothing but its key, so reusing it changes no output.
 */
let lastMaster: Master | undefined;

function masterOf(model: TemplateModel, seed: number, identity: number, finger: number): Master {
  const last = lastMaster;
  if (
    last &&
    last.model === model &&
    last.seed === seed &&
    last.identity === identity &&
    last.finger === finger
  ) {
    return last;
  }
  const random = SeededRandom.fromNumbers(seed, identity, finger, TEMPLATE_STREAM);
  const fingerClass: FingerprintClass =
    finger >= 1 && finger <= 10 ? handClasses(seed, identity)[finger - 1]! : drawFingerprintClass(random);
  const shape = drawFingerShape(random);
  const singular = placeSingularPoints(fingerClass, shape, random);
  const field = orientationField(drawOrientationModel(fingerClass, shape, singular, random));
  const target = random.uniform(model.masterMinutiae[0], model.masterMinutiae[1]);
  // Minutiae keep off the silhouette's edge, so only the shrunken silhouette counts.
  const limit = 1 - BORDER / Math.min(shape.halfWidth, shape.topHeight);
  const area =
    limit *
    limit *
    ((Math.PI / 2) * shape.halfWidth * shape.topHeight +
      HALF_SUPERELLIPSE * shape.halfWidth * shape.bottomHeight);
  const poleCount = singular.cores.length + singular.deltas.length;
  const boostArea = poleCount * BOOST * (Math.PI / 3) * P.templateSingularRadius ** 2;
  const meanDensity = poleCount === 0 ? 1 : 1 - BOOST + boostArea / area;
  // Overlapping pole bumps add up, so the density never exceeds this.
  const maxDensity = poleCount === 0 ? 1 : 1 - BOOST + poleCount * BOOST;
  const occupancy = Math.min(1, (target * CELL * CELL) / (area * meanDensity));
  const poles = new Float64Array(poleCount * 2);
  let i = 0;
  for (const p of singular.cores) {
    poles[i++] = p.x;
    poles[i++] = p.y;
  }
  for (const p of singular.deltas) {
    poles[i++] = p.x;
    poles[i++] = p.y;
  }
  const k = (2 * Math.PI) / model.senseWavelength;
  const axis = random.uniform(0, Math.PI);
  const sense = Float64Array.of(
    model.senseAngle,
    model.senseSwing / 2,
    k * Math.cos(axis),
    k * Math.sin(axis),
    random.uniform(0, 2 * Math.PI),
    -k * Math.sin(axis),
    k * Math.cos(axis),
    random.uniform(0, 2 * Math.PI),
  );
  lastMaster = {
    model,
    sense,
    seed,
    identity,
    finger,
    shape,
    singular,
    field,
    key: random.uint32() | 0,
    threshold: occupancy * maxDensity * UNIT15,
    occupancy: occupancy * UNIT15,
    sparseOccupancy: occupancy * (poleCount === 0 ? 1 : 1 - BOOST) * UNIT15,
    poles,
    centerX: shape.centerX,
    centerY: shape.centerY,
    halfWidth: shape.halfWidth,
    inverseHalfWidth: 1 / shape.halfWidth,
    inverseTopHeight: 1 / shape.topHeight,
    inverseBottomHeight: 1 / shape.bottomHeight,
    limit2: limit * limit,
    limit3: limit * limit * limit,
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

/** Whether (x, y) lies inside the master's silhouette, BORDER pixels from its edge (as insideShape). */
function onFinger(master: Master, x: number, y: number): boolean {
  const u = Math.abs(x - master.centerX) * master.inverseHalfWidth;
  const dy = y - master.centerY;
  if (dy <= 0) {
    const v = dy * master.inverseTopHeight;
    return u * u + v * v < master.limit2;
  }
  const v = dy * master.inverseBottomHeight;
  return u * u * u + v * v * v < master.limit3;
}

/**
 * Half the width of the silhouette (shrunk by BORDER) within grid row cy, where it is widest: the row's
 * point nearest the centre line. Negative when the row misses the silhouette. Cells beyond it hold no
 * candidate that onFinger would keep, so the loops skip them without hashing.
 */
function fingerHalfSpan(master: Master, cy: number): number {
  const dy = Math.min(Math.max(master.centerY, cy * CELL), (cy + 1) * CELL) - master.centerY;
  if (dy <= 0) {
    const v = dy * master.inverseTopHeight;
    const room = master.limit2 - v * v;
    return room > 0 ? master.halfWidth * Math.sqrt(room) : -1;
  }
  const v = dy * master.inverseBottomHeight;
  const room = master.limit3 - v * v * v;
  return room > 0 ? master.halfWidth * Math.cbrt(room) : -1;
}

/**
 * Whether the cell's 15-bit draw falls below its occupancy at the local density, raised near cores and
 * deltas. The density is never below 1 − BOOST, so low draws pass without looking at the poles.
 */
function denseEnough(master: Master, draw: number, x: number, y: number): boolean {
  if (draw < master.sparseOccupancy) return true;
  const poles = master.poles;
  let density = 1 - BOOST;
  for (let i = 0; i < poles.length; i += 2) {
    const dx = x - poles[i]!;
    const dy = y - poles[i + 1]!;
    // Compact bump (1 − d²)²: the shape of a Gaussian without an exp in the hottest loop.
    const d2 = (dx * dx + dy * dy) * INVERSE_BOOST_RADIUS2;
    if (d2 < 1) density += BOOST * (1 - d2) * (1 - d2);
  }
  return draw < master.occupancy * density;
}

/** ISO angle (counter-clockwise, y up) of a ridge at image-frame orientation θ, plus a turn, in [0, 2π). */
function isoDirection(ridge: number, turn: number): number {
  let a = turn - ridge;
  a -= Math.floor(a * INVERSE_TWO_PI) * TWO_PI;
  return a >= 0 && a < TWO_PI ? a : 0;
}

/** Approximately standard normal from the four bytes of a hash (Irwin–Hall, n = 4), as SeededRandom.quickNormal. */
function byteSumNormal(h: number): number {
  return (
    ((h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24) - BYTE_SUM_MEAN) * INVERSE_BYTE_SUM_SD
  );
}

/**
 * Writes the template of (seed, identity, finger, impression) into `out`; finger 0 means a finger of
 * unknown position (class drawn from the natural frequencies), 1–10 a finger of the person's
 * correlated hand. Impression 0 is the master itself: all of its minutiae, no noise.
 */
export function generateTemplateMinutiae(
  seed: number,
  identity: number,
  finger: number,
  impression: number,
  out: FlatTemplate,
  kind: ImpressionKind = "plain",
  model: TemplateModel = BASELINE_TEMPLATE_MODEL,
): void {
  const master = masterOf(model, seed, identity, finger);
  if (impression === 0) writeMaster(master, out);
  else
    writeImpression(
      master,
      // Plain impressions keep the stream they always had; rolled ones draw from their own.
      kind === "plain"
        ? SeededRandom.fromNumbers(seed, identity, finger, impression, TEMPLATE_STREAM)
        : SeededRandom.fromNumbers(seed, identity, finger, impression, TEMPLATE_STREAM, 2),
      out,
      kind,
    );
}

/**
 * The turn (0 or π) that makes a minutia at master point (x, y) on a ridge of image-frame orientation
 * `ridge` point along the sense field, flipped when the draw (16 bits) falls beyond the coherence.
 */
function senseTurn(master: Master, ridge: number, x: number, y: number, draw: number): number {
  const f = master.sense;
  const phi =
    f[0]! + f[1]! * (Math.sin(f[2]! * x + f[3]! * y + f[4]!) + Math.sin(f[5]! * x + f[6]! * y + f[7]!));
  // ISO direction of the ridge at turn 0 is −ridge; it follows φ when cos(−ridge − φ) ≥ 0.
  const follows = Math.cos(ridge + phi) >= 0;
  const coherent = draw < master.model.senseCoherence * 0x10000;
  return follows === coherent ? 0 : Math.PI;
}

/** A quality from the model's quantile table, by a 16-bit draw. */
function qualityOf(model: TemplateModel, draw: number): number {
  const q = model.quality;
  return q[Math.min(q.length - 1, Math.floor((draw / 0x10000) * q.length))]!;
}

function writeMaster(master: Master, out: FlatTemplate): void {
  let n = 0;
  for (let cy = 0; cy < CELLS_Y; cy++) {
    const halfSpan = fingerHalfSpan(master, cy);
    if (halfSpan < 0) continue;
    const cx0 = Math.max(0, Math.floor((master.centerX - halfSpan) / CELL));
    const cx1 = Math.min(CELLS_X - 1, Math.floor((master.centerX + halfSpan) / CELL));
    for (let cx = cx0; cx <= cx1; cx++) {
      const h0 = mix32(master.key ^ Math.imul(cy * CELLS_X + cx + 1, 0x9e3779b1));
      const draw = h0 >>> 17;
      if (draw >= master.threshold) continue;
      const x = cx * CELL + CELL_MARGIN + (h0 & 0xff) * CELL_SPAN;
      const y = cy * CELL + CELL_MARGIN + ((h0 >>> 8) & 0xff) * CELL_SPAN;
      if (!onFinger(master, x, y) || !denseEnough(master, draw, x, y)) continue;
      const h2 = mix32(h0 ^ 0xbb67ae85);
      out.x[n] = x;
      out.y[n] = y;
      const ridge = fieldOrientation(master.field, x, y);
      out.direction[n] = isoDirection(
        ridge,
        master.model.senseField ? senseTurn(master, ridge, x, y, h2 & 0xffff) : (h2 & 1) * Math.PI,
      );
      out.type[n] = h2 >>> 1 < master.model.bifurcationShare * UNIT31 ? BIFURCATION : ENDING;
      out.quality[n] = 100;
      n++;
    }
  }
  out.count = n;
  out.width = MASTER_WIDTH;
  out.height = MASTER_HEIGHT;
}

/** Scratch for impressionToMaster's result. */
const point = new Float64Array(2);

function writeImpression(
  master: Master,
  random: SeededRandom,
  out: FlatTemplate,
  kind: ImpressionKind,
): void {
  const model = master.model;
  const g = drawImpressionGeometry(kind, master.shape, master.singular, random);
  const missing = random.uniform(model.missing[0], model.missing[1]) * 0x10000;
  const spurious = random.uniform(model.spurious[0], model.spurious[1]);
  const angleNoise = (model.angleNoiseDegrees / 180) * Math.PI;
  const bifurcationLimit = model.bifurcationShare * UNIT31;
  const impressionKey = random.uint32() | 0;
  const contactLimit = 1 - BORDER / Math.min(g.contactHalfWidth, g.contactHalfHeight);
  const rotation = Math.atan2(g.sin, g.cos);
  const reach = reachOf(g, contactLimit);
  const reach2 = reach * reach;
  const contactX = g.contactX;
  const contactY = g.contactY;
  const inverseHalfWidth = 1 / g.contactHalfWidth;
  const inverseHalfHeight = 1 / g.contactHalfHeight;
  const innerRadius = g.innerRadius;
  const slipX = g.slipX;
  const slipY = g.slipY;
  const twistC = g.twistCos - 1;
  const twistS = g.twistSin;
  // The rigid placement: impression = centre + R·(u + shift), R rotating by the impression's angle.
  const cos = g.cos;
  const sin = g.sin;
  const offsetX = g.width / 2 + cos * g.shiftX + sin * g.shiftY;
  const offsetY = g.height / 2 - sin * g.shiftX + cos * g.shiftY;
  const right = g.width - BORDER;
  const bottom = g.height - BORDER;
  const field = master.field;
  let n = 0;
  const cy0 = Math.max(0, Math.floor((contactY - reach * g.contactHalfHeight) / CELL));
  const cy1 = Math.min(CELLS_Y - 1, Math.floor((contactY + reach * g.contactHalfHeight) / CELL));
  for (let cy = cy0; cy <= cy1; cy++) {
    // Only the cells of this row that the reach ellipse touches (its widest point within the row).
    const rowY = Math.min(Math.max(contactY, cy * CELL), (cy + 1) * CELL);
    const v = (rowY - contactY) / (reach * g.contactHalfHeight);
    const halfSpan = reach * g.contactHalfWidth * Math.sqrt(Math.max(0, 1 - v * v));
    const fingerSpan = fingerHalfSpan(master, cy);
    if (fingerSpan < 0) continue;
    const cx0 = Math.max(
      0,
      Math.floor((contactX - halfSpan) / CELL),
      Math.floor((master.centerX - fingerSpan) / CELL),
    );
    const cx1 = Math.min(
      CELLS_X - 1,
      Math.floor((contactX + halfSpan) / CELL),
      Math.floor((master.centerX + fingerSpan) / CELL),
    );
    for (let cx = cx0; cx <= cx1; cx++) {
      const cell = cy * CELLS_X + cx + 1;
      const h0 = mix32(master.key ^ Math.imul(cell, 0x9e3779b1));
      const draw = h0 >>> 17;
      if (draw >= master.threshold) continue;
      const x = cx * CELL + CELL_MARGIN + (h0 & 0xff) * CELL_SPAN;
      const y = cy * CELL + CELL_MARGIN + ((h0 >>> 8) & 0xff) * CELL_SPAN;
      // Outside the contact region even after the largest slip: skip the rest.
      const tx = x - contactX;
      const ty = y - contactY;
      const rx = tx * inverseHalfWidth;
      const ry = ty * inverseHalfHeight;
      if (rx * rx + ry * ry > reach2) continue;
      if (!onFinger(master, x, y)) continue;
      // The impression's draws for this minutia come from a hash of (impression key, cell) too: a few
      // multiplications where generator calls would cost several times more.
      const d0 = mix32(impressionKey ^ Math.imul(cell, 0x85ebca6b));
      if (d0 >>> 16 < missing || !denseEnough(master, draw, x, y)) continue;
      // Undo the distortion t = u + brake(|u|)·(slip + (twist − 1)·u) by fixed-point iteration on u:
      // it is small and smooth, so two or three steps reach half a pixel (plenty next to the
      // positional noise), and the rigid placement then applies exactly.
      let ux = tx;
      let uy = ty;
      let radius = 0;
      for (let step = 0; step < 8; step++) {
        const sx = ux * inverseHalfWidth;
        const sy = uy * inverseHalfHeight;
        radius = Math.sqrt(sx * sx + sy * sy);
        let brake = 0;
        if (radius > innerRadius) {
          const d = (radius - innerRadius) * INVERSE_BRAKE;
          if (d >= BRAKE_END) brake = 1;
          else {
            const t = d * BRAKE_SCALE;
            const k = t | 0;
            const low = BRAKE_TABLE[k]!;
            brake = low + (t - k) * (BRAKE_TABLE[k + 1]! - low);
          }
        }
        const ex = ux + brake * (slipX + twistC * ux - twistS * uy) - tx;
        const ey = uy + brake * (slipY + twistS * ux + twistC * uy) - ty;
        if (ex * ex + ey * ey < 0.25) break;
        ux -= ex;
        uy -= ey;
      }
      if (radius > contactLimit) continue;
      const d1 = mix32(d0 ^ 0x3c6ef372);
      const d2 = mix32(d1 ^ 0xa54ff53a);
      const ix = offsetX + cos * ux + sin * uy + POSITION_NOISE * byteSumNormal(d1);
      const iy = offsetY - sin * ux + cos * uy + POSITION_NOISE * byteSumNormal(d2);
      if (ix < BORDER || iy < BORDER || ix >= right || iy >= bottom) continue;
      const d3 = mix32(d2 ^ 0x510e527f);
      const h2 = mix32(h0 ^ 0xbb67ae85);
      const ridge = fieldOrientation(field, x, y);
      out.x[n] = ix;
      out.y[n] = iy;
      out.direction[n] = isoDirection(
        ridge,
        (model.senseField ? senseTurn(master, ridge, x, y, h2 & 0xffff) : (h2 & 1) * Math.PI) +
          rotation +
          angleNoise * byteSumNormal(d3),
      );
      const bifurcation = h2 >>> 1 < bifurcationLimit;
      // An extractor sometimes reads an ending as a bifurcation and the reverse.
      const flip = (d0 & 0xffff) < TYPE_FLIP_LIMIT;
      out.type[n] = bifurcation !== flip ? BIFURCATION : ENDING;
      out.quality[n] = model.senseField ? qualityOf(model, mix32(d3 ^ 0x1f83d9ab) & 0xffff) : 60;
      n++;
    }
  }
  const extra = Math.round(n * spurious);
  for (let added = 0, attempt = 0; added < extra && attempt < extra * 20; attempt++) {
    const x = BORDER + random.next() * (g.width - 2 * BORDER);
    const y = BORDER + random.next() * (g.height - 2 * BORDER);
    const contact = impressionToMaster(g, x, y, point);
    if (contact > contactLimit || !insideShape(master.shape, point[0]!, point[1]!, BORDER)) continue;
    const ridge = fieldOrientation(field, point[0]!, point[1]!);
    out.x[n] = x;
    out.y[n] = y;
    if (model.senseField) {
      out.direction[n] = isoDirection(
        ridge,
        senseTurn(master, ridge, point[0]!, point[1]!, random.next() * 0x10000) +
          rotation +
          angleNoise * random.quickNormal(),
      );
      out.type[n] = random.next() < 0.5 ? ENDING : BIFURCATION;
      out.quality[n] = qualityOf(model, random.next() * 0x10000);
    } else {
      // The baseline's draws, in its order: its templates stay exactly what they were.
      out.direction[n] = isoDirection(ridge, (random.next() < 0.5 ? Math.PI : 0) + rotation);
      out.type[n] = random.next() < 0.5 ? ENDING : BIFURCATION;
      out.quality[n] = 30;
    }
    n++;
    added++;
  }
  out.count = n;
  out.width = g.width;
  out.height = g.height;
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
