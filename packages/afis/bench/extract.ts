/**
 * Extraction speed on FVC2002 set B: median milliseconds per image on one thread, per database and
 * overall, after a warm-up pass. Wall time is what a caller waits; CPU time (process user+system) is
 * printed beside it because on a shared machine the wall time mostly measures the other processes.
 * Run: npx tsx packages/afis/bench/extract.ts [rounds]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { GrayImage } from "@tenprint/nist";
import { decodeImage } from "@tenprint/nist/image";
import { extractTemplate } from "../src/index.js";

const FVC2002 = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/data/fingerprints/fvc2002",
);
const DATABASES: [string, number][] = [
  ["DB1_B", 500],
  ["DB2_B", 569],
  ["DB3_B", 500],
  ["DB4_B", 500],
];
const rounds = Math.max(1, Number(process.argv[2] ?? 3));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

if (!existsSync(FVC2002)) {
  console.log(`FVC2002 data not found at ${FVC2002}; nothing to benchmark.`);
  process.exit(0);
}

const sets = DATABASES.map(([name, ppi]) => {
  const dir = join(FVC2002, name);
  const images: GrayImage[] = readdirSync(dir)
    .filter((f) => f.endsWith(".tif"))
    .sort()
    .map((f) => decodeImage(readFileSync(join(dir, f)), { ppi }));
  return { name, images };
});

for (const { images } of sets) for (const image of images) extractTemplate(image);

const overall: number[] = [];
const overallCpu: number[] = [];
console.log(`extractTemplate, one thread, ${rounds} round(s) per image, median of per-image times`);
for (const { name, images } of sets) {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let minutiae = 0;
  for (const image of images) {
    const perImage: number[] = [];
    const cpuPerImage: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const template = extractTemplate(image);
      perImage.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      cpuPerImage.push((cpu.user + cpu.system) / 1000);
      if (r === 0) minutiae += template.minutiae.length;
    }
    times.push(median(perImage));
    cpuTimes.push(median(cpuPerImage));
  }
  overall.push(...times);
  overallCpu.push(...cpuTimes);
  const { width, height } = images[0]!;
  console.log(
    `${name} ${width}x${height}: median ${median(times).toFixed(1)} ms/image wall, ` +
      `${median(cpuTimes).toFixed(1)} ms CPU, ` +
      `mean minutiae ${(minutiae / images.length).toFixed(1)} (${images.length} images)`,
  );
}
console.log(
  `overall: median ${median(overall).toFixed(1)} ms/image wall, ${median(overallCpu).toFixed(1)} ms CPU ` +
    `(${overall.length} images; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
);
