/**
 * Renders synthetic fingers with the image generator, extracts their templates with the engine and
 * writes them as JSON lines (one finger per line: its rolled and plain templates). The competing
 * distractor generator is fitted on one such set (tuning) and checked on another (validation): see
 * docs/decisions/0014-competing-impostors.md.
 *
 * Each template carries its anchor: where the master's cores (their mean; for an arch, where a core
 * would be) fall in the impression, and the impression's rotation against the master (radians), which
 * chimeric distractors align their regions on.
 *
 *   nice npx tsx packages/synth/bench/rendered-templates.ts --seed 0x54554e45 --fingers 200 --out file.jsonl
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { extractTemplate } from "@tenprint/afis";
import { type ImpressionGeometry, masterToImpression } from "../src/fingerprint/impression-geometry.js";
import type { MasterFingerprint } from "../src/fingerprint/master-fingerprint.js";
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
    const rendered = generateImpression(master, { impression: Number(impression), kind });
    const t = extractTemplate(rendered.image);
    const [ax, ay] = masterAnchor(master);
    const point = new Float64Array(2);
    masterToImpression(rendered.geometry, ax, ay, point);
    return {
      kind,
      anchor: [Math.round(point[0]! * 10) / 10, Math.round(point[1]! * 10) / 10],
      rotation: impressionRotation(rendered.geometry),
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

/** The mean of the master's cores; an arch has none, so the point where its core would be placed. */
function masterAnchor(master: MasterFingerprint): [number, number] {
  const cores = master.singularPoints.cores;
  if (cores.length > 0) {
    return [
      cores.reduce((s, c) => s + c.x, 0) / cores.length,
      cores.reduce((s, c) => s + c.y, 0) / cores.length,
    ];
  }
  const { shape } = master;
  return [shape.centerX, shape.centerY - shape.topHeight + 0.42 * (shape.topHeight + shape.bottomHeight)];
}

/** The placement rotation: impressionToMaster turns image offsets by it (image y down). */
export function impressionRotation(g: ImpressionGeometry): number {
  return Math.round(Math.atan2(g.sin, g.cos) * 1e4) / 1e4;
}
