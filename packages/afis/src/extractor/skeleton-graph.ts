import { neighbourOffsets } from "./thinning.js";

/** An ending (one edge) or a junction (three or more) of a skeleton. */
export interface SkeletonNode {
  x: number;
  y: number;
  /** Incident edges; a loop appears twice. */
  readonly edges: SkeletonEdge[];
  alive: boolean;
}

/** A ridge (or valley) between two nodes, as its skeleton pixels from `start` to `end`. */
export interface SkeletonEdge {
  readonly start: SkeletonNode;
  readonly end: SkeletonNode;
  /** Pixel indices (y·width + x), both end pixels included. */
  readonly points: readonly number[];
  alive: boolean;
}

export interface SkeletonGraph {
  readonly width: number;
  readonly height: number;
  readonly nodes: SkeletonNode[];
  readonly edges: SkeletonEdge[];
}

/**
 * Turns a thinned map into a graph. Pixels with one skeleton neighbour are endings; touching pixels with
 * three or more neighbours together form one junction (a thinned fork is often a small cluster); every
 * chain of two-neighbour pixels between them becomes an edge. Closed rings without a node carry no
 * minutiae and are left out.
 */
export function buildSkeletonGraph(skeleton: Uint8Array, width: number, height: number): SkeletonGraph {
  const stride = width + 2;
  // Rounded up to whole 32-bit words so that the scan for skeleton pixels skips four background
  // pixels at once; the skeleton covers a small fraction of the image.
  const image = new Uint8Array((stride * (height + 2) + 3) & ~3);
  const words = new Uint32Array(image.buffer, 0, image.length >> 2);
  for (let y = 0; y < height; y++) {
    image.set(skeleton.subarray(y * width, (y + 1) * width), (y + 1) * stride + 1);
  }

  const offsets = neighbourOffsets(stride);
  const degree = new Uint8Array(image.length);
  const nodePixels: number[] = [];
  for (let w = 0; w < words.length; w++) {
    if (!words[w]) continue;
    for (let i = w << 2; i < (w + 1) << 2; i++) {
      if (!image[i]) continue;
      let count = 0;
      for (let k = 0; k < 8; k++) count += image[i + offsets[k]!]!;
      degree[i] = count;
      if (count === 1 || count >= 3) nodePixels.push(i);
    }
  }
  const toIndex = (p: number) => (((p / stride) | 0) - 1) * width + ((p % stride) - 1);

  const nodeOf = new Int32Array(image.length).fill(-1);
  const nodes: SkeletonNode[] = [];
  const stack: number[] = [];
  for (const start of nodePixels) {
    if (nodeOf[start]! >= 0) continue;
    const id = nodes.length;
    let sumX = 0;
    let sumY = 0;
    let count = 0;
    nodeOf[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      sumX += (p % stride) - 1;
      sumY += ((p / stride) | 0) - 1;
      count++;
      if (degree[p]! < 3) continue;
      for (let k = 0; k < 8; k++) {
        const q = p + offsets[k]!;
        if (degree[q]! >= 3 && nodeOf[q] === -1) {
          nodeOf[q] = id;
          stack.push(q);
        }
      }
    }
    nodes.push({ x: sumX / count, y: sumY / count, edges: [], alive: true });
  }

  const edges: SkeletonEdge[] = [];
  const connect = (a: number, b: number, points: number[]) => {
    const edge: SkeletonEdge = { start: nodes[a]!, end: nodes[b]!, points, alive: true };
    edges.push(edge);
    nodes[a]!.edges.push(edge);
    nodes[b]!.edges.push(edge);
  };
  const visited = new Uint8Array(image.length);
  const limit = image.length;
  for (const p of nodePixels) {
    const from = nodeOf[p]!;
    for (let k = 0; k < 8; k++) {
      const q = p + offsets[k]!;
      if (!image[q]) continue;
      const to = nodeOf[q]!;
      if (to >= 0) {
        if (from < to) connect(from, to, [toIndex(p), toIndex(q)]);
        continue;
      }
      if (visited[q]) continue;
      visited[q] = 1;
      const points = [toIndex(p), toIndex(q)];
      let previous = p;
      let current = q;
      let closedAt = -1;
      for (let steps = 0; steps < limit; steps++) {
        let next = -1;
        for (let j = 0; j < 8; j++) {
          const candidate = current + offsets[j]!;
          if (image[candidate] && candidate !== previous) {
            next = candidate;
            break;
          }
        }
        if (next < 0 || (visited[next] && nodeOf[next]! < 0)) break;
        points.push(toIndex(next));
        if (nodeOf[next]! >= 0) {
          closedAt = nodeOf[next]!;
          break;
        }
        visited[next] = 1;
        previous = current;
        current = next;
      }
      if (closedAt >= 0) connect(from, closedAt, points);
    }
  }
  return { width, height, nodes, edges };
}
