import { isDeepStrictEqual } from "node:util";
import type { GrayImage } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { binarizeBits } from "../src/extractor/binarization.js";
import { computeCellContrast } from "../src/extractor/cell-contrast.js";
import { cellGridFor } from "../src/extractor/cell-grid.js";
import { EXTRACTOR_PARAMETERS as P } from "../src/extractor/extractor-parameters.js";
import { computeForegroundMask } from "../src/extractor/foreground-mask.js";
import { computeOrientationField } from "../src/extractor/orientation-field.js";
import { resampleToPpi } from "../src/extractor/resample-image.js";
import { enhanceRidges } from "../src/extractor/ridge-enhancement.js";
import {
  buildSkeletonGraph,
  type SkeletonEdge,
  type SkeletonGraph,
  type SkeletonNode,
  type SkeletonPixels,
  skeletonGraphOf,
} from "../src/extractor/skeleton-graph.js";
import { neighbourOffsets, thinBits } from "../src/extractor/thinning.js";
import { FVC_DATABASES, hasFvc, readFvcImage } from "./support/fvc-data.js";
import { patternWithMinutia, ridgePattern, seededRandom } from "./support/synthetic-prints.js";

/**
 * The skeleton graph as first written: the map copied into a padded raster and scanned for set pixels,
 * node ids in an array filled with −1, each point's image index worked out from its padded position. The
 * engine's buildSkeletonGraph must give exactly this graph.
 */
function referenceSkeletonGraph(skeleton: Uint8Array, width: number, height: number): SkeletonGraph {
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

/** The thinned ridge and valley maps of the extractor's own pipeline, with their pixel lists. */
function skeletonsOf(image: GrayImage) {
  const raster = resampleToPpi(image, 500);
  const { width, height } = raster;
  const grid = cellGridFor(width, height, P.cellSize);
  const field = computeOrientationField(raster, grid, P.orientationSmoothingCells);
  const contrast = computeCellContrast(raster, grid, P.contrastWindowCells);
  const mask = computeForegroundMask(grid, contrast, field.coherence, P);
  const { enhanced } = enhanceRidges(raster, grid, field.angle, mask, P);
  const binary = binarizeBits(enhanced, width, height, grid, mask, P.binaryVoteRadius, P.binaryVoteMajority);
  return [binary.ridges, binary.valleys].map((bits) => {
    const pixels = thinBits(bits, P.maxThinningIterations);
    const map = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let k = pixels.rowStart[y]!; k < pixels.rowStart[y + 1]!; k++) map[y * width + pixels.xs[k]!] = 1;
    return { skeleton: { map, pixels }, width, height };
  });
}

/** The reference graph, and whether the engine's (from the pixel list, or from the map) equals it. */
function agrees(map: Uint8Array, width: number, height: number, pixels?: SkeletonPixels) {
  const reference = referenceSkeletonGraph(map, width, height);
  const graph = pixels ? skeletonGraphOf(pixels, width, height) : buildSkeletonGraph(map, width, height);
  return { reference, same: isDeepStrictEqual(graph, reference) };
}

/** A random sparse map: short random walks, so that it has endings, junctions, clusters and rings. */
function walks(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const map = new Uint8Array(width * height);
  for (let walk = 0; walk < (width * height) / 60; walk++) {
    let x = Math.floor(random() * width);
    let y = Math.floor(random() * height);
    for (let step = 0; step < 20; step++) {
      map[y * width + x] = 1;
      x = Math.min(width - 1, Math.max(0, x + Math.floor(random() * 3) - 1));
      y = Math.min(height - 1, Math.max(0, y + Math.floor(random() * 3) - 1));
    }
  }
  return map;
}

function size(graph: SkeletonGraph): [number, number] {
  return [graph.nodes.length, graph.edges.length];
}

describe("skeleton graph", () => {
  it("is the reference graph on random maps of several sizes", () => {
    for (const [width, height, seed] of [
      [1, 1, 1],
      [3, 40, 2],
      [57, 33, 3],
      [128, 128, 4],
      [211, 97, 5],
    ] as const) {
      const { reference, same } = agrees(walks(width, height, seed), width, height);
      expect(same, `${width}×${height}`).toBe(true);
      // The work arrays are reused: a second call must not see the first's marks.
      expect(agrees(walks(width, height, seed), width, height).same, `${width}×${height} again`).toBe(true);
      if (width > 50) expect(size(reference)[1], `${width}×${height} has edges`).toBeGreaterThan(10);
    }
  });

  it("is the reference graph on the thinned maps of synthetic prints, given thinning's pixel list", () => {
    for (const image of [
      ridgePattern(200, 200, 0.3, 9, { noise: 40 }),
      patternWithMinutia("ending", 181, 150, 9, 90, 75),
      patternWithMinutia("bifurcation", 250, 99, 10, 125, 50),
    ]) {
      for (const { skeleton, width, height } of skeletonsOf(image)) {
        expect(agrees(skeleton.map, width, height, skeleton.pixels).same).toBe(true);
      }
    }
  });

  it.skipIf(!hasFvc)(
    "is the reference graph on the thinned maps of real prints of every FVC2002 B database",
    () => {
      for (const database of FVC_DATABASES) {
        for (const name of ["101_1", "104_3", "110_8"]) {
          for (const { skeleton, width, height } of skeletonsOf(readFvcImage(database, name))) {
            const { reference, same } = agrees(skeleton.map, width, height, skeleton.pixels);
            expect(same, `${database} ${name}`).toBe(true);
            expect(size(reference)[0]).toBeGreaterThan(50);
          }
        }
      }
    },
  );
});
