/**
 * Tuning against validation: EER per database of the real prints, on the tuning and the validation set
 * side by side (docs/decisions/0017-tuning-and-validation-sets.md). The sets are fixed by the manifest
 * packages/afis/data/fingerprint-sets.json (file names and SHA-256, not the data); each set is evaluated
 * with the FVC protocol inside itself (genuine: every impression pair of a finger; impostor: every pair
 * of different fingers). Then every further public set listed in packages/afis/data/extra-validation-sets.json
 * (sources, licences and hashes; the images stay outside the repository, under TENPRINT_EXTRA_SETS,
 * default /work/shared-extra) is evaluated as validation only: nothing was ever tuned on it.
 * NBIS (mindtct + bozorth3, under NBIS_DIR) and SourceAFIS for Java (under SOURCEAFIS_DIR) run on the same
 * decoded pixels when built (defaults: the peers folder of README.md's test variables); absent, each is
 * skipped with a message, and so is a set whose folder is absent.
 *
 *   npx tsx packages/afis/bench/generalisation.ts                        evaluate
 *   npx tsx packages/afis/bench/generalisation.ts --write-manifest       re-make the FVC2002 manifest from
 *                                                                        the data's MANIFEST.sha256 (same rule and salt)
 *   npx tsx packages/afis/bench/generalisation.ts --write-extra-manifest re-list the extra sets' files and hashes */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { decodeImage, type GrayImage } from "@tenprint/nist/image";
import { computeErrorRates, type ErrorRates } from "../src/evaluation/error-rates.js";
import {
  type EvaluationSet,
  type EvaluationSetEntry,
  type EvaluationSetManifest,
  splitFingers,
} from "../src/evaluation/evaluation-sets.js";
import { listFvcFiles, ppiForDatabase } from "../src/evaluation/fvc-files.js";
import { type FvcSample, runFvcProtocol } from "../src/evaluation/fvc-protocol.js";
import { extractTemplate } from "../src/extractor/extract-template.js";

const DATA = join(import.meta.dirname, "../../../../shared/data/fingerprints");
const MANIFEST = join(import.meta.dirname, "../data/fingerprint-sets.json");
const NBIS = process.env.NBIS_DIR ?? "/work/peers/nbis";
const SOURCEAFIS = process.env.SOURCEAFIS_DIR ?? "/work/peers/sourceafis";
const EXTRA_MANIFEST = join(import.meta.dirname, "../data/extra-validation-sets.json");
const EXTRA_ROOT = process.env.TENPRINT_EXTRA_SETS ?? "/work/shared-extra";
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

/** One image as every engine sees it: decoded once by Tenprint's reader, so all engines get the same pixels. */
interface DecodedSample {
  readonly finger: string;
  readonly impression: number;
  readonly name: string;
  readonly image: GrayImage;
}

/** Reads an image, refusing it when its SHA-256 is not the manifest's (the data lives outside the repo). */
function decodeChecked(file: string, sha256: string, ppi: number): GrayImage {
  const bytes = readFileSync(file);
  const digest = createHash("sha256").update(bytes).digest("hex");
  if (digest !== sha256) throw new Error(`${file}: SHA-256 ${digest} is not the manifest's ${sha256}`);
  return decodeImage(bytes, { ppi });
}

function fvcSamples(entries: readonly EvaluationSetEntry[]): DecodedSample[] {
  return entries.map((entry) => ({
    finger: entry.finger,
    impression: impressionOf(entry.path),
    name: entry.path,
    image: decodeChecked(join(DATA, entry.path), entry.sha256, ppiForDatabase(entry.database)),
  }));
}

function tenprintPairs(samples: readonly DecodedSample[]): ScoredPair[] {
  const fingerOf = new Map(samples.map((sample) => [sample.name, sample.finger]));
  const fvc: FvcSample[] = samples.map((sample) => ({
    finger: sample.finger,
    impression: sample.impression,
    name: sample.name,
    template: extractTemplate(sample.image),
  }));
  return runFvcProtocol(fvc).pairs.map((pair) => ({
    a: fingerOf.get(pair.a) ?? "",
    b: fingerOf.get(pair.b) ?? "",
    score: pair.score,
  }));
}

function impressionOf(path: string): number {
  return Number(/_(\d+)\.[a-z]+$/i.exec(path)?.[1]);
}

/** Every unordered pair (i < j) of the samples, as the order the peers' pair lists use. */
function unorderedPairs(samples: readonly DecodedSample[]): { i: number; j: number; a: string; b: string }[] {
  const pairs: { i: number; j: number; a: string; b: string }[] = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      pairs.push({ i, j, a: samples[i]?.finger ?? "", b: samples[j]?.finger ?? "" });
    }
  }
  return pairs;
}

