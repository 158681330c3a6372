import type { FingerprintTemplate, MinutiaType } from "../minutia.js";
import { toAngleUnits as angleUnits, fastAtan2 as atan2, normalizeAngle } from "./angles.js";
import { MATCHER_PARAMETERS } from "./matcher-parameters.js";

/**
 * A template in the matcher's working form: minutiae as flat arrays plus, for each minutia, its local
 * edges to the nearest neighbours. An edge i→j is described only by quantities that survive rotation
 * and translation: its length and the angles of both minutia directions relative to the edge.
 */
export interface PreparedTemplate {
  count: number;
  x: Float32Array;
  y: Float32Array;
  direction: Float32Array;
  /** 0 other, 1 ending, 2 bifurcation. */
  type: Uint8Array;
  /** Index of each prepared minutia in the source template's minutiae array. */
  source: Int32Array;
  /** Edges of minutia i are edgeStart[i] … edgeStart[i+1]−1. */
  edgeStart: Int32Array;
  edgeTarget: Uint8Array;
  edgeLength: Float32Array;
  /** Direction of the edge's start minutia relative to the edge direction, in 1/256 turns. */
  edgeFromAngle: Uint8Array;
  /** Direction of the edge's end minutia relative to the edge direction, in 1/256 turns. */
  edgeToAngle: Uint8Array;
}

const P = MATCHER_PARAMETERS;
// Module-local copies: hot code must not read import bindings (tsx compiles them to getters).
const fastAtan2 = atan2;
const toAngleUnits = angleUnits;

export function createPreparedTemplate(capacity: number = P.maxMinutiae): PreparedTemplate {
  const edges = capacity * P.neighbors;
  return {
    count: 0,
    x: new Float32Array(capacity),
    y: new Float32Array(capacity),
    direction: new Float32Array(capacity),
    type: new Uint8Array(capacity),
    source: new Int32Array(capacity),
    edgeStart: new Int32Array(capacity + 1),
    edgeTarget: new Uint8Array(edges),
    edgeLength: new Float32Array(edges),
    edgeFromAngle: new Uint8Array(edges),
    edgeToAngle: new Uint8Array(edges),
  };
}

export function minutiaTypeCode(type: MinutiaType): number {
  return type === "ending" ? 1 : type === "bifurcation" ? 2 : 0;
}

/** The minutia type of a code from `minutiaTypeCode`. */
export function minutiaTypeOfCode(code: number): MinutiaType {
  return code === 1 ? "ending" : code === 2 ? "bifurcation" : "other";
}

/** Prepares a template, keeping the best `maxMinutiae` minutiae by quality. */
export function prepareTemplate(template: FingerprintTemplate, into?: PreparedTemplate): PreparedTemplate {
  const target = into ?? createPreparedTemplate();
  const minutiae = template.minutiae;
  let order = minutiae.map((_, i) => i);
  if (order.length > P.maxMinutiae) {
    order = order
      .sort((a, b) => minutiae[b]!.quality - minutiae[a]!.quality || a - b)
      .slice(0, P.maxMinutiae);
  }
  target.count = order.length;
  order.forEach((index, i) => {
    const m = minutiae[index]!;
    target.x[i] = m.x;
    target.y[i] = m.y;
    target.direction[i] = normalizeAngle(m.direction);
    target.type[i] = minutiaTypeCode(m.type);
    target.source[i] = index;
  });
  buildEdges(target);
  return target;
}

const MIN_SQ = P.minEdgeLength * P.minEdgeLength;
const MAX_SQ = P.maxEdgeLength * P.maxEdgeLength;
const NEIGHBORS = P.neighbors;

const bestIndex = new Int32Array(NEIGHBORS);
const bestDistance = new Float64Array(NEIGHBORS);
/** Low bits of a packed (squared distance, index) that hold any minutia index below maxMinutiae. */
const PACKED_INDEX_BITS = Math.ceil(Math.log2(P.maxMinutiae));
const nearPacked = new Int32Array(P.maxMinutiae);

