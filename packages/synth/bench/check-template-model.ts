/**
 * Checks a distractor generator — the chimeric one (decision 0023, `--sources`) or
 * COMPETING_TEMPLATE_MODEL (decision 0014, without `--sources`) — on a validation set of rendered fingers that the fit never saw:
 * rendered rolled probes against other rendered fingers, and against generated distractors (finger
 * positions 1–10, as the galleries enrol them), rolled and plain. Reports the two-sample KS statistic
 * and p-value and the scores at FMR 1e-3 and 1e-4 (decision 0014's acceptance: p > 0.05 and the score
 * at 1e-3 within 10 %).
 *
 *   nice npx tsx packages/synth/bench/check-template-model.ts --validation validation.jsonl [--probes 100] [--gallery 110]
 *     [--sources sources.jsonl] [--regions 3]
 */
import { loadavg } from "node:os";
import { COMPETING_TEMPLATE_MODEL } from "../src/fingerprint/template-model.js";
import {
  agreement,
  chimericTemplates,
  crossScores,
  describe,
  generatedTemplates,
  loadChimeraPool,
  loadRendered,
} from "./template-model-agreement.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const fingers = loadRendered(option("validation", "validation.jsonl"));
const probeCount = Number(option("probes", "100"));
const galleryCount = Number(option("gallery", "110"));
if (fingers.length < probeCount + galleryCount) {
  throw new Error(
    `the validation set has ${fingers.length} fingers, fewer than ${probeCount} probes + ${galleryCount}`,
  );
}
const probes = fingers.slice(0, probeCount).map((f) => f.rolled);
const others = fingers.slice(probeCount, probeCount + galleryCount);
const CHECK_SEED = 0x43484b;
const sources = args.includes("--sources") ? loadChimeraPool(option("sources", "")) : undefined;
const regions = Number(option("regions", "3"));
const distractors = (kind: "rolled" | "plain") =>
  sources
    ? chimericTemplates(sources, CHECK_SEED, galleryCount, kind, regions)
    : generatedTemplates(COMPETING_TEMPLATE_MODEL, CHECK_SEED, galleryCount, kind, true);
const cpu = process.cpuUsage();
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const kind of ["rolled", "plain"] as const) {
  const rendered = crossScores(
    probes,
    others.map((f) => f[kind]),
  );
  const generated = crossScores(probes, distractors(kind));
  console.log(`rolled probe vs ${kind}: ${describe(agreement(rendered, generated))}`);
}
const used = process.cpuUsage(cpu);
console.log(
  `${sources ? `chimeric, ${sources.sources.length} sources, ${regions} regions` : "competing model"}; ` +
    `CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`,
);
