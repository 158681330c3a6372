/**
 * Tuning against validation: EER per database of the real prints, on the tuning and the validation set
 * side by side (docs/decisions/0017-tuning-and-validation-sets.md). The sets are fixed by the manifest
 * packages/afis/data/fingerprint-sets.json (file names and SHA-256, not the data); each set is evaluated
 * with the FVC protocol inside itself (genuine: every impression pair of a finger; impostor: every pair
 * of different fingers). NBIS (mindtct + bozorth3) runs on the same sets when it is built in the folder
 * NBIS_DIR names (default: the peers folder of README.md's test variables); absent, it is skipped with a
 * message.
 *
 *   npx tsx packages/afis/bench/generalisation.ts                  evaluate
 *   npx tsx packages/afis/bench/generalisation.ts --write-manifest re-make the manifest from the data's
 *                                                                  MANIFEST.sha256 (same rule and salt)
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { decodeImage } from "@tenprint/nist/image";
import { computeErrorRates, type ErrorRates } from "../src/evaluation/error-rates.js";
import {
  type EvaluationSet,
  type EvaluationSetEntry,
  type EvaluationSetManifest,
  splitFingers,
} from "../src/evaluation/evaluation-sets.js";
import { ppiForDatabase } from "../src/evaluation/fvc-files.js";
import { type FvcSample, runFvcProtocol } from "../src/evaluation/fvc-protocol.js";
import { extractTemplate } from "../src/extractor/extract-template.js";

const DATA = join(import.meta.dirname, "../../../../shared/data/fingerprints");
const MANIFEST = join(import.meta.dirname, "../data/fingerprint-sets.json");
const NBIS = process.env.NBIS_DIR ?? "/work/peers/nbis";
const SALT = "tenprint-evaluation-sets-2026-12-07";
const RULE =
  "FVC2002 B, per finger number across all four databases: the half of the ten numbers with the smallest " +
  "SHA-256(salt:number) is tuning, the rest validation";
const SETS: readonly EvaluationSet[] = ["tuning", "validation"];

function writeManifest(): void {
  const lines = readFileSync(join(DATA, "MANIFEST.sha256"), "utf8").split("\n");
  const files = lines.flatMap((line) => {
    const match = /^([0-9a-f]{64}) {2}\.\/(fvc2002\/(DB\d_B)\/(\d+)_\d+\.tif)$/.exec(line);
    return match
      ? [{ sha256: match[1]!, path: match[2]!, database: `fvc2002/${match[3]!}`, finger: match[4]! }]
      : [];
  });
  const split = splitFingers(
    files.map((file) => file.finger),
    SALT,
  );
  const entries: EvaluationSetEntry[] = files.map((file) => ({
    ...file,
    set: split.get(file.finger) ?? "validation",
  }));
  const manifest: EvaluationSetManifest = { rule: RULE, salt: SALT, entries };
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${MANIFEST}: ${entries.length} images`);
}

/** Every unordered pair of a database's images, scored once; a set's figures are its fingers' pairs. */
interface ScoredPair {
  readonly a: string;
  readonly b: string;
  readonly score: number;
}

function tenprintPairs(entries: readonly EvaluationSetEntry[]): ScoredPair[] {
  const samples: FvcSample[] = entries.map((entry) => {
    const bytes = readFileSync(join(DATA, entry.path));
    const digest = createHash("sha256").update(bytes).digest("hex");
    if (digest !== entry.sha256) {
      throw new Error(`${entry.path}: SHA-256 ${digest} is not the manifest's ${entry.sha256}`);
    }
    const image = decodeImage(bytes, { ppi: ppiForDatabase(entry.database) });
    const name = entry.path.split("/").pop() ?? entry.path;
    return { finger: entry.finger, impression: impressionOf(entry), name, template: extractTemplate(image) };
  });
  const fingerOf = new Map(samples.map((sample) => [sample.name, sample.finger]));
  return runFvcProtocol(samples).pairs.map((pair) => ({
    a: fingerOf.get(pair.a) ?? "",
    b: fingerOf.get(pair.b) ?? "",
    score: pair.score,
  }));
}

function impressionOf(entry: EvaluationSetEntry): number {
  return Number(/_(\d+)\.[a-z]+$/i.exec(entry.path)?.[1]);
}

/**
 * NBIS as its own tools run it: each image written as lossless JPEG (cjpegl, raw 8-bit at the database's
 * resolution), mindtct's minutiae (.xyt), bozorth3 over every unordered pair (-M pair list).
 */
