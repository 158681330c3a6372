/**
 * Enrolment speed of a tenprint gallery: `enrol` one identity at a time on this thread against
 * `enrolMany` (fingers prepared on W worker threads, started cold in each round). Templates (plain
 * impressions from @tenprint/synth's template-level generator) are synthesised before the clock starts.
 * Prints medians of R rounds, in fingers per wall second and per CPU-second of all threads (steadier
 * when other jobs share the cores; enrolMany's extra CPU is packing, copying and starting the workers).
 *
 *   nice npx tsx packages/afis/bench/enrol.ts [--identities 20000] [--rounds 3] [--workers 2]
 */
import { syntheticTemplate } from "@tenprint/synth";
import { type EnrolmentItem, TenprintGallery } from "../src/search/tenprint-gallery.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const identities = option("identities", 20_000);
const rounds = option("rounds", 3);
const workers = option("workers", 2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const items: EnrolmentItem[] = Array.from({ length: identities }, (_, i) => ({
  id: `id-${i}`,
  fingers: Array.from({ length: 10 }, (_, k) => ({
    position: k + 1,
    template: syntheticTemplate({ seed: 1, identity: i, finger: k + 1, impression: 1 }),
  })),
}));
const fingers = identities * 10;
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const rates = {
  enrol: [] as number[],
  enrolCpu: [] as number[],
  many: [] as number[],
  manyCpu: [] as number[],
};
const measure = async (run: () => Promise<void> | void, wall: number[], cpu: number[]) => {
  const start = performance.now();
  const startCpu = cpuSeconds();
  await run();
  cpu.push(fingers / (cpuSeconds() - startCpu));
  wall.push(fingers / ((performance.now() - start) / 1000));
};
for (let round = 0; round < rounds; round++) {
  const single = new TenprintGallery({ workers: 0 });
  await measure(
    () => {
      for (const item of items) single.enrol(item.id, item.fingers);
    },
    rates.enrol,
    rates.enrolCpu,
  );
  const batched = new TenprintGallery({ workers });
  await measure(() => batched.enrolMany(items), rates.many, rates.manyCpu);
  await batched.close();
  console.log(
    `  round ${round + 1}: enrol ${rates.enrol.at(-1)!.toFixed(0)}, enrolMany ${rates.many.at(-1)!.toFixed(0)} fingers/s`,
  );
}
const figure = (wall: number[], cpu: number[]) =>
  `${median(wall).toFixed(0)} fingers/s (${median(cpu).toFixed(0)} per CPU-second)`;
console.log(
  `enrolment of ${identities} identities x 10 fingers: enrol ${figure(rates.enrol, rates.enrolCpu)} on one thread, enrolMany ${figure(rates.many, rates.manyCpu)} on ${workers} workers (worker start included); medians of ${rounds} rounds`,
);
