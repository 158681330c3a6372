import { toAngleUnits as angleUnits, fastAtan2 as atan2 } from "../matcher/angles.js";
import { MATCHER_PARAMETERS } from "../matcher/matcher-parameters.js";
import { filterKey as key } from "./filter-keys.js";
import { SEARCH_PARAMETERS } from "./search-parameters.js";

const M = MATCHER_PARAMETERS;
const MIN_SQ = M.minEdgeLength * M.minEdgeLength;
const MAX_SQ = M.maxEdgeLength * M.maxEdgeLength;
const KEYS = SEARCH_PARAMETERS.galleryKeyNeighbors;
const RADIUS = M.neighbors;
const MAX = SEARCH_PARAMETERS.minutiaePerFinger;
// Module-local copies: hot code must not read import bindings (tsx compiles them to getters).
const fastAtan2 = atan2;
const toAngleUnits = angleUnits;
const filterKey = key;

// Per minutia: its nearest neighbours for the keys (distance, index) and the distances for the radius.
const keyDistance = new Float64Array(MAX * KEYS);
const keyIndex = new Int32Array(MAX * KEYS);
const keyFound = new Int32Array(MAX);
const radiusDistance = new Float64Array(MAX * RADIUS);
const radiusFound = new Int32Array(MAX);
// A candidate must be nearer than this to enter the list: its last distance once full.
const keyBound = new Float64Array(MAX);
const radiusBound = new Float64Array(MAX);

/**
 * Everything a stored finger needs from its minutiae's neighbourhoods, in one pass over the pairs:
 *  - its filter keys, those of the first `galleryKeyNeighbors` edges of each minutia in
 *    prepareTemplate's edge list (nearest first, ties by index, within the matcher's edge length
 *    limits) from the float32 minutiae (x, y, direction) as prepareTemplate holds them, written into
 *    `keys` from `keyOffset`; returns their count;
 *  - writeNeighborRadii of the stored, rounded minutiae (rx, ry), into `radii` from `radiusOffset`.
 * Both equal what preparing the template and those functions give; preparing would also rank and
 * describe three times as many edges, and each ranking read every pair twice, which made them most of
 * an enrolment's cost.
 */
export function writeKeysAndRadii(
  count: number,
  x: Float32Array,
  y: Float32Array,
  direction: Float32Array,
  rx: Float32Array,
  ry: Float32Array,
  keys: Uint16Array,
  keyOffset: number,
  keyLimit: number,
  radii: Uint8Array,
  radiusOffset: number,
): number {
  keyFound.fill(0, 0, count);
  radiusFound.fill(0, 0, count);
  keyBound.fill(Number.POSITIVE_INFINITY, 0, count);
  radiusBound.fill(Number.POSITIVE_INFINITY, 0, count);
  // Pairs in row order, so each minutia's candidates arrive in ascending index: a stable insertion
  // then breaks distance ties by index, as buildEdges does.
  for (let i = 0; i < count; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    const rxi = rx[i]!;
    const ryi = ry[i]!;
    for (let j = i + 1; j < count; j++) {
      const dx = x[j]! - xi;
      const dy = y[j]! - yi;
      const d = dx * dx + dy * dy;
      if (d >= MIN_SQ && d <= MAX_SQ) {
        if (d < keyBound[i]!) insertKeyNeighbor(i, j, d);
        if (d < keyBound[j]!) insertKeyNeighbor(j, i, d);
      }
      const rdx = rx[j]! - rxi;
      const rdy = ry[j]! - ryi;
      const rd = rdx * rdx + rdy * rdy;
      if (rd >= MIN_SQ && rd <= MAX_SQ) {
        if (rd < radiusBound[i]!) insertRadiusDistance(i, rd);
        if (rd < radiusBound[j]!) insertRadiusDistance(j, rd);
      }
    }
  }
  let written = 0;
  for (let i = 0; i < count && written < keyLimit; i++) {
    for (let e = 0; e < keyFound[i]! && written < keyLimit; e++) {
      const j = keyIndex[i * KEYS + e]!;
      // y grows downwards while angles run counter-clockwise on screen, hence −dy (as buildEdges).
      const angle = fastAtan2(-(y[j]! - y[i]!), x[j]! - x[i]!);
      // Lengths as the prepared template's float32 edge lengths.
      keys[keyOffset + written++] = filterKey(
        Math.fround(Math.sqrt(keyDistance[i * KEYS + e]!)),
        toAngleUnits(direction[i]! - angle),
        toAngleUnits(direction[j]! - angle),
      );
    }
  }
  for (let i = 0; i < count; i++) {
    if (radiusFound[i]! < RADIUS) {
      radii[radiusOffset + i] = M.maxEdgeLength;
      continue;
    }
    const d = radiusDistance[i * RADIUS + RADIUS - 1]!;
    let r = Math.ceil(Math.sqrt(d));
    while (r * r < d) r++;
    radii[radiusOffset + i] = r;
  }
  return written;
}

function insertKeyNeighbor(i: number, j: number, d: number): void {
  const base = i * KEYS;
  const found = keyFound[i]!;
  let at = found < KEYS ? found : KEYS - 1;
  if (found < KEYS) keyFound[i] = found + 1;
  while (at > 0 && keyDistance[base + at - 1]! > d) {
    keyDistance[base + at] = keyDistance[base + at - 1]!;
    keyIndex[base + at] = keyIndex[base + at - 1]!;
    at--;
  }
  keyDistance[base + at] = d;
  keyIndex[base + at] = j;
  if (found + 1 >= KEYS) keyBound[i] = keyDistance[base + KEYS - 1]!;
}

function insertRadiusDistance(i: number, d: number): void {
  const base = i * RADIUS;
  const found = radiusFound[i]!;
  let at = found < RADIUS ? found : RADIUS - 1;
  if (found < RADIUS) radiusFound[i] = found + 1;
  while (at > 0 && radiusDistance[base + at - 1]! > d) {
    radiusDistance[base + at] = radiusDistance[base + at - 1]!;
    at--;
  }
  radiusDistance[base + at] = d;
  if (found + 1 >= RADIUS) radiusBound[i] = radiusDistance[base + RADIUS - 1]!;
}
