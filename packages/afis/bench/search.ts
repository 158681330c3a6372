/**
 * 1:N search figures.
 *  A. Synthetic tenprint gallery (template level, @tenprint/synth's syntheticTemplate): N identities ×
 *     10 fingers enrolled as impression 1; mated probes are impression 2 of the first P identities.
 *     Prints enrolment rate, memory per finger, filter and full-matcher speed per core, median tenprint
 *     search time on W workers, rank-1 rate, penetration, and whether rank 1 equals exhaustive search's
 *     on E probes. With the FVC2002 data present, four real "people" join the gallery: each database's
 *     fingers 101–110 as positions 1–10, enrolled with impression 1; their impressions 2–8 are searched
 *     as tenprints (28 real probes), F of them also exhaustively.
 *  B. FVC2002 single-finger identification: impression 1 of fingers 101–105 of each DB enrolled with D
 *     synthetic distractors (plain impressions of synthetic fingers, one each); mated probes =
 *     impressions 2–8 of those fingers, non-mated = all impressions of fingers 106–110. Prints rank-1
 *     rate and, at a decision threshold of estimated FPIR ≤ 1 %, the measured FNIR and FPIR. A single
 *     finger beyond the calibrated range only bounds FMR by 1 / the calibration's impostor count, so
 *     large galleries cannot reach a low FPIR bound.
 *
 *   npx tsx packages/afis/bench/search.ts [--identities 100000] [--probes 20] [--exhaustive-probes 2]
 *                                         [--workers 2] [--distractors 10000] [--images]
 *                                         [--fvc-exhaustive 4]
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeImage } from "@tenprint/nist/image";
import { syntheticTemplate } from "@tenprint/synth";
import { listFvcFiles, ppiForDatabase } from "../src/evaluation/fvc-files.js";
import { extractTemplate } from "../src/extractor/extract-template.js";
import { createPreparedTemplate, prepareTemplate } from "../src/matcher/prepared-template.js";
import type { FingerprintTemplate } from "../src/minutia.js";
import { BYTES_PER_FINGER, type GalleryStore, loadSlot } from "../src/search/gallery-store.js";
import {
  buildFilterProbe,
  buildProbeMatchers,
  filterSlots,
  matchSlots,
} from "../src/search/search-kernel.js";
import { TenprintGallery } from "../src/search/tenprint-gallery.js";
import { readTemplate } from "../src/templates/template-codec.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const identities = option("identities", 100_000);
const probes = option("probes", 20);
const exhaustiveProbes = option("exhaustive-probes", 2);
const workers = option("workers", 2);
const distractors = option("distractors", 10_000);
const fvcExhaustive = option("fvc-exhaustive", 4);
const data = join(import.meta.dirname, "../../../../shared/data/fingerprints");
const useImages = args.includes("--images");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const fvcDatabases = ["DB1_B", "DB2_B", "DB3_B", "DB4_B"];
type FvcSample = {
  id: string;
  db: string;
  impression: number;
  finger: number;
  template: FingerprintTemplate;
};
/** Every FVC2002 B impression: SecuGen ISO templates, or our extraction of the images with --images. */
function loadFvcSamples(): FvcSample[] {
  const samples: FvcSample[] = [];
  for (const db of fvcDatabases) {
    const folder = useImages
      ? join(data, "fvc2002", db)
      : join(data, "openafis-iso19794-2-templates/fvc2002", db);
    for (const f of listFvcFiles(folder).get(".") ?? []) {
      const bytes = readFileSync(join(folder, f.path));
      const template = useImages
        ? extractTemplate(decodeImage(bytes, { ppi: ppiForDatabase(`fvc2002/${db}`) }))
        : readTemplate(bytes);
      samples.push({
        id: `${db}/${f.finger}`,
        db,
        impression: f.impression,
        finger: Number(f.finger),
        template,
      });
    }
  }
  return samples;
}
const fvc = existsSync(data) ? loadFvcSamples() : undefined;
if (!fvc) console.log(`FVC2002 data not found at ${data}: the FVC probes are skipped`);
/** One database's fingers 101–110 as positions 1–10 of one person, at one impression. */
const fvcPerson = (db: string, impression: number) =>
  (fvc ?? [])
    .filter((s) => s.db === db && s.impression === impression)
    .map((s) => ({ position: s.finger - 100, template: s.template }));

const fingers = (identity: number, impression: number) =>
  Array.from({ length: 10 }, (_, k) => ({
    position: k + 1,
    template: syntheticTemplate({ seed: 1, identity, finger: k + 1, impression }),
  }));

