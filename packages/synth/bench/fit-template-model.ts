/**
 * Fits COMPETING_TEMPLATE_MODEL (src/fingerprint/template-model.ts) on a tuning set of rendered fingers,
 * by coordinate search: rendered rolled probes against generated rolled distractors must score as they
 * score against other rendered fingers (two-sample KS statistic, plus the gap of the score at FMR 1e-2).
 * Prints the fitted model; check it on a separate set with check-template-model.ts.
 *
 *   nice npx tsx packages/synth/bench/fit-template-model.ts --tuning tuning.jsonl [--passes 2] [--probes 80]
 */

import { scoreAtFmr } from "@tenprint/afis";
import { COMPETING_TEMPLATE_MODEL, type TemplateModel } from "../src/fingerprint/template-model.js";
import {
  agreement,
  crossScores,
  describe,
  generatedTemplates,
  loadRendered,
} from "./template-model-agreement.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const fingers = loadRendered(option("tuning", "/tmp/h14a/tuning.jsonl"));
const passes = Number(option("passes", "2"));
const half = Math.min(Number(option("probes", "80")), Math.floor(fingers.length / 2));
const probes = fingers.slice(0, half).map((f) => f.rolled);
const references = fingers.slice(half, 2 * half).map((f) => f.rolled);
const rendered = crossScores(probes, references);
const FIT_SEED = 0x464954;

function cost(model: TemplateModel): { cost: number; line: string } {
  const generated = crossScores(probes, generatedTemplates(model, FIT_SEED, references.length, "rolled"));
  const a = agreement(rendered, generated);
  const tail =
    Math.abs(scoreAtFmr(generated, 1e-2) - scoreAtFmr(rendered, 1e-2)) / scoreAtFmr(rendered, 1e-2);
  return { cost: a.ks.statistic + tail, line: describe(a) };
}

type Knob = { name: keyof TemplateModel; values: (m: TemplateModel) => TemplateModel[] };
const scaled = (r: readonly [number, number], f: number): [number, number] => [r[0] * f, r[1] * f];
const knobs: Knob[] = [
  {
    name: "masterMinutiae",
    values: (m) =>
      [0.9, 0.95, 1.05, 1.1, 1.2].map((f) => ({ ...m, masterMinutiae: scaled(m.masterMinutiae, f) })),
  },
  { name: "missing", values: (m) => [0.5, 0.8, 1.25].map((f) => ({ ...m, missing: scaled(m.missing, f) })) },
  {
    name: "spurious",
    values: (m) => [0, 0.5, 1.5, 2].map((f) => ({ ...m, spurious: scaled(m.spurious, f) })),
  },
  { name: "senseCoherence", values: (m) => [0.94, 0.97, 1].map((v) => ({ ...m, senseCoherence: v })) },
  { name: "senseSwing", values: (m) => [0, 0.3, 0.6].map((v) => ({ ...m, senseSwing: v })) },
  { name: "angleNoiseDegrees", values: (m) => [0, 1.5, 3].map((v) => ({ ...m, angleNoiseDegrees: v })) },
  { name: "bifurcationShare", values: (m) => [0.3, 0.36, 0.45].map((v) => ({ ...m, bifurcationShare: v })) },
];

let best: TemplateModel = {
  ...COMPETING_TEMPLATE_MODEL,
  ...(JSON.parse(option("start", "{}")) as Partial<TemplateModel>),
};
let bestCost = cost(best);
console.log(`start: ${bestCost.line}`);
for (let pass = 0; pass < passes; pass++) {
  for (const knob of knobs) {
    for (const candidate of knob.values(best)) {
      const c = cost(candidate);
      if (c.cost < bestCost.cost) {
        best = candidate;
        bestCost = c;
        console.log(`pass ${pass} ${knob.name} = ${JSON.stringify(candidate[knob.name])}: ${c.line}`);
      }
    }
  }
}
console.log(`fitted: ${bestCost.line}`);
console.log(JSON.stringify(best, null, 2));
