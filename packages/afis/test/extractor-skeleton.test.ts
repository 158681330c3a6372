import { describe, expect, it } from "vitest";
import { EXTRACTOR_PARAMETERS as P } from "../src/extractor/extractor-parameters.js";
import { filterSkeleton } from "../src/extractor/skeleton-filters.js";
import { buildSkeletonGraph, type SkeletonGraph } from "../src/extractor/skeleton-graph.js";
import { neighbourGroups, thin } from "../src/extractor/thinning.js";

const W = 120;
const H = 120;

function draw(...segments: [number, number, number, number][]): Uint8Array {
  const image = new Uint8Array(W * H);
  for (const [x0, y0, x1, y1] of segments) {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let s = 0; s <= steps; s++) {
      const x = Math.round(x0 + ((x1 - x0) * s) / steps);
      const y = Math.round(y0 + ((y1 - y0) * s) / steps);
      image[y * W + x] = 1;
    }
  }
  return image;
}

function thicken(image: Uint8Array, radius: number): Uint8Array {
  const result = new Uint8Array(image.length);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!image[y * W + x]) continue;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (xx >= 0 && yy >= 0 && xx < W && yy < H && dx * dx + dy * dy <= radius * radius)
            result[yy * W + xx] = 1;
        }
      }
    }
  }
  return result;
}

function degrees(graph: SkeletonGraph): number[] {
  return graph.nodes
    .filter((n) => n.alive)
    .map((n) => n.edges.length)
    .sort();
}

describe("thinning", () => {
  it("thins a thick band to a one-pixel line", () => {
    const skeleton = thin(thicken(draw([10, 60, 110, 60]), 3), W, H, 30);
    for (let x = 20; x < 100; x++) {
      let column = 0;
      for (let y = 0; y < H; y++) column += skeleton[y * W + x]!;
      expect(column).toBe(1);
    }
  });

  it("leaves no staircase corners on a diagonal", () => {
    const skeleton = thin(thicken(draw([10, 20, 100, 70]), 3), W, H, 30);
    let branchPixels = 0;
    for (let y = 1; y < H - 1; y++) {
      for (let x = 1; x < W - 1; x++) {
        if (!skeleton[y * W + x]) continue;
        let neighbours = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) neighbours += skeleton[(y + dy) * W + x + dx]!;
        if (neighbours - 1 > 2) branchPixels++;
      }
    }
    expect(branchPixels).toBe(0);
  });

  it("counts neighbour groups across corners", () => {
    expect(neighbourGroups(0b00000101)).toBe(1); // N and E touch at the corner
    expect(neighbourGroups(0b00010001)).toBe(2); // N and S do not
    expect(neighbourGroups(0b00001010)).toBe(2); // NE and SE do not
  });
});

describe("skeleton graph and filters", () => {
  it("builds endings and one junction for a Y", () => {
    const graph = buildSkeletonGraph(draw([60, 60, 60, 110], [60, 60, 20, 15], [60, 60, 100, 15]), W, H);
    expect(degrees(graph)).toEqual([1, 1, 1, 3]);
  });

  it("removes a short spur and keeps the ridge as one edge", () => {
    const graph = buildSkeletonGraph(draw([10, 60, 110, 60], [60, 60, 60, 50]), W, H);
    filterSkeleton(graph, P);
    expect(degrees(graph)).toEqual([1, 1]);
  });

  it("joins a small gap between two aligned ridge ends", () => {
    const graph = buildSkeletonGraph(draw([10, 60, 55, 60], [66, 60, 110, 60]), W, H);
    filterSkeleton(graph, P);
    expect(degrees(graph)).toEqual([1, 1]);
    expect(graph.edges.filter((e) => e.alive)).toHaveLength(1);
  });

  it("does not join ends that point past each other", () => {
    const graph = buildSkeletonGraph(draw([10, 50, 55, 50], [66, 65, 110, 65]), W, H);
    filterSkeleton(graph, P);
    expect(degrees(graph)).toEqual([1, 1, 1, 1]);
  });

  it("removes short fragments (dots) and small holes", () => {
    const dot = buildSkeletonGraph(draw([50, 50, 58, 50]), W, H);
    filterSkeleton(dot, P);
    expect(degrees(dot)).toEqual([]);
    const hole = buildSkeletonGraph(
      draw(
        [5, 60, 50, 60],
        [50, 60, 60, 54],
        [60, 54, 70, 60],
        [50, 60, 60, 66],
        [60, 66, 70, 60],
        [70, 60, 115, 60],
      ),
      W,
      H,
    );
    filterSkeleton(hole, P);
    expect(degrees(hole)).toEqual([1, 1]);
  });
});
