import type { GrayImage } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { computeCellContrast } from "../src/extractor/cell-contrast.js";
import { cellGridFor } from "../src/extractor/cell-grid.js";
import { EXTRACTOR_PARAMETERS as P } from "../src/extractor/extractor-parameters.js";
import { borderDistance, computeForegroundMask } from "../src/extractor/foreground-mask.js";
import { computeOrientationField } from "../src/extractor/orientation-field.js";
import { resampleToPpi } from "../src/extractor/resample-image.js";
import { seededRandom } from "./support/synthetic-prints.js";

/** A disc of ridges (radius r) on light, slightly noisy glass; optionally a blurred blot in the middle. */
function printOnGlass(size: number, r: number, blot: number): GrayImage {
  const random = seededRandom(5);
  const pixels = new Uint8Array(size * size);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const ridges = d < r && d >= blot ? 80 * Math.cos((2 * Math.PI * (x * 0.8 + y * 0.6)) / 9) : 0;
      pixels[y * size + x] = Math.round((d < r ? 128 : 210) - ridges + 6 * (random() - 0.5));
    }
  }
  return { width: size, height: size, ppi: 500, pixels };
}

function segment(image: GrayImage) {
  const raster = resampleToPpi(image, 500);
  const grid = cellGridFor(raster.width, raster.height, P.cellSize);
  const field = computeOrientationField(raster, grid, P.orientationSmoothingCells);
  const contrast = computeCellContrast(raster, grid, P.contrastWindowCells);
  const mask = computeForegroundMask(grid, contrast, field.coherence, P);
  return { grid, mask };
}

describe("foreground segmentation", () => {
  it("covers the print and leaves the glass out", () => {
    const { grid, mask } = segment(printOnGlass(300, 100, 0));
    let wrong = 0;
    let counted = 0;
    for (let cy = 0; cy < grid.cellsY; cy++) {
      for (let cx = 0; cx < grid.cellsX; cx++) {
        const d = Math.hypot((cx + 0.5) * grid.cellSize - 150, (cy + 0.5) * grid.cellSize - 150);
        if (Math.abs(d - 100) < 16) continue;
        counted++;
        if (mask[cy * grid.cellsX + cx] !== (d < 100 ? 1 : 0)) wrong++;
      }
    }
    expect(wrong / counted).toBeLessThan(0.02);
  });

  it("fills a featureless hole inside the print", () => {
    const { grid, mask } = segment(printOnGlass(300, 110, 25));
    const centre = Math.floor(grid.cellsY / 2) * grid.cellsX + Math.floor(grid.cellsX / 2);
    expect(mask[centre]).toBe(1);
  });

  it("measures distance to the edge of the foreground", () => {
    const { grid, mask } = segment(printOnGlass(300, 100, 0));
    const distance = borderDistance(mask, grid);
    const at = (x: number, y: number) =>
      distance[Math.floor(y / grid.cellSize) * grid.cellsX + Math.floor(x / grid.cellSize)]!;
    expect(at(150, 150)).toBeGreaterThan(85);
    expect(at(150, 150)).toBeLessThan(115);
    expect(at(150, 70)).toBeGreaterThan(10);
    expect(at(150, 70)).toBeLessThan(40);
    expect(at(10, 10)).toBe(0);
  });
});
