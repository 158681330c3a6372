import { syntheticTemplate } from "@tenprint/synth";
import { afterAll, describe, expect, it } from "vitest";
import { type EnrolledFinger, TenprintGallery } from "../src/index.js";
import {
  createPreparedTemplate,
  prepareTemplate,
  writeNeighborRadii,
} from "../src/matcher/prepared-template.js";
import type { FingerprintTemplate, Minutia } from "../src/minutia.js";
import { packFingers, prepareFingerBatch } from "../src/search/finger-batch.js";
import {
  allocateGalleryArrays,
  type GalleryArrays,
  type GalleryStore,
  galleryArrayBuffers,
  KEY_STRIDE,
  MINUTIAE_STRIDE,
  storeFinger,
} from "../src/search/gallery-store.js";
import { SEARCH_PARAMETERS as S } from "../src/search/search-parameters.js";
import { seededRandom } from "./support/synthetic-prints.js";

const tenprint = (identity: number, impression: number): EnrolledFinger[] =>
  Array.from({ length: 10 }, (_, k) => ({
    position: k + 1,
    template: syntheticTemplate({ seed: 5, identity, finger: k + 1, impression }),
    ...(k === 3 ? { plain: true } : {}),
  }));

/** Odd inputs: more minutiae than a slot keeps (with tied qualities), fractional coordinates, any angle. */
function unusualTemplate(seed: number): FingerprintTemplate {
  const random = seededRandom(seed);
  const types = ["ending", "bifurcation", "other"] as const;
  const minutiae: Minutia[] = Array.from({ length: 20 + Math.floor(random() * 80) }, () => ({
    x: random() * 400,
    y: Math.round(random() * 500),
    direction: (random() - 0.3) * 20,
    type: types[Math.floor(random() * 3)]!,
    quality: Math.floor(random() * 4) * 25,
  }));
  return { width: 400, height: 500, quality: 0, minutiae };
}

const arraysOf = (gallery: TenprintGallery) => (gallery as unknown as { store: GalleryStore }).store.arrays;

function expectSameArrays(a: GalleryArrays, b: GalleryArrays): void {
  expect(b.capacity).toBe(a.capacity);
  for (const key of Object.keys(a) as (keyof GalleryArrays)[]) {
    if (key === "capacity") continue;
    expect(Buffer.from(b[key].buffer).equals(Buffer.from(a[key].buffer)), key).toBe(true);
  }
}

