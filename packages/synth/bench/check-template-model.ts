/**
 * Checks a distractor generator — the chimeric one (decision 0023, `--sources`) or
 * COMPETING_TEMPLATE_MODEL (decision 0014, without `--sources`) — on a validation set of rendered fingers that the fit never saw:
 * rendered rolled probes against other rendered fingers, and against generated distractors (finger
 * positions 1–10, as the galleries enrol them), rolled and plain. Reports the two-sample KS statistic
 * and p-value and the scores at FMR 1e-3 and 1e-4 (decision 0014's acceptance: p > 0.05 and the score
 * at 1e-3 within 10 %).
 *
 *   nice npx tsx packages/synth/bench/check-template-model.ts --validation validation.jsonl [--probes 100] [--gallery 110]
 *     [--sources sources.jsonl|packaged] [--regions 3] [--all] [--control] [--control-set other.jsonl]
 *     [--permutations 1000] [--distinct-sources] [--probe-pool pool.jsonl]
 *
 * --all: every validation finger against every other (n·(n−1) pairs) and against as many distinct
 * distractors; --control: rendered against rendered, the same probes against two disjoint thirds;
 * --control-set: the same probes against as many rendered fingers of another set. Besides the
 * asymptotic KS p-value (pairs taken as independent), a p-value from permuting gallery fingers
 * between the two sides (fingerPermutationKs).
 *
 * --distinct-sources: the gallery's chimeras share no source finger with one another, so that each is an
 * independent unit of the permutation (docs/decisions/0027). --probe-pool: chimeric *probes* cut from that
 * pool of rendered fingers (one no gallery chimera uses; identification.ts's --probe-pool) against the
 * chimeric gallery, beside the rendered probes against the same gallery; its p-value permutes probes
 * between the sides (each probe's scores move with it), with the pool's own rendered fingers as probes
 * for the control.
 */
