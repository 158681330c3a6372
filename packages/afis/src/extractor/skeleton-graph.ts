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

/** The set pixels of a skeleton, row by row: row y's x coordinates are xs[rowStart[y]] … xs[rowStart[y + 1] − 1]. */
export interface SkeletonPixels {
  readonly xs: Int32Array;
  readonly rowStart: Int32Array;
}

/** The set pixels of a map holding 0 or 1 per pixel, in raster order. */
export function skeletonPixels(skeleton: Uint8Array, width: number, height: number): SkeletonPixels {
  let count = 0;
  for (let i = 0; i < width * height; i++) count += skeleton[i]!;
  const xs = new Int32Array(count);
  const rowStart = new Int32Array(height + 1);
  let n = 0;
  for (let y = 0; y < height; y++) {
    rowStart[y] = n;
    for (let x = 0; x < width; x++) if (skeleton[y * width + x]) xs[n++] = x;
  }
  rowStart[height] = n;
  return { xs, rowStart };
}

/** Row offset of each neighbour direction of neighbourOffsets (N, NE, E, SE, S, SW, W, NW). */
const NEIGHBOUR_ROWS = Int32Array.of(-1, -1, 0, 1, 1, 1, 0, -1);

/**
 * Turns a thinned map into a graph. Pixels with one skeleton neighbour are endings; touching pixels with
 * three or more neighbours together form one junction (a thinned fork is often a small cluster); every
 * chain of two-neighbour pixels between them becomes an edge. Closed rings without a node carry no
 * minutiae and are left out.
 */
export function buildSkeletonGraph(skeleton: Uint8Array, width: number, height: number): SkeletonGraph {
  return skeletonGraphOf(skeletonPixels(skeleton, width, height), width, height);
}

/**
 * Per-pixel work arrays of skeletonGraphOf, kept between calls (a booking's twenty maps would otherwise
 * allocate and zero megabytes each, which the garbage collector then pays for again). Only skeleton
 * pixels are ever set in them, and they are cleared at those pixels before the call returns.
 */
let scratch = { length: 0, image: new Uint8Array(0), degree: new Uint8Array(0), nodeOf: new Int32Array(0) };

function scratchOf(length: number) {
  if (scratch.length < length) {
    scratch = {
      length,
      image: new Uint8Array(length),
      degree: new Uint8Array(length),
      nodeOf: new Int32Array(length),
    };
  }
  return scratch;
}

/** buildSkeletonGraph from the map's set pixels (thinning lists them, so the map is not scanned). */
export function skeletonGraphOf(pixels: SkeletonPixels, width: number, height: number): SkeletonGraph {
  const stride = width + 2;
  const { image, degree, nodeOf } = scratchOf(stride * (height + 2));
  // Bit 1 of image marks a pixel as visited by a trace (bit 0: set).
  const { xs, rowStart } = pixels;
  for (let y = 0; y < height; y++) {
    const row = (y + 1) * stride + 1;
    for (let k = rowStart[y]!; k < rowStart[y + 1]!; k++) image[row + xs[k]!] = 1;
  }
  try {
    return trace(pixels, width, height, image, degree, nodeOf);
  } finally {
    for (let y = 0; y < height; y++) {
      const row = (y + 1) * stride + 1;
      for (let k = rowStart[y]!; k < rowStart[y + 1]!; k++) {
        const i = row + xs[k]!;
        image[i] = 0;
        degree[i] = 0;
        nodeOf[i] = 0;
      }
    }
  }
}

function trace(
  pixels: SkeletonPixels,
  width: number,
  height: number,
  image: Uint8Array,
  degree: Uint8Array,
  nodeOf: Int32Array,
): SkeletonGraph {
  const stride = width + 2;
  const { xs, rowStart } = pixels;
  const offsets = neighbourOffsets(stride);
  const nodePixels: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = (y + 1) * stride + 1;
    for (let k = rowStart[y]!; k < rowStart[y + 1]!; k++) {
      const i = row + xs[k]!;
      const count =
        image[i - stride]! +
        image[i - stride + 1]! +
        image[i + 1]! +
        image[i + stride + 1]! +
        image[i + stride]! +
        image[i + stride - 1]! +
        image[i - 1]! +
        image[i - stride - 1]!;
      degree[i] = count;
      if (count === 1 || count >= 3) nodePixels.push(i);
    }
  }

  // nodeOf holds node id + 1 per pixel, 0 for none.
  const nodes: SkeletonNode[] = [];
  const stack: number[] = [];
  for (const start of nodePixels) {
    if (nodeOf[start]! > 0) continue;
    const id = nodes.length;
    let sumX = 0;
    let sumY = 0;
    let count = 0;
    nodeOf[start] = id + 1;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      sumX += (p % stride) - 1;
      sumY += ((p / stride) | 0) - 1;
      count++;
      if (degree[p]! < 3) continue;
      for (let k = 0; k < 8; k++) {
        const q = p + offsets[k]!;
        if (degree[q]! >= 3 && nodeOf[q] === 0) {
          nodeOf[q] = id + 1;
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
  // Image index of the padded position p on padded row `row`: (row − 1)·width + (p − row·stride − 1).
  const shift = width + 1;
  const limit = stride * (height + 2);
  for (const p of nodePixels) {
    const from = nodeOf[p]! - 1;
    const pRow = (p / stride) | 0;
    const pIndex = p - 2 * pRow - shift;
    for (let k = 0; k < 8; k++) {
      const q = p + offsets[k]!;
      if (!(image[q]! & 1)) continue;
      const qRow = pRow + NEIGHBOUR_ROWS[k]!;
      const to = nodeOf[q]! - 1;
      if (to >= 0) {
        if (from < to) connect(from, to, [pIndex, q - 2 * qRow - shift]);
        continue;
      }
      if (image[q]! & 2) continue;
      image[q] = 3;
      const points = [pIndex, q - 2 * qRow - shift];
      let previous = p;
      let current = q;
      let row = qRow;
      let closedAt = -1;
      for (let steps = 0; steps < limit; steps++) {
        let next = -1;
        for (let j = 0; j < 8; j++) {
          const candidate = current + offsets[j]!;
          if (image[candidate]! & 1 && candidate !== previous) {
            next = candidate;
            row += NEIGHBOUR_ROWS[j]!;
            break;
          }
        }
        if (next < 0 || (image[next]! & 2 && nodeOf[next] === 0)) break;
        points.push(next - 2 * row - shift);
        if (nodeOf[next]! > 0) {
          closedAt = nodeOf[next]! - 1;
          break;
        }
        image[next] = 3;
        previous = current;
        current = next;
      }
      if (closedAt >= 0) connect(from, closedAt, points);
    }
  }
  return { width, height, nodes, edges };
}
