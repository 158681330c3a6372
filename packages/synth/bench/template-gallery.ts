/**
 * Speed of the template-level generator: one template at a time on one thread (syntheticTemplate,
 * objects), one batch on one thread (flat arrays), and a whole tenprint distractor gallery on worker
 * threads (syntheticGallery). Counts both identities and finger templates (an identity has
 * `fingers` of them). The gallery's batches are counted and dropped, so memory stays flat at any size.
 *
 *   nice npx tsx packages/synth/bench/template-gallery.ts [--identities 100000] [--fingers 10]
 *                                                         [--workers 2] [--repeats 3]
 */
import { availableParallelism, loadavg } from "node:os";
import { generateTemplateBatch } from "../src/fingerprint/template-batch.js";
import { syntheticGallery, syntheticTemplate } from "../src/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const identities = option("identities", 100_000);
const fingers = option("fingers", 10);
const workers = option("workers", availableParallelism());
const repeats = option("repeats", 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString("en");

// Warm-up so the JIT has compiled the hot loops before anything is timed.
generateTemplateBatch({
  seed: 99,
  firstIdentity: 0,
  identities: 2000,
  fingersPerIdentity: 10,
  impression: 1,
});

const singleTemplates = 100_000;

interface Timing {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/** Wall and CPU time (all threads of the process) of one run. */
async function timed(run: () => Promise<void> | void): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Median wall rate, and median rate per CPU-second (less sensitive to other load on shared cores). */
function rates(count: number, timings: readonly Timing[]): string {
  const wall = median(timings.map((t) => t.seconds));
  const cpu = median(timings.map((t) => t.cpuSeconds));
  return `${rate(count, wall)}/s wall, ${rate(count, cpu)} per CPU-second`;
}

const objectRuns: Timing[] = [];
const flatRuns: Timing[] = [];
const galleryRuns: Timing[] = [];
let minutiae = 0;
let galleryMinutiae = 0;
for (let r = 0; r < repeats; r++) {
  objectRuns.push(
    await timed(() => {
      minutiae = 0;
      for (let i = 0; i < singleTemplates / 10; i++) {
        for (let f = 1; f <= 10; f++) {
          minutiae += syntheticTemplate({ seed: 1, identity: i, finger: f, impression: 1 }).minutiae.length;
        }
      }
    }),
  );
  flatRuns.push(
    await timed(() => {
      generateTemplateBatch({
        seed: 1,
        firstIdentity: 0,
        identities: singleTemplates / 10,
        fingersPerIdentity: 10,
        impression: 1,
      });
    }),
  );
  galleryRuns.push(
    await timed(async () => {
      galleryMinutiae = 0;
      for await (const batch of syntheticGallery({
        seed: 1,
        identities,
        fingersPerIdentity: fingers,
        workers,
      })) {
        galleryMinutiae += batch.x.length;
      }
    }),
  );
}

const templates = identities * fingers;
const seconds = median(galleryRuns.map((t) => t.seconds));
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (${availableParallelism()} cores, shared); medians of ${repeats} runs`,
);
console.log(
  `syntheticTemplate, 1 thread (objects): ${rates(singleTemplates, objectRuns)} templates ` +
    `(${(minutiae / singleTemplates).toFixed(1)} minutiae each)`,
);
console.log(`generateTemplateBatch, 1 thread (flat): ${rates(singleTemplates, flatRuns)} templates`);
console.log(
  `syntheticGallery, ${workers} workers: ${rates(templates, galleryRuns)} templates; ` +
    `${rates(identities, galleryRuns)} identities of ${fingers} fingers ` +
    `(${identities.toLocaleString("en")} identities = ${templates.toLocaleString("en")} templates in ` +
    `${seconds.toFixed(1)} s; ${(galleryMinutiae / templates).toFixed(1)} minutiae each; ` +
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`,
);
