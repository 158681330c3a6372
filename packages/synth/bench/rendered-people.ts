/**
 * Renders synthetic people for the 1:N identification bench (packages/afis/bench/identification.ts):
 * ten fingers per person with the hand model's correlated classes, each rendered by the image
 * generator as a rolled enrolment (impression 1), a plain enrolment (impression 2) and rolled probes
 * (impressions 3, 4, …), every impression extracted by the engine. Written as JSON lines, one person a
 * line, so runs resume and several processes can fill separate files.
 *
 *   nice npx tsx packages/synth/bench/rendered-people.ts --first 0 --people 50 --probes 4 --out people-0.jsonl
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { extractTemplate, type FingerprintTemplate } from "@tenprint/afis";
import {
  datasetFingerSeed,
  generateImpression,
  generateMasterFingerprint,
  type ImpressionKind,
  tenFingerClasses,
} from "../src/index.js";

export const PEOPLE_SEED = 0x50504c45;

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const first = Number(option("first", "0"));
const people = Number(option("people", "50"));
const probes = Number(option("probes", "4"));
const out = option("out", `rendered-people-${first}.jsonl`);

const compact = (t: FingerprintTemplate) => ({
  width: t.width,
  height: t.height,
  quality: t.quality,
  minutiae: t.minutiae.map((n) => [
    Math.round(n.x * 10) / 10,
    Math.round(n.y * 10) / 10,
    Math.round(n.direction * 1e4) / 1e4,
    n.type === "bifurcation" ? 2 : 1,
    n.quality,
  ]),
});

const done = existsSync(out) ? readFileSync(out, "utf8").split("\n").filter(Boolean).length : 0;
const started = performance.now();
for (let p = first + done; p < first + people; p++) {
  const classes = tenFingerClasses(PEOPLE_SEED, p);
  const fingers = [];
  for (let position = 1; position <= 10; position++) {
    const master = generateMasterFingerprint({
      seed: datasetFingerSeed(PEOPLE_SEED, p * 10 + position),
      fingerClass: classes[position - 1]!,
    });
    const render = (impression: number, kind: ImpressionKind) =>
      compact(extractTemplate(generateImpression(master, { impression, kind }).image));
    fingers.push({
      position,
      rolled: render(1, "rolled"),
      plain: render(2, "plain"),
      probes: Array.from({ length: probes }, (_, k) => render(3 + k, "rolled")),
    });
  }
  appendFileSync(out, `${JSON.stringify({ person: p, fingers })}\n`);
  const seconds = (performance.now() - started) / 1000 / (p + 1 - first - done);
  console.log(`person ${p}: ${seconds.toFixed(1)} s each`);
}
