import { syntheticTemplate } from "@tenprint/synth";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CALIBRATION, fusedFmr, SearchThreads, TenprintGallery } from "../src/index.js";
import { prepareTemplate } from "../src/matcher/prepared-template.js";
import { buildProbeBitmap } from "../src/search/filter-keys.js";
import { BYTES_PER_FINGER, type GalleryStore, KEY_STRIDE } from "../src/search/gallery-store.js";
import { buildFilterProbe, filterSlots } from "../src/search/search-kernel.js";
import { SEARCH_PARAMETERS } from "../src/search/search-parameters.js";

/** Impression `impression` of synthetic person `identity`'s finger at `position`. */
const fingerTemplate = (identity: number, position: number, impression: number) =>
  syntheticTemplate({ seed: 3, identity, finger: position, impression });
const tenprint = (identity: number, impression: number, positions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) =>
  positions.map((position) => ({ position, template: fingerTemplate(identity, position, impression) }));

function buildGallery(workers: number, identities: number): TenprintGallery {
  const gallery = new TenprintGallery({ workers });
  for (let i = 0; i < identities; i++) gallery.enrol(`person-${i}`, tenprint(i, 1));
  return gallery;
}

describe("1:N tenprint search", () => {
  const inline = buildGallery(0, 120);
  const threaded = buildGallery(2, 120);
  afterAll(() => threaded.close());

  it("stores a finger in at most 1 KB", () => {
    expect(BYTES_PER_FINGER).toBeLessThanOrEqual(1024);
  });

  it("finds the enrolled identity first, with calibrated per-finger scores", async () => {
    const result = await inline.search(tenprint(37, 2), { maxCandidates: 5 });
    const top = result.candidates[0]!;
    expect(top.identity).toBe("person-37");
    expect(top.fingers.map((f) => f.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(top.fpir).toBeLessThan(1e-6);
    // Ten strong fingers score beyond the calibration: rates are bounds built from its 1/N floor.
    expect(top.extrapolated).toBe(true);
    const floor = 1 / DEFAULT_CALIBRATION.impostorCount;
    for (const finger of top.fingers) {
      expect(finger.fmr).toBeGreaterThanOrEqual(floor);
      expect(finger.extrapolated).toBe(finger.fmr === floor);
    }
    expect(top.fmr).toBeGreaterThanOrEqual(fusedFmr(top.fingers.map(() => floor)));
    const runnerUp = result.candidates[1];
    if (runnerUp) expect(runnerUp.fpir).toBeGreaterThan(top.fpir);
    expect(result.gallerySize).toBe(120);
    expect(result.penetration).toBeLessThan(1);
  });

  it("keeps the mate through both filter passes with a tiny shortlist", async () => {
    // 10 probe fingers: pass 1 reads 5 fingers of all 120 identities, pass 2 the rest of the best 36 (30 %).
    const result = await inline.search(tenprint(88, 2), { shortlist: 2 });
    expect(result.candidates[0]!.identity).toBe("person-88");
    expect(result.comparisons).toBeLessThanOrEqual(20);
    expect(result.penetration).toBeLessThanOrEqual(20 / 1200);
  });

  it("answers or fails every search when a worker thread is killed mid-search, and searches on after", async () => {
    const gallery = buildGallery(2, 120);
    try {
      await gallery.search(tenprint(1, 2));
      const searches = Array.from({ length: 12 }, (_, i) => gallery.search(tenprint(i, 2)));
      await new Promise((resolve) => setTimeout(resolve, 30));
      const pool = (
        gallery as unknown as { workers: { pool: { threads: { terminate(): Promise<number> }[] } } }
      ).workers.pool;
      await pool.threads[0]?.terminate();
      const hung = new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 60_000).unref());
      const settled = await Promise.race([Promise.allSettled(searches), hung]);
      expect(settled).not.toBe("hung");
      const outcomes = settled as PromiseSettledResult<{ candidates: { identity: string }[] }>[];
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status === "fulfilled") expect(outcome.value.candidates[0]?.identity).toBe(`person-${i}`);
        else expect(String(outcome.reason)).toMatch(/search worker thread 0 died/);
      }
      expect((await gallery.search(tenprint(7, 2))).candidates[0]?.identity).toBe("person-7");
    } finally {
      await gallery.close();
    }
  }, 120_000);

  it("gives the same answer on worker threads as inline", async () => {
    const probe = tenprint(5, 3);
    const [a, b] = await Promise.all([inline.search(probe), threaded.search(probe)]);
    expect(b.candidates[0]!.identity).toBe("person-5");
    expect(b.candidates.map((c) => c.identity)).toEqual(a.candidates.map((c) => c.identity));
    expect(b.candidates[0]!.fusedScore).toBeCloseTo(a.candidates[0]!.fusedScore, 6);
  });

  it("gives every candidate the same scores on worker threads as inline, each worker comparing whole positions", async () => {
    // The threads split the comparisons by finger position (tenprint-gallery.ts, splitByPosition); a
    // score put back at the wrong index would move a finger's score to another identity or position.
    for (const [person, positions] of [
      [5, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
      [300, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
      [41, [3, 8, 9]],
      [17, [6]],
    ] as const) {
      const probe = tenprint(person, 3, [...positions]);
      for (const options of [{}, { cascade: true }, { exhaustive: true, maxCandidates: 120 }]) {
        const [a, b] = await Promise.all([inline.search(probe, options), threaded.search(probe, options)]);
        expect(b.comparisons).toBe(a.comparisons);
        expect(b.candidates).toEqual(a.candidates);
      }
    }
  });

  it("gives the same answers from two galleries sharing their threads, searched at once with one probe", async () => {
    // The shared threads keep each probe finger's matcher by template (search-worker.ts), so the second
    // gallery's searches reuse the first's: the scores must be those of each gallery's own threads.
    const threads = new SearchThreads(2);
    const ownSmall = new TenprintGallery({ workers: 0 });
    for (let i = 0; i < 60; i++) ownSmall.enrol(`other-${i}`, tenprint(200 + i, 1));
    ownSmall.enrol("person-5", tenprint(5, 1));
    const ownBig = buildGallery(0, 120);
    const sharedSmall = new TenprintGallery({ threads });
    const big = new TenprintGallery({ threads });
    for (let i = 0; i < 60; i++) sharedSmall.enrol(`other-${i}`, tenprint(200 + i, 1));
    sharedSmall.enrol("person-5", tenprint(5, 1));
    for (let i = 0; i < 120; i++) big.enrol(`person-${i}`, tenprint(i, 1));
    for (const person of [5, 300, 41]) {
      const probe = tenprint(person, 3);
      for (const options of [{ cascade: true }, {}]) {
        const [a, b, c, d] = await Promise.all([
          big.search(probe, options),
          sharedSmall.search(probe, options),
          ownBig.search(probe, options),
          ownSmall.search(probe, options),
        ]);
        expect(a.candidates).toEqual(c.candidates);
        expect(b.candidates).toEqual(d.candidates);
      }
    }
    // A gallery's close leaves shared threads to their owner.
    await big.close();
    expect((await sharedSmall.search(tenprint(5, 2), { cascade: true })).candidates[0]?.identity).toBe(
      "person-5",
    );
    await threads.close();
  });

  it("compares only the same finger position", async () => {
    // The probe's right thumb enrolled under position 2 must not hit person-9's thumb.
    const probe = [{ position: 2, template: fingerTemplate(9, 1, 7) }];
    const result = await inline.search(probe, { exhaustive: true });
    expect(result.candidates[0]?.identity === "person-9" && result.candidates[0].fpir < 0.01).toBe(false);
  });

  it("finds a partial probe (two fingers) and agrees with exhaustive search", async () => {
    const probe = tenprint(77, 4, [2, 7]);
    const [filtered, exhaustive] = await Promise.all([
      inline.search(probe),
      inline.search(probe, { exhaustive: true }),
    ]);
    expect(filtered.candidates[0]!.identity).toBe("person-77");
    expect(exhaustive.candidates[0]!.identity).toBe("person-77");
    expect(exhaustive.penetration).toBe(1);
  });

  it("deletes and re-enrols at run time without rebuilding", async () => {
    const gallery = buildGallery(0, 30);
    expect(gallery.delete("person-12")).toBe(true);
    expect(gallery.has("person-12")).toBe(false);
    expect(gallery.size).toBe(29);
    const after = await gallery.search(tenprint(12, 2), { exhaustive: true });
    expect(after.candidates.some((c) => c.identity === "person-12")).toBe(false);
    expect(after.candidates[0]!.fpir).toBeGreaterThan(1e-3);
    gallery.enrol("someone-new", tenprint(12, 1));
    expect(gallery.fingerCount).toBe(300);
    const again = await gallery.search(tenprint(12, 2));
    expect(again.candidates[0]!.identity).toBe("someone-new");
    expect(() => gallery.enrol("bad", [{ position: 11, template: fingerTemplate(1, 1, 1) }])).toThrow(
      RangeError,
    );
  });

  it("ranks mates first in the filter alone, although common keys hit every probe", async () => {
    // Short edges between near-parallel minutiae are in nearly every finger; a finger made of them hits
    // ~70 % of any probe's keys. Unless the filter expects that per finger, such fingers crowd the
    // shortlist (with a shortlist of 10 of these 2,000, mates were lost before).
    const gallery = buildGallery(0, 2000);
    for (const person of [5, 250, 999, 1500, 1999]) {
      const result = await gallery.search(tenprint(person, 2), { shortlist: 10, maxCandidates: 1 });
      expect(result.candidates[0]?.identity).toBe(`person-${person}`);
    }
  });

  it("warms up on its own fingers without changing any result", async () => {
    await new TenprintGallery({ workers: 0 }).warmUp();
    const gallery = buildGallery(2, 40);
    const probe = tenprint(17, 2);
    const cold = await buildGallery(0, 40).search(probe);
    await gallery.warmUp();
    expect((await gallery.search(probe)).candidates).toEqual(cold.candidates);
    await gallery.close();
  });
  it("scores the filter through its weight table exactly as the weighted bitmap test does", () => {
    const store = (inline as unknown as { store: GalleryStore }).store;
    store.refreshWeights(inline.fingerCount);
    const probe = tenprint(42, 2, [1, 4, 6]);
    const prepared = probe.map((f) => prepareTemplate(f.template));
    const filterProbe = buildFilterProbe(probe, prepared, store.weights, store.meanDensity);
    const out = new Float32Array(store.used);
    filterSlots(store.arrays, filterProbe, 0, store.used, out);
    const g = store.arrays;
    let scored = 0;
    for (let slot = 0; slot < store.used; slot++) {
      const i = probe.findIndex((f) => f.position === g.position[slot]);
      if (i < 0) {
        expect(out[slot]).toBeNaN();
        continue;
      }
      // The reference: each key's weight if its bit is set in the probe's bitmap.
      const bitmap = buildProbeBitmap(prepared[i]!);
      let hits = 0;
      for (let k = 0; k < g.keyCount[slot]!; k++) {
        const key = g.keys[slot * KEY_STRIDE + k]!;
        if ((bitmap.bits[key >> 3]! >> (key & 7)) & 1) hits += store.weights[key]!;
      }
      const scale = bitmap.density / store.meanDensity;
      const expected =
        (hits - scale * g.impostorHits[slot]!) / Math.sqrt(scale * g.impostorHitVariance[slot]! + 1);
      expect(out[slot]).toBe(Math.fround(expected));
      scored++;
    }
    expect(scored).toBe(3 * 120);
    // The scan above added each finger's weights in four chains (the weights sum exactly); one chain,
    // as when they might not, gives the same scores bit for bit.
    expect(filterProbe.exactSums).toBe(true);
    const oneChain = new Float32Array(store.used);
    filterSlots(
      store.arrays,
      buildFilterProbe(probe, prepared, store.weights, store.meanDensity, false),
      0,
      store.used,
      oneChain,
    );
    expect(oneChain).toEqual(out);
  });

  it("cascades to the same identification decisions with fewer comparisons", async () => {
    // Decision as the hub makes it: the lowest-FPIR candidate, if at most 1e-3.
    const decide = (candidates: readonly { identity: string; fpir: number; fusedScore: number }[]) => {
      const best = [...candidates].sort((a, b) => a.fpir - b.fpir)[0];
      return best && best.fpir <= 1e-3 ? best : undefined;
    };
    let matches = 0;
    for (const [gallery, probes] of [
      [inline, [3, 29, 64, 101, 119]],
      [threaded, [8, 47, 90, 300, 301, 302]],
    ] as const) {
      for (const person of probes) {
        const probe = tenprint(person, 2 + (person % 2));
        const full = await gallery.search(probe);
        const cascade = await gallery.search(probe, { cascade: true });
        const [a, b] = [decide(full.candidates), decide(cascade.candidates)];
        expect(b?.identity).toBe(a?.identity);
        expect(b?.fpir).toBe(a?.fpir);
        expect(b?.fusedScore).toBe(a?.fusedScore);
        if (person < 120) {
          expect(b?.identity).toBe(`person-${person}`);
          matches++;
        } else expect(b).toBeUndefined();
        // Every candidate returned was compared on all ten fingers, and those are the full search's scores.
        for (const candidate of cascade.candidates) {
          expect(candidate.fingers).toHaveLength(10);
          const same = full.candidates.find((c) => c.identity === candidate.identity);
          if (same) expect(candidate.fusedScore).toBe(same.fusedScore);
        }
        const shortlisted = full.comparisons / 10;
        expect(cascade.comparisons).toBe(
          shortlisted * SEARCH_PARAMETERS.cascadeFingers +
            Math.min(shortlisted, SEARCH_PARAMETERS.cascadeKeep) * (10 - SEARCH_PARAMETERS.cascadeFingers),
        );
      }
    }
    expect(matches).toBe(8);
  });
});
