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
const nearIndex = new Int32Array(P.maxMinutiae);
const nearDistance = new Float64Array(P.maxMinutiae);

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
 * buildEdges for a stored template: whole-pixel coordinates, directions in whole 1/256 turns
 * (`directionUnits`, read from `offset`), and per minutia a bound on its farthest edge (`radius`,
 * from `writeNeighborRadii`). Ranking only the few minutiae inside the bound, and edge angles from a
 * table, make this several times faster than buildEdges, which matters where a stored template is
 * expanded for every comparison. The edges are buildEdges' except that the relative angles are
 * differences of whole units: they can differ by one unit where an angle falls within 2e-5 units of
 * a rounding boundary.
 */
export function buildStoredEdges(
  t: PreparedTemplate,
  directionUnits: Uint8Array,
  radius: Uint8Array,
  offset: number,
): void {
  const n = t.count;
  const x = t.x;
  const y = t.y;
  const angles = edgeAngleTable();
  let edge = 0;
  for (let i = 0; i < n; i++) {
    t.edgeStart[i] = edge;
    const xi = x[i]!;
    const yi = y[i]!;
    const r = radius[offset + i]!;
    const limit = r * r;
    // Branch-free gathering: whether a minutia is inside the bound is unpredictable.
    let near = 0;
    for (let j = 0; j < n; j++) {
      const dx = x[j]! - xi;
      const dy = y[j]! - yi;
      const d = dx * dx + dy * dy;
      nearIndex[near] = j;
      nearDistance[near] = d;
      near += +(d >= MIN_SQ) & +(d <= limit);
    }
    let found = 0;
    for (let c = 0; c < near; c++) found = rankNeighbor(found, nearIndex[c]!, nearDistance[c]!);
    const from = directionUnits[offset + i]!;
    for (let e = 0; e < found; e++) {
      const j = bestIndex[e]!;
      const angle =
        angles[(y[j]! - yi + ANGLE_TABLE_RADIUS) * ANGLE_TABLE_SIDE + x[j]! - xi + ANGLE_TABLE_RADIUS]!;
      t.edgeTarget[edge] = j;
      t.edgeLength[edge] = Math.sqrt(bestDistance[e]!);
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
