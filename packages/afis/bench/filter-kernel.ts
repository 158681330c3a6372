/**
 * CPU per filtered finger of the first-stage filter, through its weight table (search-kernel.ts) and
 * through the weighted bitmap test it replaced (kept here as the reference), on one thread, same probe
 * and gallery; both must give bit-identical scores.
 *
 *   npx tsx packages/afis/bench/filter-kernel.ts [--identities 5000] [--rounds 7]
 */
import { syntheticTemplate } from "@tenprint/synth";
import { prepareTemplate } from "../src/matcher/prepared-template.js";
import { buildFilterIndex, weighIndex } from "../src/search/filter-index.js";
import { buildProbeBitmap, FILTER_BITMAP_BYTES, FILTER_KEY_SPACE } from "../src/search/filter-keys.js";
import { type GalleryStore, KEY_STRIDE } from "../src/search/gallery-store.js";
import { buildFilterProbe, filterIndexed, filterSlots } from "../src/search/search-kernel.js";
import { TenprintGallery } from "../src/search/tenprint-gallery.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const identities = option("identities", 5000);
const rounds = option("rounds", 7);
const tenprint = (identity: number, impression: number) =>
  Array.from({ length: 10 }, (_, f) => ({
    position: f + 1,
    template: syntheticTemplate({ seed: 5, identity, finger: f + 1, impression }),
  }));
const gallery = new TenprintGallery({ workers: 0 });
for (let i = 0; i < identities; i++) gallery.enrol(`id-${i}`, tenprint(i, 1));
const store = (gallery as unknown as { store: GalleryStore }).store;
store.refreshWeights(gallery.fingerCount);
const g = store.arrays;
const used = store.used;
const probe = tenprint(3, 2);
const prepared = probe.map((f) => prepareTemplate(f.template));
const filterProbe = buildFilterProbe(probe, prepared, store.weights, store.meanDensity);
const bitmaps = new Uint8Array(11 * FILTER_BITMAP_BYTES);
const density = new Float64Array(11);
probe.forEach((f, i) => {
  const b = buildProbeBitmap(prepared[i]!);
  bitmaps.set(b.bits, f.position * FILTER_BITMAP_BYTES);
  density[f.position] = b.density;
});
const weights = store.weights;
/** The bitmap kernel as it was: a weight, a bitmap byte and a shift per gallery key. */
function bitmapScores(out: Float32Array): void {
  for (let slot = 0; slot < used; slot++) {
    const position = g.position[slot]!;
    const bitmapBase = position * FILTER_BITMAP_BYTES;
    const count = g.keyCount[slot]!;
    const base = slot * KEY_STRIDE;
    let hits = 0;
    for (let k = 0; k < count; k++) {
      const key = g.keys[base + k]!;
      hits += weights[key]! * ((bitmaps[bitmapBase + (key >> 3)]! >> (key & 7)) & 1);
    }
    const scale = density[position]! / store.meanDensity;
    out[slot] = (hits - scale * g.impostorHits[slot]!) / Math.sqrt(scale * g.impostorHitVariance[slot]! + 1);
  }
}
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const a = new Float32Array(used);
const b = new Float32Array(used);
const c = new Float32Array(used);
const t0 = cpu();
const index = buildFilterIndex(g, used);
weighIndex(index, g, store.weights);
const buildMs = cpu() - t0;
const times = { bitmap: [] as number[], table: [] as number[], index: [] as number[] };
for (let r = 0; r < rounds; r++) {
  let t = cpu();
  bitmapScores(a);
  times.bitmap.push(cpu() - t);
  t = cpu();
  filterSlots(g, filterProbe, 0, used, b);
  times.table.push(cpu() - t);
  c.fill(Number.NaN);
  t = cpu();
  filterIndexed(g, filterProbe, index, 0, 1, c);
  times.index.push(cpu() - t);
}
let same = 0;
let sameIndex = 0;
for (let i = 0; i < used; i++) {
  if (a[i] === b[i] || (Number.isNaN(a[i]!) && Number.isNaN(b[i]!))) same++;
  if (c[i] === b[i] || (Number.isNaN(c[i]!) && Number.isNaN(b[i]!))) sameIndex++;
}
// Postings the index reads for this probe: those of the keys its tables weigh.
let read = 0;
for (const f of probe) {
  const p = index.positions[f.position]!;
  const base = filterProbe.tableStart[f.position]!;
  for (let k = 0; k < FILTER_KEY_SPACE; k++)
    if (filterProbe.table[base + k] !== 0) read += p.offsets[k + 1]! - p.offsets[k]!;
}
read = Math.min(read, index.postings - read); // the complement side when that is shorter (about)
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
console.log(
  `${used} fingers: bitmap test ${((median(times.bitmap) * 1000) / used).toFixed(3)} µs CPU each, weight table ${((median(times.table) * 1000) / used).toFixed(3)} µs (medians of ${rounds}); identical scores ${same}/${used}`,
);
console.log(
  `inverted index: ${((median(times.index) * 1000) / used).toFixed(3)} µs CPU per finger (${(median(times.table) / median(times.index)).toFixed(1)}× the weight table); reads ${read} of ${index.postings} postings (${((100 * read) / index.postings).toFixed(1)} %); built in ${buildMs.toFixed(0)} ms CPU; identical scores ${sameIndex}/${used}`,
);
