/**
 * Renders synthetic fingers with the image generator, extracts their templates with the engine and
 * writes them as JSON lines (one finger per line: its rolled and plain templates). The competing
 * distractor generator is fitted on one such set (tuning) and checked on another (validation): see
 * docs/decisions/0014-competing-impostors.md.
 *
 *   nice npx tsx packages/synth/bench/rendered-templates.ts --seed 0x54554e45 --fingers 200 --out file.jsonl
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { extractTemplate } from "@tenprint/afis";
import { datasetFingerSeed, generateImpression, generateMasterFingerprint } from "../src/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const seed = Number(option("seed", "0x54554e45"));
const fingers = Number(option("fingers", "200"));
const out = option("out", "rendered-templates.jsonl");
const impressions = option("impressions", "rolled:1,plain:2")
  .split(",")
  .map((s) => s.split(":") as ["rolled" | "plain", string]);

const done = existsSync(out) ? readFileSync(out, "utf8").split("\n").filter(Boolean).length : 0;
const started = performance.now();
for (let m = done; m < fingers; m++) {
  const master = generateMasterFingerprint({ seed: datasetFingerSeed(seed, m) });
  const templates = impressions.map(([kind, impression]) => {
    const t = extractTemplate(generateImpression(master, { impression: Number(impression), kind }).image);
    return {
      kind,
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
    };
  });
  appendFileSync(out, `${JSON.stringify({ seed, finger: m, fingerClass: master.fingerClass, templates })}\n`);
  if ((m + 1) % 10 === 0) {
    console.log(
      `${m + 1}/${fingers} fingers, ${((performance.now() - started) / 1000 / (m + 1 - done)).toFixed(2)} s each`,
    );
  }
}
