import { describe, expect, it } from "vitest";
import { renderMasterImage } from "../src/fingerprint/master-fingerprint.js";
import {
  generateImpression,
  generateMasterFingerprint,
  syntheticFingerImage,
  syntheticTemplate,
} from "../src/index.js";
import { SeededRandom } from "../src/seeded-random.js";

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe("synthetic fingerprints are reproducible from their seed", () => {
  const master = generateMasterFingerprint({ seed: 424242 });

  it("gives the same master, pixel for pixel, for the same seed", () => {
    const again = generateMasterFingerprint({ seed: 424242 });
    expect(again.fingerClass).toBe(master.fingerClass);
    expect(
      Buffer.from(renderMasterImage(again).pixels).equals(Buffer.from(renderMasterImage(master).pixels)),
    ).toBe(true);
  });

  it("gives the same impression for the same seed and impression number", () => {
    const a = generateImpression(master, { impression: 3 }).image;
    const b = generateImpression(generateMasterFingerprint({ seed: 424242 }), { impression: 3 }).image;
    expect(differingPixels(a.pixels, b.pixels)).toBe(0);
  });

  it("gives different impressions for different impression numbers and different fingers for different seeds", () => {
    const one = generateImpression(master, { impression: 1 }).image;
    const two = generateImpression(master, { impression: 2 }).image;
    expect(differingPixels(one.pixels, two.pixels)).toBeGreaterThan(one.pixels.length / 2);
    const other = renderMasterImage(
      generateMasterFingerprint({ seed: 424243, fingerClass: master.fingerClass }),
    );
    expect(differingPixels(renderMasterImage(master).pixels, other.pixels)).toBeGreaterThan(
      other.pixels.length / 10,
    );
  });

  it("resamples to another resolution on request", () => {
    const image = syntheticFingerImage({ seed: 424242, impression: 1, kind: "plain", ppi: 1000 }, master);
    expect(image.ppi).toBe(1000);
    expect(image.width).toBe(2 * generateImpression(master, { impression: 1 }).image.width);
  });

  it("gives the same templates for the same seed, identity and impression", () => {
    const a = syntheticTemplate({ seed: 9, identity: 77, impression: 2 });
    const b = syntheticTemplate({ seed: 9, identity: 77, impression: 2 });
    expect(b).toEqual(a);
    expect(syntheticTemplate({ seed: 10, identity: 77, impression: 2 })).not.toEqual(a);
  });

  it("draws the same numbers from the same seed tuple and different numbers otherwise", () => {
    const draw = (...seed: number[]) => {
      const random = SeededRandom.fromNumbers(...seed);
      return Array.from({ length: 8 }, () => random.uint32());
    };
    expect(draw(1, 2, 3)).toEqual(draw(1, 2, 3));
    expect(draw(1, 2, 3)).not.toEqual(draw(1, 2, 4));
    expect(draw(2 ** 40)).not.toEqual(draw(2 ** 40 + 1));
    const random = SeededRandom.fromNumbers(5);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += random.next();
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});
