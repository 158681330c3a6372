/**
 * Fits the default score calibration (src/matcher/default-calibration.ts) and prints it as source.
 *
 * Impostor populations, each fitted with `fitScoreCalibration`:
 *  - FVC2002 B DB1–DB4 images (real plain impressions), every cross-finger pair within a database;
 *  - synthetic engine-rendered prints from @tenprint/synth: rolled against rolled, rolled against plain,
 *    plain against plain, every pair of different masters.
 * The default is their envelope (the largest FMR any population shows at each score), because one
 * population's calibration does not transfer to another: rendered rolled prints carry about 50
 * minutiae and their impostors reach scores that FVC impostors almost never do.
 *
 *   npx tsx packages/afis/bench/calibrate.ts [--masters N] [--write]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodeImage } from "@tenprint/nist/image";
import {
  datasetFingerSeed,
  generateImpression,
  generateMasterFingerprint,
  type ImpressionKind,
} from "@tenprint/synth";
import { listFvcFiles, ppiForDatabase } from "../src/evaluation/fvc-files.js";
import { runFvcProtocol } from "../src/evaluation/fvc-protocol.js";
import { extractTemplate } from "../src/extractor/extract-template.js";
import { FingerprintMatcher } from "../src/matcher/fingerprint-matcher.js";
import { prepareTemplate } from "../src/matcher/prepared-template.js";
import {
  envelopeCalibration,
  fitScoreCalibration,
  fmrForScore,
  type ScoreCalibration,
  thresholdForFmr,
} from "../src/matcher/score-calibration.js";

const data = join(import.meta.dirname, "../../../../shared/data/fingerprints/fvc2002");
const args = process.argv.slice(2);
const masters = args.includes("--masters") ? Number(args[args.indexOf("--masters") + 1]) : 150;
const CALIBRATION_SEED = 0x43414c;
const IMPRESSIONS: readonly [number, ImpressionKind][] = [
  [1, "rolled"],
  [2, "rolled"],
  [3, "plain"],
  [4, "plain"],
];

function fvcImpostors(): number[] {
  const scores: number[] = [];
  for (const db of ["DB1_B", "DB2_B", "DB3_B", "DB4_B"]) {
    const folder = join(data, db);
    const ppi = ppiForDatabase(`fvc2002/${db}`);
    const samples = [...(listFvcFiles(folder).get(".") ?? [])].map((f) => ({
      finger: f.finger,
      impression: f.impression,
      name: f.path,
      template: extractTemplate(decodeImage(readFileSync(join(folder, f.path)), { ppi })),
    }));
    for (const pair of runFvcProtocol(samples).pairs) if (!pair.genuine) scores.push(pair.score);
  }
  return scores;
}

function syntheticImpostors(): Map<string, number[]> {
  const prints: { master: number; kind: ImpressionKind; template: ReturnType<typeof prepareTemplate> }[] = [];
  for (let m = 0; m < masters; m++) {
    const master = generateMasterFingerprint({ seed: datasetFingerSeed(CALIBRATION_SEED, m) });
    for (const [impression, kind] of IMPRESSIONS) {
      const image = generateImpression(master, { impression, kind }).image;
      prints.push({ master: m, kind, template: prepareTemplate(extractTemplate(image)) });
    }
  }
  const byKinds = new Map<string, number[]>();
  for (let i = 0; i < prints.length; i++) {
    const matcher = new FingerprintMatcher(prints[i]!.template);
    for (let j = i + 1; j < prints.length; j++) {
      if (prints[i]!.master === prints[j]!.master) continue;
      const kinds = [prints[i]!.kind, prints[j]!.kind].sort().join("-");
      const scores = byKinds.get(kinds) ?? [];
      scores.push(matcher.compare(prints[j]!.template));
      byKinds.set(kinds, scores);
    }
  }
  return byKinds;
}

function share(scores: readonly number[], atLeast: number): number {
  return scores.filter((s) => s >= atLeast).length / scores.length;
}

const populations = new Map<string, number[]>();
if (existsSync(data)) populations.set("FVC2002 B DB1-DB4 images, all cross-finger pairs", fvcImpostors());
else console.log(`FVC2002 data not found at ${data}: fitting the synthetic populations only.`);
for (const [kinds, scores] of syntheticImpostors()) {
  populations.set(`synthetic engine-rendered ${kinds}, ${masters} masters, all cross-master pairs`, scores);
}
const parts: ScoreCalibration[] = [...populations].map(([source, scores]) =>
  fitScoreCalibration(scores, source),
);
const envelope = envelopeCalibration(
  parts,
  `envelope of ${parts.length} impostor populations: FVC2002 B images, synthetic engine-rendered rolled and plain prints`,
);

console.log(
  "population                                                        impostors  s@1e-2  s@1e-3  tail slope",
);
for (const part of parts) {
  console.log(
    `${part.source.padEnd(66)}${String(part.impostorCount).padStart(9)}  ${thresholdForFmr(1e-2, part).toFixed(2).padStart(6)}  ${thresholdForFmr(1e-3, part).toFixed(2).padStart(6)}  ${part.tailSlope.toFixed(3)}`,
  );
}
console.log("\nshare of each population's impostors at or above the envelope's threshold for a target FMR:");
for (const target of [1e-2, 1e-3]) {
  const threshold = thresholdForFmr(target, envelope);
  const shares = [...populations.values()].map((scores) => share(scores, threshold).toExponential(1));
  console.log(`  target ${target.toExponential(0)} (score ${threshold.toFixed(2)}): ${shares.join("  ")}`);
}
console.log(`\nFMR at score 20: envelope ${fmrForScore(20, envelope).toExponential(2)}`);
const source = calibrationSource(envelope, parts);
if (args.includes("--write")) {
  writeFileSync(join(import.meta.dirname, "../src/matcher/default-calibration.ts"), source);
  console.log("wrote src/matcher/default-calibration.ts");
} else console.log(`\n${source}`);

function calibrationSource(calibration: ScoreCalibration, parts: readonly ScoreCalibration[]): string {
  const knots = calibration.knots.map(([s, f]) => `    [${s.toFixed(4)}, ${f.toFixed(4)}],`).join("\n");
  return `import type { ScoreCalibration } from "./score-calibration.js";

/**
 * The calibration used when none is given, written by \`npx tsx packages/afis/bench/calibrate.ts --write\`
 * (see that script and docs/decisions/0006-calibration-envelope.md): the envelope (largest FMR at each
 * score) of impostor populations that do not share one calibration, real FVC2002 B plain impressions
 * and engine-rendered synthetic rolled and plain prints. Refit whenever the extractor, the matcher or
 * the synthetic generator changes. Beyond the last knot the figures are an exponential extrapolation of
 * the measured tail, not a measurement.
 *
 * Impostor populations (scores):
${parts.map((p) => ` *  - ${p.source} (${p.impostorCount})`).join("\n")}
 */
export const DEFAULT_CALIBRATION: ScoreCalibration = {
  source: ${JSON.stringify(calibration.source)},
  impostorCount: ${calibration.impostorCount},
  knots: [
${knots}
  ],
  tailSlope: ${calibration.tailSlope.toFixed(4)},
};
`;
}