console.log(`A. synthetic tenprint gallery: ${identities} identities x 10 fingers, ${workers} workers`);
const gallery = new TenprintGallery({ workers });
const started = performance.now();
// Every identity is enrolled as impression 1; the first P are searched with impression 2.
for (let i = 0; i < identities; i++) gallery.enrol(`id-${i}`, fingers(i, 1));
if (fvc) for (const db of fvcDatabases) gallery.enrol(`fvc-${db}`, fvcPerson(db, 1));
const enrolSeconds = (performance.now() - started) / 1000;
const capacity = (gallery as unknown as { store: GalleryStore }).store.arrays.capacity;
console.log(
  `enrolment: ${((identities * 10) / enrolSeconds).toFixed(0)} fingers/s (synthesis included), storage ${BYTES_PER_FINGER} B/finger by layout, ${((capacity * BYTES_PER_FINGER) / (identities * 10)).toFixed(0)} B/finger allocated (capacity ${capacity}: growth slack included)`,
);

// Per-core speed of the two stages, inline on this thread (search workers start later): medians of 5
// rounds, per wall second and per CPU-second (steadier when other jobs share the cores).
{
  const probe = fingers(0, 2);
  const arrays = (gallery as unknown as { store: GalleryStore }).store;
  arrays.refreshWeights(identities * 10);
  const used = arrays.used;
  const filterProbe = buildFilterProbe(
    probe,
    probe.map((f) => prepareTemplate(f.template)),
    arrays.weights,
    arrays.meanDensity,
  );
  const out = new Float32Array(used);
  const matchers = buildProbeMatchers(probe);
  const sample = Int32Array.from({ length: Math.min(used, 10_000) }, (_, i) => (i * 7919) % used);
  const scores = new Float32Array(sample.length);
  const scratch = createPreparedTemplate();
  const cpuSeconds = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const rates = {
    filter: [] as number[],
    match: [] as number[],
    matchCpu: [] as number[],
    load: [] as number[],
  };
  const rate = (count: number, run: () => void, cpu?: number[]) => {
    const start = performance.now();
    const startCpu = cpuSeconds();
    run();
    cpu?.push(count / (cpuSeconds() - startCpu));
    return count / ((performance.now() - start) / 1000);
  };
  for (let round = 0; round < 5; round++) {
    rates.filter.push(rate(used, () => filterSlots(arrays.arrays, filterProbe, 0, used, out)));
    rates.match.push(
      rate(sample.length, () => matchSlots(arrays.arrays, matchers, sample, scores), rates.matchCpu),
    );
    rates.load.push(
      rate(sample.length, () => {
        for (const slot of sample) loadSlot(arrays.arrays, slot, scratch);
      }),
    );
  }
  console.log(
    `filter: ${median(rates.filter).toFixed(0)} fingers/s/core; full matcher (incl. edge building): ${median(rates.match).toFixed(0)} comparisons/s/core, ${median(rates.matchCpu).toFixed(0)} per CPU-second (edge building alone ${median(rates.load).toFixed(0)}/s); medians of 5 rounds`,
  );
}