describe("gallery enrolment", () => {
  it("stores a finger as prepareTemplate's edges, the filter keys and radii describe it", () => {
    const A = S.keyAngleBins;
    const shift = 8 - Math.log2(A);
    const arrays = allocateGalleryArrays(1);
    const rounded = createPreparedTemplate();
    const radii = new Uint8Array(MINUTIAE_STRIDE);
    for (let seed = 0; seed < 300; seed++) {
      // Synthetic masters (impression 0) hold 70–115 minutiae of equal quality, plain impressions fewer.
      const template =
        seed % 2 === 0
          ? unusualTemplate(seed)
          : syntheticTemplate({ seed: 5, identity: 10_000 + seed, impression: seed % 4 === 1 ? 0 : 1 });
      storeFinger(arrays, 0, template, 3, false, 7);
      // Reference: the best 64 by quality (stable), prepared; keys from its first edges per minutia.
      const kept = [...template.minutiae].sort((a, b) => b.quality - a.quality).slice(0, MINUTIAE_STRIDE);
      const t = prepareTemplate({
        ...template,
        minutiae: template.minutiae.length > 64 ? kept : template.minutiae,
      });
      const keys: number[] = [];
      for (let i = 0; i < t.count; i++) {
        const end = Math.min(t.edgeStart[i + 1]!, t.edgeStart[i]! + S.galleryKeyNeighbors);
        for (let e = t.edgeStart[i]!; e < end; e++) {
          const length = Math.min(S.keyLengthBins - 1, Math.floor(t.edgeLength[e]! / S.keyLengthBin));
          keys.push((length * A + (t.edgeFromAngle[e]! >> shift)) * A + (t.edgeToAngle[e]! >> shift));
        }
      }
      rounded.count = t.count;
      for (let i = 0; i < t.count; i++) {
        rounded.x[i] = Math.round(t.x[i]!);
        rounded.y[i] = Math.round(t.y[i]!);
      }
      writeNeighborRadii(rounded, radii, 0);
      expect(arrays.minutiaCount[0]).toBe(t.count);
      expect([...arrays.x.subarray(0, t.count)]).toEqual([...rounded.x.subarray(0, t.count)]);
      expect([...arrays.y.subarray(0, t.count)]).toEqual([...rounded.y.subarray(0, t.count)]);
      expect([...arrays.direction.subarray(0, t.count)]).toEqual(
        [...t.direction.subarray(0, t.count)].map((d) => Math.round((d / (2 * Math.PI)) * 256) & 255),
      );
      expect([...arrays.type.subarray(0, t.count)]).toEqual([...t.type.subarray(0, t.count)]);
      expect([...arrays.keys.subarray(0, arrays.keyCount[0])]).toEqual(keys.slice(0, KEY_STRIDE));
      expect([...arrays.neighborRadius.subarray(0, t.count)]).toEqual([...radii.subarray(0, t.count)]);
    }
  });

  const sequential = new TenprintGallery({ workers: 0 });
  const batched = new TenprintGallery({ workers: 2 });
  afterAll(() => batched.close());

  it("enrolMany stores exactly what enrolling one by one does, replacements included", async () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ id: `person-${i}`, fingers: tenprint(i, 1) }));
    items.push({ id: "odd", fingers: [{ position: 2, template: unusualTemplate(9) }] });
    for (const item of items.slice(0, 450)) sequential.enrol(item.id, item.fingers);
    await batched.enrolMany(items.slice(0, 450));
    // Replacements (one of them twice within a batch), deletions whose slots are reused, new identities.
    for (const id of ["person-3", "person-300", "person-449"]) {
      sequential.delete(id);
      batched.delete(id);
    }
    const later = [
      ...items.slice(450),
      { id: "person-10", fingers: tenprint(600, 1).slice(0, 4) },
      { id: "person-11", fingers: [] },
      { id: "person-10", fingers: tenprint(601, 1) },
      { id: "person-449", fingers: tenprint(449, 1) },
    ];
    for (const item of later) sequential.enrol(item.id, item.fingers);
    await batched.enrolMany(later);
    expect(batched.size).toBe(sequential.size);
    expect(batched.fingerCount).toBe(sequential.fingerCount);
    expectSameArrays(arraysOf(sequential), arraysOf(batched));
  });

  it("a prepared batch is transferable, the store shared: a search thread keeps no batch it prepared", () => {
    const prepared = prepareFingerBatch(packFingers(tenprint(7, 1)));
    const fields = Object.keys(prepared).length - 1; // every array but `capacity`
    expect(galleryArrayBuffers(prepared)).toHaveLength(fields);
    expect(galleryArrayBuffers(allocateGalleryArrays(4))).toHaveLength(0);
    // Moving the buffers leaves the preparing side nothing: structuredClone with transfer detaches them.
    const moved = structuredClone(prepared, { transfer: galleryArrayBuffers(prepared) });
    expect(prepared.x.length).toBe(0);
    expect(moved.x.length).toBe(10 * MINUTIAE_STRIDE);
  });

  it("enrolMany gives the same search results as enrolling one by one", async () => {
    for (const probe of [tenprint(42, 2), tenprint(601, 2), tenprint(300, 2).slice(0, 2)]) {
      const [a, b] = await Promise.all([sequential.search(probe), batched.search(probe)]);
      expect(b.candidates).toEqual(a.candidates);
      expect(b.comparisons).toBe(a.comparisons);
    }
    expect((await batched.search(tenprint(601, 2))).candidates[0]!.identity).toBe("person-10");
  });

  it("rejects rather than hangs when the gallery is closed during enrolMany, and stays usable", async () => {
    const gallery = new TenprintGallery({ workers: 1 });
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `p-${i}`, fingers: tenprint(i, 1) }));
    const rejected = expect(gallery.enrolMany(items)).rejects.toThrow(/closed/);
    await gallery.close();
    await rejected;
    await gallery.enrolMany(items.slice(0, 5));
    expect(gallery.has("p-4")).toBe(true);
    await gallery.close();
  });

  it("checks every finger position before enrolling any", async () => {
    const gallery = new TenprintGallery({ workers: 0 });
    await expect(
      gallery.enrolMany([
        { id: "a", fingers: tenprint(1, 1) },
        {
          id: "b",
          fingers: [{ position: 0, template: syntheticTemplate({ seed: 5, identity: 2, impression: 1 }) }],
        },
      ]),
    ).rejects.toThrow(RangeError);
    expect(gallery.size).toBe(0);
  });
});