function nbisPairs(entries: readonly EvaluationSetEntry[]): ScoredPair[] | undefined {
  const bin = join(NBIS, "bin");
  if (!["cjpegl", "mindtct", "bozorth3"].every((tool) => existsSync(join(bin, tool)))) return undefined;
  const work = mkdtempSync(join(tmpdir(), "tenprint-nbis-"));
  try {
    const names = entries.map((entry, index) => {
      const image = decodeImage(readFileSync(join(DATA, entry.path)), {
        ppi: ppiForDatabase(entry.database),
      });
      const raw = join(work, `${index}.raw`);
      writeFileSync(raw, image.pixels);
      execFileSync(join(bin, "cjpegl"), ["jpl", raw, "-r", `${image.width},${image.height},8,${image.ppi}`]);
      execFileSync(join(bin, "mindtct"), [join(work, `${index}.jpl`), join(work, `${index}`)]);
      return join(work, `${index}.xyt`);
    });
    const list: string[] = [];
    const pairs: { a: string; b: string }[] = [];
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        list.push(names[i] ?? "", names[j] ?? "");
        pairs.push({ a: entries[i]?.finger ?? "", b: entries[j]?.finger ?? "" });
      }
    }
    writeFileSync(join(work, "pairs.lis"), `${list.join("\n")}\n`);
    const output = execFileSync(join(bin, "bozorth3"), ["-M", join(work, "pairs.lis")], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
    const scores = output.trim().split("\n").map(Number);
    if (scores.length !== pairs.length) {
      throw new Error(`bozorth3 gave ${scores.length} scores for ${pairs.length} pairs`);
    }
    return pairs.map((pair, k) => ({ ...pair, score: scores[k] ?? 0 }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** EER over the pairs whose two fingers are both in `fingers` (genuine: same finger). */
function setRates(pairs: readonly ScoredPair[], fingers: ReadonlySet<string>): ErrorRates {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (const pair of pairs) {
    if (!fingers.has(pair.a) || !fingers.has(pair.b)) continue;
    (pair.a === pair.b ? genuine : impostor).push(pair.score);
  }
  return computeErrorRates(genuine, impostor);
}

/**
 * How far apart two halves of the same database fall by chance: the ratio of the larger to the smaller
 * EER over every way of splitting its fingers in two (with no tuning on either half), as the median and
 * the 90th percentile. A tuning/validation ratio inside that spread is what the sets' size allows.
 */
function chanceSpread(
  pairs: readonly ScoredPair[],
  fingers: readonly string[],
): { median: number; p90: number } {
  const ratios: number[] = [];
  const half = fingers.length >> 1;
  const choose = (start: number, chosen: string[]): void => {
    if (chosen.length === half) {
      const one = new Set(chosen);
      if (!one.has(fingers[0] ?? "")) return; // each split once: the first finger always in the first half
      const other = new Set(fingers.filter((finger) => !one.has(finger)));
      const [x, y] = [setRates(pairs, one).eer, setRates(pairs, other).eer];
      ratios.push(Math.min(x, y) > 0 ? Math.max(x, y) / Math.min(x, y) : Number.POSITIVE_INFINITY);
      return;
    }
    for (let i = start; i < fingers.length; i++) choose(i + 1, [...chosen, fingers[i] ?? ""]);
  };
  choose(0, []);
  ratios.sort((a, b) => a - b);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))] ?? Number.NaN;
  return { median: at(0.5), p90: at(0.9) };
}

const pct = (eer: number) => `${(eer * 100).toFixed(2)} %`;
const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "∞");

function evaluate(): void {
  if (!existsSync(DATA)) {
    console.log(`real prints not found at ${DATA}; nothing to evaluate.`);
    return;
  }
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as EvaluationSetManifest;
  const databases = [...new Set(manifest.entries.map((entry) => entry.database))];
  const engines: {
    name: string;
    pairs: (entries: readonly EvaluationSetEntry[]) => ScoredPair[] | undefined;
  }[] = [
    { name: "Tenprint", pairs: tenprintPairs },
    { name: "NBIS mindtct + bozorth3", pairs: nbisPairs },
  ];
  console.log(
    `load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}; ${manifest.rule}`,
  );
  console.log(
    "| engine | database | tuning EER | validation EER | validation ÷ tuning | two random halves: larger ÷ smaller EER, median / 90th pct |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const engine of engines) {
    const sums: Record<EvaluationSet, number> = { tuning: 0, validation: 0 };
    let measured = 0;
    for (const database of databases) {
      const entries = manifest.entries.filter((entry) => entry.database === database);
      const pairs = engine.pairs(entries);
      if (!pairs) {
        console.log(
          `| ${engine.name} | skipped: not built under ${NBIS} (recipe in docs/benchmarks.md) | | | | |`,
        );
        break;
      }
      const rates = new Map<EvaluationSet, ErrorRates>();
      for (const set of SETS) {
        rates.set(
          set,
          setRates(pairs, new Set(entries.filter((entry) => entry.set === set).map((e) => e.finger))),
        );
      }
      const tuning = rates.get("tuning")?.eer ?? Number.NaN;
      const validation = rates.get("validation")?.eer ?? Number.NaN;
      sums.tuning += tuning;
      sums.validation += validation;
      measured++;
      const spread = chanceSpread(pairs, [...new Set(entries.map((entry) => entry.finger))].sort());
      console.log(
        `| ${engine.name} | ${database} | ${pct(tuning)} | ${pct(validation)} | ${times(validation / tuning)} | ${times(spread.median)} / ${times(spread.p90)} |`,
      );
    }
    if (measured === databases.length) {
      const [tuning, validation] = [sums.tuning / measured, sums.validation / measured];
      console.log(
        `| ${engine.name} | **average** | ${pct(tuning)} | ${pct(validation)} | ${times(validation / tuning)} | |`,
      );
    }
  }
  console.log(
    "SourceAFIS: not built on this machine (its Java dependencies must be compiled from source); skipped.",
  );
}

if (process.argv.includes("--write-manifest")) writeManifest();
else evaluate();
