import { TenprintGallery } from "@tenprint/afis";
import { describe, expect, it } from "vitest";
import { generateTemplateBatch } from "../src/fingerprint/template-batch.js";
import {
  batchFingers,
  batchTemplate,
  type SyntheticGalleryOptions,
  SynthFingerError,
  syntheticGallery,
  syntheticTemplate,
  type TemplateBatch,
} from "../src/index.js";

async function collect(options: SyntheticGalleryOptions): Promise<TemplateBatch[]> {
  const batches: TemplateBatch[] = [];
  for await (const batch of syntheticGallery(options)) batches.push(batch);
  return batches;
}

/** Every template of the batches in identity order, as plain numbers. */
function flatten(batches: readonly TemplateBatch[]) {
  const templates: { size: number[]; minutiae: number[] }[] = [];
  for (const batch of batches) {
    for (let t = 0; t < batch.width.length; t++) {
      const minutiae: number[] = [];
      for (let i = batch.start[t]!; i < batch.start[t + 1]!; i++) {
        minutiae.push(batch.x[i]!, batch.y[i]!, batch.direction[i]!, batch.type[i]!, batch.quality[i]!);
      }
      templates.push({ size: [batch.width[t]!, batch.height[t]!], minutiae });
    }
  }
  return templates;
}

describe("synthetic distractor gallery", () => {
  it("gives every identity the same templates whatever the worker count and batch size", async () => {
    const base = { seed: 21, identities: 23, fingersPerIdentity: 10, firstIdentity: 500 };
    const inline = flatten(await collect({ ...base, workers: 0, batchIdentities: 23 }));
    const one = flatten(await collect({ ...base, workers: 1, batchIdentities: 5 }));
    const three = flatten(await collect({ ...base, workers: 3, batchIdentities: 4 }));
    expect(inline).toHaveLength(230);
    expect(one).toEqual(inline);
    expect(three).toEqual(inline);
    expect(new Set(inline.map((t) => t.minutiae.join())).size).toBe(230);
  });

  it("holds syntheticTemplate's templates, rounded to float32", () => {
    const batch = generateTemplateBatch({
      seed: 3,
      firstIdentity: 40,
      identities: 4,
      fingersPerIdentity: 10,
      impression: 2,
    });
    for (const t of [0, 9, 17, 39]) {
      const expected = syntheticTemplate({
        seed: 3,
        identity: 40 + Math.floor(t / 10),
        finger: (t % 10) + 1,
        impression: 2,
      });
      const actual = batchTemplate(batch, t);
      expect(actual.width).toBe(expected.width);
      expect(actual.minutiae).toHaveLength(expected.minutiae.length);
      actual.minutiae.forEach((m, i) => {
        const e = expected.minutiae[i]!;
        expect([m.x, m.y, m.type, m.quality]).toEqual([
          Math.fround(e.x),
          Math.fround(e.y),
          e.type,
          e.quality,
        ]);
        expect(m.direction).toBeGreaterThanOrEqual(0);
        expect(m.direction).toBeLessThan(2 * Math.PI);
      });
    }
  });

  it("feeds a tenprint gallery that finds a second impression of an enrolled identity", async () => {
    const gallery = new TenprintGallery({ workers: 0 });
    for await (const batch of syntheticGallery({
      seed: 5,
      identities: 60,
      workers: 2,
      batchIdentities: 16,
    })) {
      for (let k = 0; k < batch.identities; k++)
        gallery.enrol(`s-${batch.firstIdentity + k}`, batchFingers(batch, k));
    }
    expect(gallery.fingerCount).toBe(600);
    const probe = [2, 7].map((position) => ({
      position,
      template: syntheticTemplate({ seed: 5, identity: 33, finger: position, impression: 3 }),
    }));
    const result = await gallery.search(probe);
    expect(result.candidates[0]?.identity).toBe("s-33");
  });

  it("refuses impossible options before starting any worker", () => {
    expect(() => syntheticGallery({ seed: 1, identities: -1 })).toThrow(SynthFingerError);
    expect(() => syntheticGallery({ seed: 1, identities: 10, fingersPerIdentity: 11 })).toThrow(
      /fingersPerIdentity/,
    );
    expect(() => syntheticGallery({ seed: 1, identities: 10, workers: 1.5 })).toThrow(/workers/);
  });
});