function parseScores(output: string, expected: number, engine: string): number[] {
  const scores = output.trim().split("\n").map(Number);
  if (scores.length !== expected || scores.some((score) => !Number.isFinite(score))) {
    throw new Error(`${engine} gave ${scores.length} scores for ${expected} pairs`);
  }
  return scores;
}

/**
 * NBIS as its own tools run it: each image written as lossless JPEG (cjpegl, raw 8-bit at the database's
 * resolution), mindtct's minutiae (.xyt), bozorth3 over every unordered pair (-M pair list).
 */
function nbisPairs(samples: readonly DecodedSample[]): ScoredPair[] | undefined {
  const bin = join(NBIS, "bin");
  if (!["cjpegl", "mindtct", "bozorth3"].every((tool) => existsSync(join(bin, tool)))) return undefined;
  const work = mkdtempSync(join(tmpdir(), "tenprint-nbis-"));
  try {
    const names = samples.map(({ image }, index) => {
      const raw = join(work, `${index}.raw`);
      writeFileSync(raw, image.pixels);
      execFileSync(join(bin, "cjpegl"), ["jpl", raw, "-r", `${image.width},${image.height},8,${image.ppi}`]);
      execFileSync(join(bin, "mindtct"), [join(work, `${index}.jpl`), join(work, `${index}`)]);
      return join(work, `${index}.xyt`);
    });
    const pairs = unorderedPairs(samples);
    const list = pairs.flatMap(({ i, j }) => [names[i] ?? "", names[j] ?? ""]);
    writeFileSync(join(work, "pairs.lis"), `${list.join("\n")}\n`);
    const output = execFileSync(join(bin, "bozorth3"), ["-M", join(work, "pairs.lis")], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
    const scores = parseScores(output, pairs.length, "bozorth3");
    return pairs.map(({ a, b }, k) => ({ a, b, score: scores[k] ?? 0 }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * SourceAFIS for Java (3.18.1, built from source under SOURCEAFIS_DIR, recipe in docs/benchmarks.md):
 * a small harness (`Pairs`) reads "raw width height dpi" lines, makes a template of each image at its
 * resolution and prints the similarity of every unordered pair, the earlier image as probe.
 */
function sourceafisPairs(samples: readonly DecodedSample[]): ScoredPair[] | undefined {
  const classpathFile = join(SOURCEAFIS, "runtime-classpath.txt");
  if (!existsSync(classpathFile) || !existsSync(join(SOURCEAFIS, "pairs/Pairs.class"))) return undefined;
  const classpath = `${readFileSync(classpathFile, "utf8").trim()}:${join(SOURCEAFIS, "pairs")}`;
  const work = mkdtempSync(join(tmpdir(), "tenprint-sourceafis-"));
  try {
    const lines = samples.map(({ image }, index) => {
      const raw = join(work, `${index}.raw`);
      writeFileSync(raw, image.pixels);
      return `${raw} ${image.width} ${image.height} ${image.ppi}`;
    });
    const output = execFileSync("java", ["-cp", classpath, "Pairs"], {
      cwd: SOURCEAFIS,
      input: `${lines.join("\n")}\n`,
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
    const pairs = unorderedPairs(samples);
    const scores = parseScores(output, pairs.length, "SourceAFIS");
    return pairs.map(({ a, b }, k) => ({ a, b, score: scores[k] ?? 0 }));
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

interface Engine {
  readonly name: string;
  /** Where it must be built, for the skip message. */
  readonly home: string;
  readonly pairs: (samples: readonly DecodedSample[]) => ScoredPair[] | undefined;
}

const ENGINES: readonly Engine[] = [
  { name: "Tenprint", home: "", pairs: tenprintPairs },
  { name: "NBIS mindtct + bozorth3", home: NBIS, pairs: nbisPairs },
  { name: "SourceAFIS 3.18.1 (Java)", home: SOURCEAFIS, pairs: sourceafisPairs },
];

function evaluateFvc(): void {
  if (!existsSync(DATA)) {
    console.log(`real prints not found at ${DATA}; FVC2002 B skipped.`);
    return;
  }
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as EvaluationSetManifest;
  const databases = [...new Set(manifest.entries.map((entry) => entry.database))];
  const decoded = new Map(
    databases.map((database) => {
      const entries = manifest.entries.filter((entry) => entry.database === database);
      return [database, { entries, samples: fvcSamples(entries) }] as const;
    }),
  );
  console.log(`${manifest.rule}`);
  console.log(
    "| engine | database | tuning EER | validation EER | validation ÷ tuning | two random halves: larger ÷ smaller EER, median / 90th pct | all ten fingers EER |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const engine of ENGINES) {
    const sums: Record<EvaluationSet | "all", number> = { tuning: 0, validation: 0, all: 0 };
    let measured = 0;
    for (const database of databases) {
      const { entries, samples } = decoded.get(database) ?? { entries: [], samples: [] };
      const pairs = engine.pairs(samples);
      if (!pairs) {
        console.log(
          `| ${engine.name} | skipped: not built under ${engine.home} (recipe in docs/benchmarks.md) | | | | | |`,
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
      const fingers = [...new Set(entries.map((entry) => entry.finger))].sort();
      const spread = chanceSpread(pairs, fingers);
      const all = setRates(pairs, new Set(fingers)).eer;
      sums.all += all;
      console.log(
        `| ${engine.name} | ${database} | ${pct(tuning)} | ${pct(validation)} | ${times(validation / tuning)} | ${times(spread.median)} / ${times(spread.p90)} | ${pct(all)} |`,
      );
    }
    if (measured === databases.length) {
      const [tuning, validation] = [sums.tuning / measured, sums.validation / measured];
      console.log(
        `| ${engine.name} | **average** | ${pct(tuning)} | ${pct(validation)} | ${times(validation / tuning)} | | ${pct(sums.all / measured)} |`,
      );
    }
  }
}

/**
 * A further public set, never tuned on: every finger is validation. Its images stay outside the
 * repository (under EXTRA_ROOT); the manifest records where they came from, their licence and hashes.
 */
interface ExtraDatabase {
  readonly name: string;
  /** Folder under the extra root holding `FINGER_IMPRESSION.ext` images. */
  readonly folder: string;
  readonly ppi: number;
  readonly ppiNote: string;
  readonly source: string;
  readonly licence: string;
  readonly sensor: string;
  readonly files: readonly { readonly path: string; readonly finger: string; readonly sha256: string }[];
}

function readExtraManifest(): ExtraDatabase[] {
  return (JSON.parse(readFileSync(EXTRA_MANIFEST, "utf8")) as { databases: ExtraDatabase[] }).databases;
}

/** Re-lists each extra database's files and hashes from its folder (names, sources and licences kept). */
function writeExtraManifest(): void {
  const databases = readExtraManifest().map((database) => {
    const folder = join(EXTRA_ROOT, database.folder);
    if (!existsSync(folder)) {
      // A set another machine placed stays listed as it was: its hashes are the record of what was used.
      console.log(`extra set ${database.name} not found at ${folder}; its listing is kept as it was.`);
      return database;
    }
    const files = (listFvcFiles(folder).get(".") ?? []).map((file) => ({
      path: file.path,
      finger: file.finger,
      sha256: createHash("sha256")
        .update(readFileSync(join(folder, file.path)))
        .digest("hex"),
    }));
    return { ...database, files };
  });
  writeFileSync(EXTRA_MANIFEST, `${JSON.stringify({ databases }, null, 2)}\n`);
  console.log(`wrote ${EXTRA_MANIFEST}: ${databases.map((d) => `${d.name} ${d.files.length}`).join(", ")}`);
}

function evaluateExtra(): void {
  const databases = readExtraManifest();
  const present = databases.filter((database) => existsSync(join(EXTRA_ROOT, database.folder)));
  for (const database of databases.filter((d) => !present.includes(d))) {
    console.log(
      `extra set ${database.name} not found at ${join(EXTRA_ROOT, database.folder)} (source: ${database.source}); skipped.`,
    );
  }
  if (present.length === 0) return;
  console.log("");
  console.log("Further public sets, never tuned on (all fingers validation; FVC protocol inside each):");
  console.log(
    "| engine | database | fingers × impressions | genuine / impostor pairs | validation EER | FMR100 |",
  );
  console.log("|---|---|---|---|---|---|");
  const decoded = present.map((database) => ({
    database,
    samples: database.files.map((file) => ({
      finger: file.finger,
      impression: impressionOf(file.path),
      name: file.path,
      image: decodeChecked(join(EXTRA_ROOT, database.folder, file.path), file.sha256, database.ppi),
    })),
  }));
  for (const engine of ENGINES) {
    for (const { database, samples } of decoded) {
      const pairs = engine.pairs(samples);
      if (!pairs) {
        console.log(`| ${engine.name} | skipped: not built under ${engine.home} | | | | |`);
        break;
      }
      const fingers = new Set(samples.map((sample) => sample.finger));
      const rates = setRates(pairs, fingers);
      const genuine = pairs.filter((pair) => pair.a === pair.b).length;
      console.log(
        `| ${engine.name} | ${database.name} | ${fingers.size} × ${Math.round(samples.length / fingers.size)} | ${genuine} / ${pairs.length - genuine} | ${pct(rates.eer)} | ${pct(rates.fmr100)} |`,
      );
    }
  }
}

function evaluate(): void {
  console.log(
    `load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}`,
  );
  evaluateFvc();
  evaluateExtra();
}

if (process.argv.includes("--write-manifest")) writeManifest();
else if (process.argv.includes("--write-extra-manifest")) writeExtraManifest();
else evaluate();
