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

const bestIndex = new Int32Array(P.neighbors);
const bestDistance = new Float64Array(P.neighbors);

/** Fills the edge arrays from the minutia arrays (count, x, y, direction must be set). */
export function buildEdges(t: PreparedTemplate): void {
  const n = t.count;
  const k = P.neighbors;
  let edge = 0;
  for (let i = 0; i < n; i++) {
    t.edgeStart[i] = edge;
    const xi = t.x[i]!;
    const yi = t.y[i]!;
    let found = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = t.x[j]! - xi;
      const dy = t.y[j]! - yi;
      const d = dx * dx + dy * dy;
      if (d < MIN_SQ || d > MAX_SQ) continue;
      if (found === k && d >= bestDistance[k - 1]!) continue;
      let at = found < k ? found++ : k - 1;
      while (at > 0 && bestDistance[at - 1]! > d) {
        bestDistance[at] = bestDistance[at - 1]!;
        bestIndex[at] = bestIndex[at - 1]!;
        at--;
      }
      bestDistance[at] = d;
      bestIndex[at] = j;
    }
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
  }
  t.edgeStart[n] = edge;
}
