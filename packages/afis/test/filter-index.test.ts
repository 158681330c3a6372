import { syntheticTemplate } from "@tenprint/synth";
import { describe, expect, it } from "vitest";
import { TenprintGallery } from "../src/index.js";
import { prepareTemplate } from "../src/matcher/prepared-template.js";
import { weightsSumExactly } from "../src/search/filter-index.js";
import type { GalleryStore } from "../src/search/gallery-store.js";
import {
  buildFilterProbe,
  filterIndexed,
  filterSlots,
  filterUnindexed,
} from "../src/search/search-kernel.js";

const tenprint = (identity: number, impression: number, positions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) =>
  positions.map((position) => ({
    position,
    template: syntheticTemplate({ seed: 11, identity, finger: position, impression }),
  }));

describe("the filter's inverted index", () => {
  it("gives the scan's scores bit for bit, for fingers enrolled, deleted and re-enrolled since its build", () => {
    const gallery = new TenprintGallery({ workers: 0 });
    for (let i = 0; i < 150; i++) gallery.enrol(`person-${i}`, tenprint(i, 1));
    const store = (gallery as unknown as { store: GalleryStore }).store;
    store.refreshWeights(gallery.fingerCount);
    // Built for two parts: two parts read it from their precomputed starts, three by binary search.
    expect(store.filterIndex(2)).toBeDefined();
    // After the build: a new identity (new slots), one deleted, one re-enrolled (reused slots).
    gallery.enrol("late", tenprint(500, 1));
    gallery.delete("person-7");
    gallery.enrol("person-9", tenprint(501, 1));
    const { index, unindexed } = store.filterIndex()!;
    expect(unindexed.length).toBe(20);
    // A full probe (the index reads the complement of its keys) and a sparse one of three positions,
    // one finger cut to four minutiae (it reads the keys it weighs).
    const sparse = tenprint(42, 2, [2, 5, 9]).map((f, i) =>
      i === 0 ? { ...f, template: { ...f.template, minutiae: f.template.minutiae.slice(0, 4) } } : f,
    );
    for (const probe of [tenprint(3, 2), sparse, [{ position: 0, template: tenprint(60, 2)[0]!.template }]]) {
      const prepared = probe.map((f) => prepareTemplate(f.template));
      const filterProbe = buildFilterProbe(probe, prepared, store.weights, store.meanDensity);
      const scanned = new Float32Array(store.used);
      filterSlots(store.arrays, filterProbe, 0, store.used, scanned);
      for (const parts of [1, 2, 3]) {
        const out = new Float32Array(store.used).fill(Number.NaN);
        for (let part = 0; part < parts; part++)
          filterIndexed(store.arrays, filterProbe, index, part, parts, out);
        filterUnindexed(store.arrays, filterProbe, unindexed, out);
        expect(Array.from(out)).toEqual(Array.from(scanned));
      }
      expect(scanned.some((s) => !Number.isNaN(s))).toBe(true);
    }
  });

  it("is used only while the weights sum exactly in any order", () => {
    expect(weightsSumExactly(Float32Array.of(0, 0.5, 3, 14))).toBe(true);
    // 2^-30 beside 14: a sum of such terms needs more than float64's 53 bits.
    expect(weightsSumExactly(Float32Array.of(2 ** -30, 14))).toBe(false);
    expect(weightsSumExactly(Float32Array.of(-1, 2))).toBe(false);
  });
});