import { loadavg } from "node:os";
import { FingerprintMatcher, type FingerprintTemplate } from "@tenprint/afis";
import { packagedChimeraPool } from "../src/fingerprint/chimera-sources.js";
import { COMPETING_TEMPLATE_MODEL } from "../src/fingerprint/template-model.js";
import {
  agreement,
  chimericTemplates,
  crossScores,
  describe,
  distinctSourceChimeras,
  fingerPermutationKs,
  generatedTemplates,
  loadChimeraPool,
  loadRendered,
  scoresByGallery,
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
// `--sources packaged`: the pool the package ships, i.e. exactly what the galleries enrol.
const sourcesOption = args.includes("--sources") ? option("sources", "packaged") : undefined;
const sources =
  sourcesOption === undefined
    ? undefined
    : sourcesOption === "packaged"
      ? packagedChimeraPool()
      : loadChimeraPool(sourcesOption);
const regions = Number(option("regions", "3"));
const distinct = args.includes("--distinct-sources");
const distractors = (kind: "rolled" | "plain") =>
  sources
    ? distinct
      ? distinctSourceChimeras(sources, CHECK_SEED, galleryCount, kind, regions)
      : chimericTemplates(sources, CHECK_SEED, galleryCount, kind, regions)
    : generatedTemplates(COMPETING_TEMPLATE_MODEL, CHECK_SEED, galleryCount, kind, true);
const cpu = process.cpuUsage();
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
const permutations = Number(option("permutations", "1000"));
const controlSet = args.includes("--control-set") ? loadRendered(option("control-set", "")) : undefined;
for (const kind of ["rolled", "plain"] as const) {
  const byRendered = scoresByGallery(
    probes,
    others.map((f) => f[kind]),
  );
  const byGenerated = scoresByGallery(probes, distractors(kind));
  const flat = (xs: Float64Array[]) => Float64Array.from(xs.flatMap((x) => [...x]));
  const rendered = flat(byRendered);
  const fingerP = fingerPermutationKs(byRendered, byGenerated, permutations).p;
  console.log(
    `rolled probe vs ${kind}: ${describe(agreement(rendered, flat(byGenerated)))}; ` +
      `finger-permutation p ${fingerP.toFixed(3)}`,
  );
  if (controlSet) {
    // The same probes against as many rendered fingers of another set: what two samples of real
    // impostor scores look like to both tests.
    const byControl = scoresByGallery(
      probes,
      controlSet.slice(0, galleryCount).map((f) => f[kind]),
    );
    console.log(
      `  control, rendered vs other rendered (${kind}): ${describe(agreement(rendered, flat(byControl)))}; ` +
        `finger-permutation p ${fingerPermutationKs(byRendered, byControl, permutations).p.toFixed(3)}`,
    );
  }
}
if (args.includes("--probe-pool")) {
  // Do chimeric probes from a disjoint pool score against the chimeric gallery as rendered probes do?
  // The gallery is what identification.ts enrols (the packaged pool's chimeras, not distinct ones).
  const poolFile = option("probe-pool", "");
  const probePool = loadChimeraPool(poolFile);
  const poolFingers = loadRendered(poolFile);
  const PROBE_SEED = 0x50524f42;
  const chimericProbes = chimericTemplates(probePool, PROBE_SEED, probeCount, "rolled", regions);
  const gallerySources = sources ?? packagedChimeraPool();
  for (const kind of ["rolled", "plain"] as const) {
    const gallery = chimericTemplates(gallerySources, CHECK_SEED, galleryCount, kind, regions);
    // One array per probe (the probe indexed, as a search does), its scores against every gallery finger.
    const byProbe = (ps: readonly FingerprintTemplate[]) =>
      ps.map((probe) => {
        const matcher = new FingerprintMatcher(probe);
        return Float64Array.from(gallery, (g) => matcher.compare(g));
      });
    const rendered = byProbe(probes);
    const chimeric = byProbe(chimericProbes);
    const control = byProbe(poolFingers.slice(0, probeCount).map((f) => f.rolled));
    const flat = (xs: Float64Array[]) => Float64Array.from(xs.flatMap((x) => [...x]));
    console.log(
      `probes against ${kind} chimeras: rendered vs disjoint-pool chimeric probes: ` +
        `${describe(agreement(flat(rendered), flat(chimeric)))}; probe-permutation p ` +
        `${fingerPermutationKs(rendered, chimeric, permutations).p.toFixed(3)}`,
    );
    console.log(
      `  control, rendered vs the pool's own rendered fingers as probes (${kind}): ` +
        `${describe(agreement(flat(rendered), flat(control)))}; probe-permutation p ` +
        `${fingerPermutationKs(rendered, control, permutations).p.toFixed(3)}`,
    );
  }
}
if (args.includes("--all")) {
  // Every validation finger probes every other one, and as many distinct distractors, each probe its
  // own: the rendered side then rests on all the fingers there are rather than on 110.
  const n = fingers.length;
  const many = (kind: "rolled" | "plain") =>
    sources
      ? chimericTemplates(sources, CHECK_SEED, n * (n - 1), kind, regions, 1_000_000)
      : generatedTemplates(COMPETING_TEMPLATE_MODEL, CHECK_SEED + 1, n * (n - 1), kind, true);
  for (const kind of ["rolled", "plain"] as const) {
    const gallery = fingers.map((f) => f[kind]);
    const rendered = crossScores(
      fingers.map((f) => f.rolled),
      gallery,
      (p, g) => p === g,
    );
    const pool = many(kind);
    const generated: number[] = [];
    fingers.forEach((f, p) => {
      const matcher = new FingerprintMatcher(f.rolled);
      for (let g = 0; g < n - 1; g++) generated.push(matcher.compare(pool[p * (n - 1) + g]!));
    });
    console.log(
      `all ${n} fingers, rolled probe vs ${kind}: ${describe(agreement(rendered, Float64Array.from(generated)))}`,
    );
  }
}
if (args.includes("--control")) {
  // Rendered against rendered: the same probes against two disjoint sets of rendered fingers. How far
  // apart two samples of real impostor scores lie when their pairs share probes and gallery fingers.
  const third = Math.floor(fingers.length / 3);
  const p = fingers.slice(0, third).map((f) => f.rolled);
  for (const kind of ["rolled", "plain"] as const) {
    const a = crossScores(
      p,
      fingers.slice(third, 2 * third).map((f) => f[kind]),
    );
    const b = crossScores(
      p,
      fingers.slice(2 * third, 3 * third).map((f) => f[kind]),
    );
    console.log(`control, rendered vs rendered, rolled probe vs ${kind}: ${describe(agreement(a, b))}`);
  }
}
const used = process.cpuUsage(cpu);
console.log(
  `${sources ? `chimeric, ${sources.sources.length} sources, ${regions} regions` : "competing model"}; ` +
    `CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`,
);
