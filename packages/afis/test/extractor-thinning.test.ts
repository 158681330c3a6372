import { describe, expect, it } from "vitest";
import {
  neighbourCode,
  neighbourOffsets,
  STAIRCASE,
  thin,
  zhangSuenTable,
} from "../src/extractor/thinning.js";

/**
 * Zhang–Suen as the textbook states it, one pixel at a time over the whole raster: every set pixel judged
 * by the sub-iteration's table on the image as it was before the sub-iteration, the judged pixels deleted
 * together; then staircase corners deleted in raster order among the pixels Zhang–Suen ever exposed (on the
 * boundary at the start, or next to a deletion). The engine's bit-parallel `thin` must give exactly this.
 */
function referenceThin(binary: Uint8Array, width: number, height: number, maxIterations: number): Uint8Array {
  const stride = width + 2;
  const image = new Uint8Array(stride * (height + 2));
  for (let y = 0; y < height; y++)
    image.set(binary.subarray(y * width, (y + 1) * width), (y + 1) * stride + 1);
  const offsets = neighbourOffsets(stride);
  const listed = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) {
    if (image[i] && !(image[i - 1]! & image[i + 1]! & image[i - stride]! & image[i + stride]!)) listed[i] = 1;
  }
  const tables = [zhangSuenTable(true), zhangSuenTable(false)];
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = false;
    for (const table of tables) {
      const marked: number[] = [];
      for (let i = 0; i < image.length; i++)
        if (image[i] && table[neighbourCode(image, i, offsets)]) marked.push(i);
      for (const i of marked) image[i] = 0;
      for (const i of marked) for (const offset of offsets) if (image[i + offset]) listed[i + offset] = 1;
      if (marked.length > 0) changed = true;
    }
    if (!changed) break;
  }
  for (let i = 0; i < image.length; i++) {
    if (image[i] && listed[i] && STAIRCASE[neighbourCode(image, i, offsets)]) image[i] = 0;
  }
  const skeleton = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    skeleton.set(image.subarray((y + 1) * stride + 1, (y + 1) * stride + 1 + width), y * width);
  }
  return skeleton;
}

/** A deterministic blobby map: random seeds grown by a few majority smoothings (ridges of varied width). */
function blobs(width: number, height: number, density: number, seed: number): Uint8Array {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  let map = Uint8Array.from({ length: width * height }, () => (random() < density ? 1 : 0));
  for (let round = 0; round < 3; round++) {
    const next = new Uint8Array(map.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let count = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy >= 0 && xx >= 0 && yy < height && xx < width) count += map[yy * width + xx]!;
          }
        next[y * width + x] = count >= 5 ? 1 : 0;
      }
    }
    map = next;
  }
  return map;
}

describe("bit-parallel thinning", () => {
  const sizes: [number, number][] = [
    [1, 1],
    [31, 7],
    [32, 32],
    [33, 40],
    [64, 9],
    [95, 130],
    [200, 150],
  ];

  it("deletes exactly the pixels textbook Zhang–Suen and the staircase pass delete", () => {
    for (const [width, height] of sizes) {
      for (const density of [0.3, 0.5, 0.7, 1]) {
        for (const seed of [1, 2, 3]) {
          const map = blobs(width, height, density, seed + width * 7919 + height);
          expect(thin(map, width, height, 26), `${width}x${height} density ${density} seed ${seed}`).toEqual(
            referenceThin(map, width, height, 26),
          );
        }
      }
    }
  });

  it("stops after the given number of iterations as the reference does", () => {
    const map = blobs(150, 120, 0.7, 42);
    for (const iterations of [0, 1, 2, 5]) {
      expect(thin(map, 150, 120, iterations)).toEqual(referenceThin(map, 150, 120, iterations));
    }
    expect(thin(map, 150, 120, 1)).not.toEqual(thin(map, 150, 120, 26));
  });
});