const times: number[] = [];
const filterTimes: number[] = [];
const matchTimes: number[] = [];
const penetrations: number[] = [];
let rank1 = 0;
let sameAsExhaustive = 0;
for (let p = 0; p < probes; p++) {
  const probe = fingers(p, 2);
  const result = await gallery.search(probe, { maxCandidates: 5 });
  times.push(result.filterMs + result.matchMs);
  filterTimes.push(result.filterMs);
  matchTimes.push(result.matchMs);
  penetrations.push(result.penetration);
  if (result.candidates[0]?.identity === `id-${p}`) rank1++;
  else {
    // Filter loss or matcher loss? A 20× larger shortlist tells them apart.
    const wide = await gallery.search(probe, {
      maxCandidates: 5,
      shortlist: 20 * Math.max(64, identities / 1000),
    });
    const rank = result.candidates.findIndex((c) => c.identity === `id-${p}`);
    console.log(
      `  probe ${p} missed: rank ${rank < 0 ? "none" : rank + 1}, top ${result.candidates[0]?.identity} ${result.candidates[0]?.fusedScore.toFixed(2)}; with a 20x shortlist rank 1 = ${wide.candidates[0]?.identity}`,
    );
  }
  if (p < exhaustiveProbes) {
    const exhaustive = await gallery.search(probe, { exhaustive: true, maxCandidates: 5 });
    if (exhaustive.candidates[0]?.identity === result.candidates[0]?.identity) sameAsExhaustive++;
    console.log(
      `  probe ${p}: filtered ${(result.filterMs + result.matchMs).toFixed(0)} ms vs exhaustive ${(exhaustive.filterMs + exhaustive.matchMs).toFixed(0)} ms (${exhaustive.comparisons} comparisons), rank 1 ${result.candidates[0]?.identity} / ${exhaustive.candidates[0]?.identity}`,
    );
  }
}
console.log(
  `tenprint search: median ${median(times).toFixed(0)} ms (filter ${median(filterTimes).toFixed(0)} ms + full matching ${median(matchTimes).toFixed(0)} ms; first search includes worker start), rank-1 ${rank1}/${probes}, penetration ${(median(penetrations) * 100).toFixed(3)} % of fingers, rank 1 same as exhaustive ${sameAsExhaustive}/${Math.min(probes, exhaustiveProbes)}`,
);
if (fvc) {
  // Real prints: is rank 1 after the filter the mate, and is it what comparing every finger gives?
  const fvcTimes: number[] = [];
  let fvcRank1 = 0;
  let fvcSame = 0;
  let fvcProbes = 0;
  let fvcExhaustiveRuns = 0;
  for (let impression = 2; impression <= 8; impression++) {
    for (const db of fvcDatabases) {
      const probe = fvcPerson(db, impression);
      const result = await gallery.search(probe, { maxCandidates: 5 });
      fvcProbes++;
      fvcTimes.push(result.filterMs + result.matchMs);
      const top = result.candidates[0]?.identity;
      if (top === `fvc-${db}`) fvcRank1++;
      else console.log(`  FVC ${db} impression ${impression} missed: rank 1 ${top}`);
      if (fvcExhaustiveRuns < fvcExhaustive) {
        fvcExhaustiveRuns++;
        const exhaustive = await gallery.search(probe, { exhaustive: true, maxCandidates: 5 });
        if (exhaustive.candidates[0]?.identity === top) fvcSame++;
        else
          console.log(
            `  FVC ${db} impression ${impression}: exhaustive rank 1 ${exhaustive.candidates[0]?.identity}, filtered ${top}`,
          );
      }
    }
  }
  console.log(
    `FVC2002 tenprint probes (each database's fingers 101-110 as one person): median ${median(fvcTimes).toFixed(0)} ms, rank-1 ${fvcRank1}/${fvcProbes}, rank 1 same as exhaustive ${fvcSame}/${fvcExhaustiveRuns}`,
  );
}
await gallery.close();

if (!fvc) {
  console.log("B. skipped: no FVC2002 data");
} else {
  console.log(
    `\nB. FVC2002 single-finger identification (${useImages ? "own extractor on images" : "SecuGen ISO templates"}), ${distractors} synthetic distractors`,
  );
  const single = new TenprintGallery({ workers });
  for (const s of fvc)
    if (s.finger <= 105 && s.impression === 1) single.enrol(s.id, [{ position: 1, template: s.template }]);
  for (let d = 0; d < distractors; d++)
    single.enrol(`distractor-${d}`, [
      { position: 1, template: syntheticTemplate({ seed: 2, identity: d, impression: 1 }) },
    ]);
  let mated = 0;
  let matedRank1 = 0;
  let matedMiss = 0;
  let nonMated = 0;
  let falsePositives = 0;
  let bounded = 0;
  for (const s of fvc) {
    const result = await single.search([{ position: 1, template: s.template }], { maxCandidates: 1 });
    const top = result.candidates[0];
    const hit = top !== undefined && top.fpir <= 0.01;
    if (s.finger <= 105 && s.impression > 1) {
      mated++;
      if (top?.identity === s.id) matedRank1++;
      if (top?.identity === s.id && top.extrapolated) bounded++;
      if (!(hit && top?.identity === s.id)) matedMiss++;
    } else if (s.finger > 105) {
      nonMated++;
      if (hit) falsePositives++;
    }
  }
  await single.close();
  console.log(
    `gallery ${single.size}: rank-1 ${((matedRank1 / mated) * 100).toFixed(1)} % of ${mated} mated searches (${bounded} of them beyond the calibrated range, FPIR only bounded); at estimated FPIR <= 1 %: FNIR ${((matedMiss / mated) * 100).toFixed(1)} %, measured FPIR ${((falsePositives / nonMated) * 100).toFixed(1)} % of ${nonMated} non-mated searches`,
  );
}