/**
 * Fills the edge arrays from the minutia arrays (count, x, y, direction must be set): each minutia's
 * `neighbors` nearest minutiae within the edge length limits, nearest first, ties by index.
 */
export function buildEdges(t: PreparedTemplate): void {
  let edge = 0;
  for (let i = 0; i < t.count; i++) {
    t.edgeStart[i] = edge;
    edge = writeEdges(t, i, nearestNeighbors(t, i), edge);
  }
  t.edgeStart[t.count] = edge;
}

/** Ranks minutia i's nearest neighbours into bestIndex/bestDistance; returns how many there are. */
function nearestNeighbors(t: PreparedTemplate, i: number): number {
  const n = t.count;
  const x = t.x;
  const y = t.y;
  const xi = x[i]!;
  const yi = y[i]!;
  let found = 0;
  let worst = MAX_SQ;
  for (let j = 0; j < n; j++) {
    const dx = x[j]! - xi;
    const dy = y[j]! - yi;
    const d = dx * dx + dy * dy;
    // Until the list is full anything up to MAX_SQ qualifies, then only what beats its last entry.
    if (d > worst || d < MIN_SQ || (found === NEIGHBORS && d === worst)) continue;
    found = rankNeighbor(found, j, d);
    if (found === NEIGHBORS) worst = bestDistance[NEIGHBORS - 1]!;
  }
  return found;
}

/**
 * Minutiae as a gallery stores them, in flat arrays holding many templates: whole pixels, directions
 * in whole 1/256 turns, and per minutia the bound from `writeNeighborRadii`.
 */
export interface StoredMinutiae {
  readonly x: Int16Array;
  readonly y: Int16Array;
  readonly direction: Uint8Array;
  readonly neighborRadius: Uint8Array;
}

/**
 * buildEdges for a stored template, the one whose minutiae start at `offset` in `stored` (t.count
 * must be set). Ranking only the few minutiae inside each bound, as packed integers, and edge angles
 * from a table make this several times faster than buildEdges, which matters where a stored template
 * is expanded for every comparison. The edges are buildEdges' except that the relative angles are
 * differences of whole units: they can differ by one unit where an angle falls within 2e-5 units of
 * a rounding boundary.
 */
export function buildStoredEdges(t: PreparedTemplate, stored: StoredMinutiae, offset: number): void {
  const n = t.count;
  const { x, y, direction: directionUnits, neighborRadius: radius } = stored;
  const angles = edgeAngleTable();
  const near = nearPacked;
  let edge = 0;
  for (let i = 0; i < n; i++) {
    t.edgeStart[i] = edge;
    const xi = x[offset + i]!;
    const yi = y[offset + i]!;
    const r = radius[offset + i]!;
    const limit = r * r;
    // Whole-pixel coordinates make squared distances integers, so (distance, index) packs into one
    // integer whose order is buildEdges' ranking: nearest first, ties by index. Gathering is
    // branch-free because whether a minutia is inside the bound is unpredictable.
    let count = 0;
    for (let j = 0; j < n; j++) {
      const dx = x[offset + j]! - xi;
      const dy = y[offset + j]! - yi;
      const d = dx * dx + dy * dy;
      near[count] = (d << PACKED_INDEX_BITS) | j;
      count += +(d >= MIN_SQ) & +(d <= limit);
    }
    for (let c = 1; c < count; c++) {
      const value = near[c]!;
      let at = c;
      while (at > 0 && near[at - 1]! > value) {
        near[at] = near[at - 1]!;
        at--;
      }
      near[at] = value;
    }
    const found = Math.min(count, NEIGHBORS);
    const from = directionUnits[offset + i]!;
    for (let e = 0; e < found; e++) {
      const j = near[e]! & ((1 << PACKED_INDEX_BITS) - 1);
      const angle =
        angles[
          (y[offset + j]! - yi + ANGLE_TABLE_RADIUS) * ANGLE_TABLE_SIDE +
            x[offset + j]! -
            xi +
            ANGLE_TABLE_RADIUS
        ]!;
      t.edgeTarget[edge] = j;
      t.edgeLength[edge] = Math.sqrt(near[e]! >> PACKED_INDEX_BITS);
      t.edgeFromAngle[edge] = from - angle;
      t.edgeToAngle[edge] = directionUnits[offset + j]! - angle;
      edge++;
    }
  }
  t.edgeStart[n] = edge;
}

