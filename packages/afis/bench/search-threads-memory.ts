/**
 * Memory a gallery's search threads add per enrolled identity: the resident set (VmRSS, every thread) of
 * this process once a TenprintGallery with W search threads holds N synthetic ten-finger identities,
 * enrolled in batches of 500 as a matcher's catch-up does, warmed up and searched. Run it at two sizes
 * and two thread counts; the slope between the sizes is the bytes per identity, free of fixed costs.
 * Run: node --expose-gc --import tsx --conditions=@tenprint/source packages/afis/bench/search-threads-memory.ts
 *   --identities N --workers W [--settle-seconds 5]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { syntheticTemplate } from "@tenprint/synth";
import { TenprintGallery } from "../src/index.js";

const { values } = parseArgs({
  options: {
    identities: { type: "string", default: "4000" },
    workers: { type: "string", default: "2" },
    "settle-seconds": { type: "string", default: "5" },
  },
});
const N = Number(values.identities);
const W = Number(values.workers);

const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]) * 1024;
const fingers = (identity: number, impression: number) =>
  Array.from({ length: 10 }, (_, f) => ({
    position: f + 1,
    template: syntheticTemplate({ seed: 4242, identity, finger: f + 1, impression }),
  }));

const gallery = new TenprintGallery({ workers: W });
const cpu0 = process.cpuUsage();
for (let from = 0; from < N; from += 500) {
  const items = [];
  for (let i = from; i < Math.min(N, from + 500); i++) items.push({ id: `id-${i}`, fingers: fingers(i, 1) });
  await gallery.enrolMany(items);
}
await gallery.warmUp();
for (let p = 0; p < 3; p++) await gallery.search(fingers(Math.floor(((p + 0.5) * N) / 3), 2));
const used = process.cpuUsage(cpu0);
// The lowest of a few readings a second apart, each after a forced collection of this (the main)
// thread when run with --expose-gc: the enrolment's garbage there is gone. The search threads' garbage
// is not (their collectors cannot be forced from here); that is what this bench looks for.
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
let lowest = Number.POSITIVE_INFINITY;
for (let i = 0; i < Number(values["settle-seconds"]); i++) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  gc();
  gc();
  lowest = Math.min(lowest, rss());
}
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    identities: gallery.size,
    workers: W,
    rssMiB: +(lowest / 2 ** 20).toFixed(1),
    heapMiB: +(memory.heapUsed / 2 ** 20).toFixed(1),
    arrayBuffersMiB: +(memory.arrayBuffers / 2 ** 20).toFixed(1),
    cpuSeconds: +((used.user + used.system) / 1e6).toFixed(1),
  }),
);
await gallery.close();
