import type { GrayImage } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { ExtractionError, extractTemplate } from "../src/index.js";
import { noiseImage, ridgePattern, uniformImage } from "./support/synthetic-prints.js";

function expectError(image: GrayImage, property: string, options = {}) {
  let error: unknown;
  try {
    extractTemplate(image, options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ExtractionError);
  expect((error as ExtractionError).property).toBe(property);
}

describe("extractTemplate on bad input", () => {
  it("rejects empty, inconsistent and oversized images with a typed error", () => {
    expectError({ width: 0, height: 10, ppi: 500, pixels: new Uint8Array(0) }, "width");
    expectError({ width: 10, height: -1, ppi: 500, pixels: new Uint8Array(0) }, "height");
    expectError({ width: 10.5, height: 10, ppi: 500, pixels: new Uint8Array(105) }, "width");
    expectError({ width: 100, height: 100, ppi: 500, pixels: new Uint8Array(99) }, "pixels");
    expectError({ width: 5000, height: 10, ppi: 500, pixels: new Uint8Array(50_000) }, "width");
    expectError({ width: 4000, height: 4000, ppi: 500, pixels: new Uint8Array(16_000_000) }, "pixels");
  });

  it("rejects absurd resolutions, including ones that would blow the image up", () => {
    const image = ridgePattern(100, 100, 0, 9);
    expectError({ ...image, ppi: Number.NaN }, "ppi");
    expectError({ ...image, ppi: 0 }, "ppi");
    expectError({ ...image, ppi: 10_000 }, "ppi");
    expectError({ ...ridgePattern(1000, 1000, 0, 9), ppi: 100 }, "ppi");
  });

  it("rejects a negative or fractional minutiae cap", () => {
    expectError(ridgePattern(100, 100, 0, 9), "maxMinutiae", { maxMinutiae: -1 });
    expectError(ridgePattern(100, 100, 0, 9), "maxMinutiae", { maxMinutiae: 2.5 });
  });

  it("returns an empty, zero-quality template for blank and uniform images", () => {
    for (const value of [0, 128, 255]) {
      const template = extractTemplate(uniformImage(300, 300, value));
      expect(template.minutiae).toEqual([]);
      expect(template.quality).toBe(0);
      expect(template.width).toBe(300);
    }
  });

  it("returns an empty, low-quality template for noise", () => {
    for (const seed of [1, 2, 3]) {
      const template = extractTemplate(noiseImage(300, 300, seed));
      expect(template.minutiae).toEqual([]);
      expect(template.quality).toBeLessThan(10);
    }
  });

  it("handles tiny and one-pixel images without failing", () => {
    expect(extractTemplate(uniformImage(1, 1, 10)).minutiae).toEqual([]);
    expect(extractTemplate(ridgePattern(40, 300, 0.5, 9)).minutiae).toEqual([]);
  });

  it("finds no minutiae in a perfectly regular ridge pattern", () => {
    const template = extractTemplate(ridgePattern(300, 300, 0.7, 9, { noise: 20 }));
    expect(template.minutiae).toEqual([]);
    expect(template.quality).toBeGreaterThan(50);
  });
});
