import { describe, expect, it } from "vitest";
import { cellGridFor } from "../src/extractor/cell-grid.js";
import { EXTRACTOR_PARAMETERS as P } from "../src/extractor/extractor-parameters.js";
import { computeOrientationField } from "../src/extractor/orientation-field.js";
import { resampleToPpi } from "../src/extractor/resample-image.js";
import { enhanceRidges } from "../src/extractor/ridge-enhancement.js";
import { ridgePattern } from "./support/synthetic-prints.js";

function analyse(angle: number, period: number, ppi = 500) {
  const image = ridgePattern(200, 200, angle, period, { noise: 30, ppi });
  const raster = resampleToPpi(image, 500);
  const grid = cellGridFor(raster.width, raster.height, P.cellSize);
  const field = computeOrientationField(raster, grid, P.orientationSmoothingCells);
  const mask = new Uint8Array(grid.cellsX * grid.cellsY).fill(1);
  const result = enhanceRidges(raster, grid, field.angle, mask, P);
  return { raster, grid, ...result };
}

describe("ridge period and enhancement", () => {
  for (const [degrees, period] of [
    [0, 7],
    [40, 9],
    [100, 12],
  ] as const) {
    it(`measures a period of ${period} px at ${degrees}°`, () => {
      const { period: blocks } = analyse((degrees * Math.PI) / 180, period);
      const sorted = Array.from(blocks).sort((a, b) => a - b);
      expect(Math.abs(sorted[sorted.length >> 1]! - period)).toBeLessThan(0.6);
    });
  }

  it("rescales to 500 ppi before measuring (a 569 ppi scan has longer periods in pixels)", () => {
    const { period: blocks, raster } = analyse(0.3, 10, 569);
    expect(raster.width).toBe(Math.round((200 * 500) / 569));
    const sorted = Array.from(blocks).sort((a, b) => a - b);
    expect(Math.abs(sorted[sorted.length >> 1]! - (10 * 500) / 569)).toBeLessThan(0.6);
  });

  it("is negative on the dark ridges and positive on the valleys", () => {
    const period = 9;
    const { enhanced, raster } = analyse(0, period);
    let agree = 0;
    let total = 0;
    for (let y = 30; y < 170; y++) {
      for (let x = 30; x < 170; x++) {
        const darkness = Math.cos((2 * Math.PI * y) / period);
        if (Math.abs(darkness) < 0.5) continue;
        total++;
        if (darkness > 0 === enhanced[y * raster.width + x]! < 0) agree++;
      }
    }
    expect(agree / total).toBeGreaterThan(0.97);
  });
});
