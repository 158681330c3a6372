import type { GrayImage } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { binarize, binarizeBits } from "../src/extractor/binarization.js";
import { computeCellContrast } from "../src/extractor/cell-contrast.js";
import { type CellGrid, cellGridFor } from "../src/extractor/cell-grid.js";
import { EXTRACTOR_PARAMETERS as P } from "../src/extractor/extractor-parameters.js";
import { computeForegroundMask } from "../src/extractor/foreground-mask.js";
import { computeOrientationField } from "../src/extractor/orientation-field.js";
import { resampleToPpi } from "../src/extractor/resample-image.js";
import { enhanceRidges } from "../src/extractor/ridge-enhancement.js";
import { FVC_DATABASES, hasFvc, readFvcImage } from "./support/fvc-data.js";
import { patternWithMinutia, ridgePattern, seededRandom } from "./support/synthetic-prints.js";

interface Case {
  enhanced: Float32Array;
  width: number;
  height: number;
  grid: CellGrid;
  mask: Uint8Array;
}

/** Pixels where the bit-parallel maps differ from `binarize`'s, ridges and valleys together. */
function differences(input: Case, radius: number, majority: number): number {
  const { enhanced, width, height, grid, mask } = input;
  const bytes = binarize(enhanced, width, height, grid, mask, radius, majority);
  const bits = binarizeBits(enhanced, width, height, grid, mask, radius, majority);
  const ridges = bits.ridges.toBytes();
  const valleys = bits.valleys.toBytes();
  let differing = 0;
  for (let i = 0; i < width * height; i++) {
    if (ridges[i] !== bytes.ridges[i]) differing++;
    if (valleys[i] !== bytes.valleys[i]) differing++;
  }
  return differing;
}

/** Random signs in smooth blobs (so that the vote has both clear and split windows), a random cell mask. */
function randomCase(width: number, height: number, seed: number, foreground: number): Case {
  const random = seededRandom(seed);
  const grid = cellGridFor(width, height, P.cellSize);
  const enhanced = new Float32Array(width * height);
  for (let i = 0; i < enhanced.length; i++) enhanced[i] = random() - 0.5;
  for (let y = 0; y < height; y++)
    for (let x = 1; x < width; x++) enhanced[y * width + x]! += 0.6 * enhanced[y * width + x - 1]!;
  const mask = Uint8Array.from({ length: grid.cellsX * grid.cellsY }, () => (random() < foreground ? 1 : 0));
  return { enhanced, width, height, grid, mask };
}

/** The enhanced image and mask of the extractor's own pipeline. */
function pipelineCase(image: GrayImage): Case {
  const raster = resampleToPpi(image, 500);
  const grid = cellGridFor(raster.width, raster.height, P.cellSize);
  const field = computeOrientationField(raster, grid, P.orientationSmoothingCells);
  const contrast = computeCellContrast(raster, grid, P.contrastWindowCells);
  const mask = computeForegroundMask(grid, contrast, field.coherence, P);
  const { enhanced } = enhanceRidges(raster, grid, field.angle, mask, P);
  return { enhanced, width: raster.width, height: raster.height, grid, mask };
}

describe("bit-parallel binarisation", () => {
  it("gives binarize's maps on random images of many sizes, masks and majorities", () => {
    const sizes: [number, number][] = [
      [1, 1],
      [1, 9],
      [7, 1],
      [2, 2],
      [31, 5],
      [32, 32],
      [33, 17],
      [64, 3],
      [95, 70],
      [130, 129],
    ];
    let seed = 1;
    for (const [width, height] of sizes) {
      for (const foreground of [0.3, 0.8, 1]) {
        const input = randomCase(width, height, seed++, foreground);
        for (const majority of [P.binaryVoteMajority, 0, 0.3, 0.5, 5 / 9, 2 / 3, 0.9, 1, 1.1]) {
          expect(differences(input, 1, majority), `${width}×${height} fg ${foreground} m ${majority}`).toBe(
            0,
          );
        }
        expect(differences(input, 2, P.binaryVoteMajority), `${width}×${height} radius 2`).toBe(0);
      }
    }
  });

  it("finds the vote's work to do: the random images' votes change pixels", () => {
    const input = randomCase(130, 129, 7, 1);
    const voted = binarize(input.enhanced, 130, 129, input.grid, input.mask, 1, P.binaryVoteMajority);
    let changed = 0;
    for (let i = 0; i < input.enhanced.length; i++)
      if (voted.ridges[i] !== (input.enhanced[i]! < 0 ? 1 : 0)) changed++;
    expect(changed).toBeGreaterThan(100);
  });

  it("gives binarize's maps on synthetic prints through the extractor's pipeline", () => {
    for (const image of [
      ridgePattern(200, 200, 0.3, 9, { noise: 30 }),
      ridgePattern(157, 233, 1.9, 7, { noise: 60 }),
      patternWithMinutia("ending", 181, 150, 9, 90, 75),
      patternWithMinutia("bifurcation", 250, 99, 10, 125, 50),
    ]) {
      expect(differences(pipelineCase(image), P.binaryVoteRadius, P.binaryVoteMajority)).toBe(0);
    }
  });

  it.skipIf(!hasFvc)("gives binarize's maps on real prints of every FVC2002 B database", () => {
    for (const database of FVC_DATABASES) {
      for (const name of ["101_1", "104_3", "110_8"]) {
        const input = pipelineCase(readFvcImage(database, name));
        expect(differences(input, P.binaryVoteRadius, P.binaryVoteMajority), `${database} ${name}`).toBe(0);
      }
    }
  });
});
