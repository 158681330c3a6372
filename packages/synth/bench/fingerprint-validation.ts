/**
 * Validation of the synthetic fingerprint generator against the fingerprint engine:
 *  1. minutiae @tenprint/afis extracts from impressions vs the ground truth of their masters
 *     (recall, precision within a distance and angle tolerance);
 *  2. genuine and impostor score distributions of a synthetic FVC-style set (10 fingers × 8 plain
 *     impressions, as FVC2002 DB4_B) next to those of FVC2002 DB4_B itself (SFinGe-made) when present.
 * Run: npx tsx packages/synth/bench/fingerprint-validation.ts [fingers] [seed]
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ErrorRates,
  extractTemplate,
  type FvcResult,
  type FvcSample,
  listFvcFiles,
  type Minutia,
  runFvcProtocol,
} from "@tenprint/afis";
import { decodeImage } from "@tenprint/nist/image";
import { impressionMinutiae } from "../src/fingerprint/fingerprint-impression.js";
import { masterMinutiae } from "../src/fingerprint/master-fingerprint.js";
import { datasetFingerSeed, generateImpression, generateMasterFingerprint } from "../src/index.js";

const DISTANCE_TOLERANCE = 15;
const ANGLE_TOLERANCE = Math.PI / 6;

const fingers = Number(process.argv[2] ?? 10);
const seed = Number(process.argv[3] ?? 1);
const impressionsPerFinger = 8;

const samples: FvcSample[] = [];
let truthCount = 0;
let foundCount = 0;
let matchedCount = 0;
let typeAgreement = 0;
for (let f = 0; f < fingers; f++) {
  const master = generateMasterFingerprint({ seed: datasetFingerSeed(seed, f) });
  const truth = masterMinutiae(master);
  for (let i = 1; i <= impressionsPerFinger; i++) {
    const impression = generateImpression(master, { impression: i });
    const template = extractTemplate(impression.image);
    samples.push({ finger: String(101 + f), impression: i, name: `${101 + f}_${i}`, template });
    const expected = impressionMinutiae(master, impression, truth);
    const pairs = pairMinutiae(expected, template.minutiae);
    truthCount += expected.length;
    foundCount += template.minutiae.length;
    matchedCount += pairs.length;
    typeAgreement += pairs.filter(([a, b]) => a.type === b.type).length;
  }
}
console.log(`synthetic set: ${fingers} fingers × ${impressionsPerFinger} plain impressions, seed ${seed}`);
console.log(
  `minutiae vs ground truth (≤ ${DISTANCE_TOLERANCE} px, ≤ ${Math.round((ANGLE_TOLERANCE * 180) / Math.PI)}°): ` +
    `recall ${pct(matchedCount / truthCount)}, precision ${pct(matchedCount / foundCount)}, ` +
    `type agreement ${pct(typeAgreement / matchedCount)}; per impression: ${(truthCount / samples.length).toFixed(1)} true, ` +
    `${(foundCount / samples.length).toFixed(1)} extracted`,
);
report("synthetic", runFvcProtocol(samples));

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const db4 = join(repoRoot, "../shared/data/fingerprints/fvc2002/DB4_B");
if (existsSync(db4)) {
  const files = [...listFvcFiles(db4).values()].flat();
  const real = files.map((file) => ({
    finger: file.finger,
    impression: file.impression,
    name: file.path,
    template: extractTemplate(decodeImage(readFileSync(join(db4, file.path)), { ppi: 500 })),
  }));
  console.log(
    `FVC2002 DB4_B: ${real.length} images, ${(real.reduce((s, r) => s + r.template.minutiae.length, 0) / real.length).toFixed(1)} minutiae per image`,
  );
  report("FVC2002 DB4_B", runFvcProtocol(real));
} else {
  console.log(`FVC2002 DB4_B not found at ${db4}: comparison skipped`);
}

function report(label: string, result: FvcResult): void {
  const genuine = result.pairs.filter((p) => p.genuine).map((p) => p.score);
  const impostor = result.pairs.filter((p) => !p.genuine).map((p) => p.score);
  console.log(
    `${label.padEnd(14)} genuine ${quartiles(genuine)} | impostor ${quartiles(impostor)} | ${rates(result.all)} | classic EER ${pct(result.classic.eer)}`,
  );
}

function rates(r: ErrorRates): string {
  return `EER ${pct(r.eer)} FMR100 ${pct(r.fmr100)} FMR1000 ${pct(r.fmr1000)} ZeroFMR ${pct(r.zeroFmr)}`;
}

function quartiles(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return `n=${s.length} p25/p50/p75/max ${q(0.25)}/${q(0.5)}/${q(0.75)}/${s[s.length - 1]!.toFixed(1)}`;
}

function pct(v: number): string {
  return `${(100 * v).toFixed(1)} %`;
}

/** Greedy one-to-one pairing, nearest first, within the distance and angle tolerances. */
function pairMinutiae(expected: readonly Minutia[], found: readonly Minutia[]): [Minutia, Minutia][] {
  const candidates: [number, number, number][] = [];
  expected.forEach((e, i) => {
    found.forEach((f, j) => {
      const d = Math.hypot(e.x - f.x, e.y - f.y);
      const a = Math.abs(
        Math.atan2(Math.sin(e.direction - f.direction), Math.cos(e.direction - f.direction)),
      );
      if (d <= DISTANCE_TOLERANCE && a <= ANGLE_TOLERANCE) candidates.push([d, i, j]);
    });
  });
  candidates.sort((x, y) => x[0] - y[0]);
  const usedE = new Set<number>();
  const usedF = new Set<number>();
  const pairs: [Minutia, Minutia][] = [];
  for (const [, i, j] of candidates) {
    if (usedE.has(i) || usedF.has(j)) continue;
    usedE.add(i);
    usedF.add(j);
    pairs.push([expected[i]!, found[j]!]);
  }
  return pairs;
}
