import type { ExtractorParameters } from "./extractor-parameters.js";
import type { SkeletonEdge, SkeletonGraph, SkeletonNode } from "./skeleton-graph.js";

/**
 * Removes the skeleton structures that thinning produces from noise rather than from ridges: pores and
 * small holes (short parallel edges or loops), ruptures and gaps (two endings facing each other across a
 * short distance), tails (short spurs on a ridge) and fragments (short isolated pieces, dots). Bridges of
 * one skeleton are gaps of the dual skeleton, so running this on ridges and valleys covers them too.
 */
export function filterSkeleton(graph: SkeletonGraph, parameters: ExtractorParameters): void {
  dissolveAll(graph);
  removePores(graph, parameters);
  dissolveAll(graph);
  joinGaps(graph, parameters);
  for (let round = 0; round < 2; round++) {
    removeTails(graph, parameters);
    dissolveAll(graph);
    removeFragments(graph, parameters);
  }
}

function other(edge: SkeletonEdge, node: SkeletonNode): SkeletonNode {
  return edge.start === node ? edge.end : edge.start;
}

function removeEdge(edge: SkeletonEdge): void {
  edge.alive = false;
  for (const node of [edge.start, edge.end]) {
    for (let i = node.edges.length - 1; i >= 0; i--) if (node.edges[i] === edge) node.edges.splice(i, 1);
    if (node.edges.length === 0) node.alive = false;
  }
}

function addEdge(graph: SkeletonGraph, start: SkeletonNode, end: SkeletonNode, points: number[]): void {
  const edge: SkeletonEdge = { start, end, points, alive: true };
  graph.edges.push(edge);
  start.edges.push(edge);
  end.edges.push(edge);
  start.alive = true;
  end.alive = true;
}

/** Edge points ordered away from `node`. */
export function pointsFrom(edge: SkeletonEdge, node: SkeletonNode): readonly number[] {
  return edge.start === node ? edge.points : [...edge.points].reverse();
}

/** A node with exactly two edges is just a point on a ridge: merge its edges into one. */
function dissolve(graph: SkeletonGraph, node: SkeletonNode): void {
  const [first, second] = node.edges;
  if (!first || !second || node.edges.length !== 2) return;
  if (first === second) {
    removeEdge(first);
    return;
  }
  const a = other(first, node);
  const b = other(second, node);
  const points = [...pointsFrom(first, a), ...pointsFrom(second, node).slice(1)];
  removeEdge(first);
  removeEdge(second);
  node.alive = false;
  addEdge(graph, a, b, points);
}

function dissolveAll(graph: SkeletonGraph): void {
  for (const node of graph.nodes) if (node.alive && node.edges.length === 2) dissolve(graph, node);
}

function removePores(graph: SkeletonGraph, parameters: ExtractorParameters): void {
  for (const edge of graph.edges) {
    if (!edge.alive) continue;
    if (edge.start === edge.end) {
      if (edge.points.length <= 2 * parameters.maxPoreArm) removeEdge(edge);
      continue;
    }
    if (edge.points.length > parameters.maxPoreArm) continue;
    const twin = edge.start.edges.find(
      (e) =>
        e !== edge &&
        e.alive &&
        other(e, edge.start) === edge.end &&
        e.points.length <= parameters.maxPoreArm,
    );
    if (twin) removeEdge(twin.points.length > edge.points.length ? twin : edge);
  }
}

/** Outward unit direction of an ending: from a point some way along its ridge towards the end. */
export function endingDirection(
  node: SkeletonNode,
  width: number,
  skip: number,
  sample: number,
): [number, number] {
  const points = pointsFrom(node.edges[0]!, node);
  const last = Math.min(sample, points.length - 1);
  const first = Math.min(skip, last);
  let sx = 0;
  let sy = 0;
  for (let i = first; i <= last; i++) {
    const p = points[i]!;
    sx += p % width;
    sy += (p / width) | 0;
  }
  const count = last - first + 1;
  const dx = node.x - sx / count;
  const dy = node.y - sy / count;
  const length = Math.hypot(dx, dy);
  return length > 0 ? [dx / length, dy / length] : [0, 0];
}

function joinGaps(graph: SkeletonGraph, parameters: ExtractorParameters): void {
  const { width } = graph;
  const endings = graph.nodes.filter(
    (n) => n.alive && n.edges.length === 1 && n.edges[0]!.points.length >= parameters.shortestJoinedEnding,
  );
  const directions = endings.map((n) =>
    endingDirection(n, width, parameters.directionSkip, parameters.directionSample),
  );
  const cosLimit = Math.cos(parameters.maxGapAngle);
  const candidates: { a: number; b: number; distance: number }[] = [];
  for (let a = 0; a < endings.length; a++) {
    for (let b = a + 1; b < endings.length; b++) {
      const na = endings[a]!;
      const nb = endings[b]!;
      if (na.edges[0] === nb.edges[0]) continue;
      const gx = nb.x - na.x;
      const gy = nb.y - na.y;
      // Math.hypot is at least the larger of |gx| and |gy| (it scales both by that one), so these pairs
      // would fail the distance test below anyway; most pairs end here without a hypot.
      if (gx > parameters.maxGapSize || -gx > parameters.maxGapSize) continue;
      if (gy > parameters.maxGapSize || -gy > parameters.maxGapSize) continue;
      const distance = Math.hypot(gx, gy);
      if (distance > parameters.maxGapSize) continue;
      if (distance > parameters.maxRuptureSize) {
        const [ax, ay] = directions[a]!;
        const [bx, by] = directions[b]!;
        if ((ax * gx + ay * gy) / distance < cosLimit || -(bx * gx + by * gy) / distance < cosLimit) continue;
      }
      candidates.push({ a, b, distance });
    }
  }
  candidates.sort((p, q) => p.distance - q.distance);
  for (const { a, b } of candidates) {
    const na = endings[a]!;
    const nb = endings[b]!;
    if (
      !na.alive ||
      !nb.alive ||
      na.edges.length !== 1 ||
      nb.edges.length !== 1 ||
      na.edges[0] === nb.edges[0]
    ) {
      continue;
    }
    addEdge(graph, na, nb, linePoints(na, nb, width));
    dissolve(graph, na);
    dissolve(graph, nb);
  }
}

function linePoints(a: SkeletonNode, b: SkeletonNode, width: number): number[] {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y))));
  const points: number[] = [];
  for (let s = 0; s <= steps; s++) {
    const x = Math.round(a.x + ((b.x - a.x) * s) / steps);
    const y = Math.round(a.y + ((b.y - a.y) * s) / steps);
    points.push(y * width + x);
  }
  return points;
}

function removeTails(graph: SkeletonGraph, parameters: ExtractorParameters): void {
  for (const edge of graph.edges) {
    if (!edge.alive || edge.points.length >= parameters.minTailLength) continue;
    const startEnds = edge.start.edges.length === 1;
    const endEnds = edge.end.edges.length === 1;
    if (startEnds !== endEnds && (edge.start.edges.length >= 3 || edge.end.edges.length >= 3))
      removeEdge(edge);
  }
}

function removeFragments(graph: SkeletonGraph, parameters: ExtractorParameters): void {
  for (const edge of graph.edges) {
    if (!edge.alive || edge.points.length >= parameters.minFragmentLength) continue;
    if (edge.start.edges.length === 1 && edge.end.edges.length === 1) removeEdge(edge);
  }
}
