import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GrayImage } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { assembleWat, generatedModule, generatedPath } from "../../../scripts/build-wasm.js";
import { computeCellContrast } from "../src/extractor/cell-contrast.js";
import { cellGridFor } from "../src/extractor/cell-grid.js";
import { EXTRACTOR_PARAMETERS as P } from "../src/extractor/extractor-parameters.js";
import { computeForegroundMask } from "../src/extractor/foreground-mask.js";
import { computeOrientationField } from "../src/extractor/orientation-field.js";
import { resampleToPpi } from "../src/extractor/resample-image.js";
import { enhanceRidges } from "../src/extractor/ridge-enhancement.js";
import { enhancementKernelAvailable } from "../src/extractor/ridge-enhancement-wasm.js";
import { FVC_DATABASES, hasFvc, readFvcImage } from "./support/fvc-data.js";
import { ridgePattern } from "./support/synthetic-prints.js";

const WAT = "packages/afis/src/extractor/ridge-enhancement-kernel.wat";

/** Pixels (and period blocks) where the kernel's enhancement differs from the portable one, bit for bit. */
function differences(image: GrayImage): number {
  const raster = resampleToPpi(image, 500);
  const grid = cellGridFor(raster.width, raster.height, P.cellSize);
  const field = computeOrientationField(raster, grid, P.orientationSmoothingCells);
  const contrast = computeCellContrast(raster, grid, P.contrastWindowCells);
  const mask = computeForegroundMask(grid, contrast, field.coherence, P);
  const kernel = enhanceRidges(raster, grid, field.angle, mask, P, false);
  const portable = enhanceRidges(raster, grid, field.angle, mask, P, true);
  expect(kernel.enhanced.length).toBe(portable.enhanced.length);
  const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length);
  const a = bits(kernel.enhanced);
  const b = bits(portable.enhanced);
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  for (let i = 0; i < portable.period.length; i++) if (kernel.period[i] !== portable.period[i]) differing++;
  return differing;
}

describe("ridge enhancement in WebAssembly", () => {
  it("runs in Node (WebAssembly SIMD present)", () => {
    expect(enhancementKernelAvailable()).toBe(true);
  });

  it("is the checked-in module assembled from its .wat", async () => {
    const root = join(import.meta.dirname, "../../..");
    const checkedIn = readFileSync(join(root, generatedPath(WAT)), "utf8");
    expect(checkedIn).toBe(generatedModule(WAT, await assembleWat(WAT)));
  });

  it("gives the portable filters' bits on synthetic ridges of several sizes, angles and periods", () => {
    for (const [width, height, angle, period] of [
      [200, 200, 0.3, 9],
      [157, 233, 1.9, 7],
      [301, 118, 2.7, 12],
    ] as const) {
      const image = ridgePattern(width, height, angle, period, { noise: 30 });
      expect(differences(image), `${width}×${height}`).toBe(0);
    }
  });

  it.skipIf(!hasFvc)("gives the portable filters' bits on a real print of every FVC2002 B database", () => {
    for (const database of FVC_DATABASES)
      expect(differences(readFvcImage(database, "103_2")), database).toBe(0);
  });
});
