/**
 * Tuning figures for chimeric distractors (decision 0023): rendered rolled probes against other rendered
 * fingers and against chimeras built from a disjoint source pool, for several region counts. Run on a
 * tuning set only (the validation check is check-template-model.ts --sources). One region is a source
 * finger itself under a rigid transform: what rendered fingers of another seed look like.
 *
 *   nice npx tsx packages/synth/bench/tune-chimeras.ts --tuning tuning.jsonl --sources sources.jsonl \
 *     [--probes 60] [--regions 2,3,4] [--kind rolled]
 */
import { loadavg } from "node:os";
import { chimeraPool } from "../src/fingerprint/chimeric-template.js";
import {
  agreement,
  chimericTemplates,
  describe,
  fingerPermutationKs,
  loadChimeraPool,
  loadRendered,
  scoresByGallery,
} from "./template-model-agreement.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const tuning = loadRendered(option("tuning", "tuning.jsonl"));
const loaded = loadChimeraPool(option("sources", "sources.jsonl"));
const limit = Number(option("pool", String(loaded.sources.length)));
const pool = chimeraPool(loaded.sources.slice(0, limit));
const half = Math.min(Number(option("probes", "60")), Math.floor(tuning.length / 2));
const kind = option("kind", "rolled") as "rolled" | "plain";
const probes = tuning.slice(0, half).map((f) => f.rolled);
const byRendered = scoresByGallery(
  probes,
  tuning.slice(half, 2 * half).map((f) => f[kind]),
);
const flat = (xs: Float64Array[]) => Float64Array.from(xs.flatMap((x) => [...x]));
const rendered = flat(byRendered);
const TUNE_SEED = 0x54554e;
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}; ${pool.sources.length} sources; rolled probes vs ${kind}`,
);
for (const regions of option("regions", "2,3,4").split(",").map(Number)) {
  const byGenerated = scoresByGallery(probes, chimericTemplates(pool, TUNE_SEED, half, kind, regions));
  const permutation = fingerPermutationKs(byRendered, byGenerated, 200).p;
  console.log(
    `${regions} regions: ${describe(agreement(rendered, flat(byGenerated)))}; ` +
      `finger-permutation p ${permutation.toFixed(3)}`,
  );
}
