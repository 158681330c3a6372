import { describe, expect, it } from "vitest";
import { cellGridFor } from "../src/extractor/cell-grid.js";
import { EXTRACTOR_PARAMETERS as P } from "../src/extractor/extractor-parameters.js";
import { computeOrientationField } from "../src/extractor/orientation-field.js";
import { resampleToPpi } from "../src/extractor/resample-image.js";
import { noiseImage, ridgePattern } from "./support/synthetic-prints.js";

function angleError(a: number, b: number): number {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
}

describe("orientation field", () => {
  for (const degrees of [0, 30, 45, 90, 135, 160]) {
    it(`recovers a ridge direction of ${degrees}°`, () => {
      const angle = (degrees * Math.PI) / 180;
      const raster = resampleToPpi(ridgePattern(160, 160, angle, 9, { noise: 40 }), 500);
      const grid = cellGridFor(160, 160, P.cellSize);
      const field = computeOrientationField(raster, grid, P.orientationSmoothingCells);
      const centre = 20 * grid.cellsX + 20;
      expect(angleError(field.angle[centre]!, angle)).toBeLessThan((3 * Math.PI) / 180);
      expect(field.coherence[centre]!).toBeGreaterThan(0.7);
    });
  }

  it("finds no coherent direction in noise", () => {
    const raster = resampleToPpi(noiseImage(160, 160, 3), 500);
    const grid = cellGridFor(160, 160, P.cellSize);
    const field = computeOrientationField(raster, grid, P.orientationSmoothingCells);
    const mean = field.coherence.reduce((s, c) => s + c, 0) / field.coherence.length;
    expect(mean).toBeLessThan(P.minCoherence);
  });
});