const ANGLE_TABLE_RADIUS = P.maxEdgeLength;
const ANGLE_TABLE_SIDE = 2 * ANGLE_TABLE_RADIUS + 1;
let angleTable: Uint8Array | undefined;

/** Edge direction in 1/256 turns for every whole-pixel offset (dx, dy) an edge can have. */
function edgeAngleTable(): Uint8Array {
  if (angleTable) return angleTable;
  const table = new Uint8Array(ANGLE_TABLE_SIDE * ANGLE_TABLE_SIDE);
  for (let dy = -ANGLE_TABLE_RADIUS; dy <= ANGLE_TABLE_RADIUS; dy++) {
    for (let dx = -ANGLE_TABLE_RADIUS; dx <= ANGLE_TABLE_RADIUS; dx++) {
      const at = (dy + ANGLE_TABLE_RADIUS) * ANGLE_TABLE_SIDE + dx + ANGLE_TABLE_RADIUS;
      table[at] = toAngleUnits(fastAtan2(-dy, dx));
    }
  }
  angleTable = table;
  return table;
}

/** Inserts minutia j at squared distance d into the sorted neighbour list; returns the list length. */
function rankNeighbor(found: number, j: number, d: number): number {
  if (found === NEIGHBORS && d >= bestDistance[NEIGHBORS - 1]!) return found;
  let at = found < NEIGHBORS ? found++ : NEIGHBORS - 1;
  while (at > 0 && bestDistance[at - 1]! > d) {
    bestDistance[at] = bestDistance[at - 1]!;
    bestIndex[at] = bestIndex[at - 1]!;
    at--;
  }
  bestDistance[at] = d;
  bestIndex[at] = j;
  return found;
}

function writeEdges(t: PreparedTemplate, i: number, found: number, first: number): number {
  let edge = first;
  const xi = t.x[i]!;
  const yi = t.y[i]!;
  const di = t.direction[i]!;
  for (let e = 0; e < found; e++) {
    const j = bestIndex[e]!;
    const dx = t.x[j]! - xi;
    const dy = t.y[j]! - yi;
    // y grows downwards while angles run counter-clockwise on screen, hence −dy.
    const edgeAngle = fastAtan2(-dy, dx);
    t.edgeTarget[edge] = j;
    t.edgeLength[edge] = Math.sqrt(bestDistance[e]!);
    t.edgeFromAngle[edge] = toAngleUnits(di - edgeAngle);
    t.edgeToAngle[edge] = toAngleUnits(t.direction[j]! - edgeAngle);
    edge++;
  }
  return edge;
}

/**
 * Per minutia, the smallest whole number of pixels not below its farthest edge (the edge length
 * limit when it has fewer than `neighbors` edges), for `buildStoredEdges`. Needs count, x and y.
 */
export function writeNeighborRadii(t: PreparedTemplate, out: Uint8Array, offset: number): void {
  for (let i = 0; i < t.count; i++) {
    if (nearestNeighbors(t, i) < NEIGHBORS) {
      out[offset + i] = P.maxEdgeLength;
      continue;
    }
    const d = bestDistance[NEIGHBORS - 1]!;
    let r = Math.ceil(Math.sqrt(d));
    while (r * r < d) r++;
    out[offset + i] = r;
  }
}
