import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  calibratedFmr,
  ExtractionError,
  extractTemplate,
  FingerprintMatcher,
  type FingerprintTemplate,
  type FvcResult,
  listFvcFiles,
  type ProbeFinger,
  ppiForDatabase,
  readTemplate,
  runFvcProtocol,
  type SearchResult,
  sniffTemplateFormat,
  TemplateError,
  type TemplateFormat,
  TenprintGallery,
  thresholdForFmr,
  writeTemplate,
} from "@tenprint/afis";
import { NistError, WsqError } from "@tenprint/nist";
import { decodeImage, ImageError } from "@tenprint/nist/image";
import { syntheticTemplate } from "@tenprint/synth";
import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_COMPARE_FMR } from "../cli-parameters.js";
import { invalidInput, readInput, writeOutput } from "./cli-errors.js";

const FORMATS: readonly TemplateFormat[] = ["tenprint", "iso19794-2", "ansi378"];

export function registerAfisCommands(program: Command): void {
  const afis = program
    .command("afis")
    .description("fingerprint engine: extract, compare, evaluate, identify, benchmark");

  afis
    .command("extract")
    .description("extract a minutiae template from a fingerprint image")
    .argument("<image>", "PNG, JPEG, TIFF, BMP, PGM or WSQ image")
    .option("--ppi <n>", "scanning resolution (overrides the file's)", parsePositive)
    .addOption(new Option("--format <format>", "template format").choices(FORMATS).default("tenprint"))
    .requiredOption("-o, --output <file>", "template file to write")
    .action(async (image: string, options: { ppi?: number; format: TemplateFormat; output: string }) => {
      const template = await loadFingerprint(image, options.ppi);
      const bytes = writeTemplate(template, options.format);
      await writeOutput(options.output, bytes);
      process.stdout.write(
        `${options.output}: ${options.format}, ${template.minutiae.length} minutiae, quality ${template.quality}, ${bytes.length} bytes\n`,
      );
    });

  afis
    .command("compare")
    .description(
      "compare two fingerprints (images or templates, recognised by content): the score, its estimated FMR and the verdict at the calibrated threshold; exit 0 match, 1 no match",
    )
    .argument("<a>", "probe image or template")
    .argument("<b>", "candidate image or template")
    .option("--ppi <n>", "resolution of image inputs", parsePositive)
    .option(
      "--fmr <rate>",
      `false-match rate the verdict is decided at (default ${DEFAULT_COMPARE_FMR})`,
      parseRate,
      DEFAULT_COMPARE_FMR,
    )
    .option("--explain", "also print the paired minutiae and the alignment")
    .option("--json", "print {score, fmr, extrapolated, match, verdict, threshold, thresholdFmr} as JSON")
    .action(
      async (
        a: string,
        b: string,
        options: { ppi?: number; fmr: number; explain?: boolean; json?: boolean },
      ) => {
        const [probe, candidate] = [
          await loadFingerprint(a, options.ppi),
          await loadFingerprint(b, options.ppi),
        ];
        const explanation = new FingerprintMatcher(probe).explain(candidate);
        const { fmr, extrapolated } = calibratedFmr(explanation.score);
        const threshold = thresholdForFmr(options.fmr);
        const match = explanation.score >= threshold;
        const verdict = match ? "match" : "no match";
        if (!match) process.exitCode = 1;
        if (options.json) {
          const pairs = explanation.pairs.map((p) => ({
            probe: probe.minutiae[p.probe],
            candidate: candidate.minutiae[p.candidate],
          }));
          process.stdout.write(
            `${JSON.stringify({ score: explanation.score, fmr, extrapolated, match, verdict, threshold, thresholdFmr: options.fmr, ...(options.explain ? { pairs, alignment: explanation.alignment, supportedEdges: explanation.supportedEdges } : {}) })}\n`,
          );
          return;
        }
        const estimate = extrapolated
          ? `FMR <= ${fmr.toExponential(2)}, beyond the calibrated range`
          : `estimated FMR ${fmr.toExponential(2)}`;
        process.stdout.write(
          `${verdict} at FMR ${options.fmr} (threshold ${threshold.toFixed(3)}): score ${explanation.score.toFixed(3)} (${estimate})\n`,
        );
        if (!options.explain) return;
        const al = explanation.alignment;
        process.stdout.write(
          al
            ? `alignment: rotate candidate ${((al.rotation * 180) / Math.PI).toFixed(1)}° counter-clockwise, then shift (${al.dx.toFixed(1)}, ${al.dy.toFixed(1)}) px\n`
            : "alignment: none (fewer than 2 pairs)\n",
        );
        process.stdout.write(
          `${explanation.pairs.length} paired minutiae, ${explanation.supportedEdges} supporting edges:\n`,
        );
        for (const pair of explanation.pairs) {
          const p = probe.minutiae[pair.probe]!;
          const c = candidate.minutiae[pair.candidate]!;
          process.stdout.write(
            `  probe #${pair.probe} (${p.x.toFixed(0)}, ${p.y.toFixed(0)}) ${p.type} <-> candidate #${pair.candidate} (${c.x.toFixed(0)}, ${c.y.toFixed(0)}) ${c.type}\n`,
          );
        }
      },
    );

  afis
    .command("eval")
    .description(
      "FVC protocol on every FFF_I.<ext> image or template under DIR, one database per folder: genuine = all impression pairs of a finger, impostor = every cross-finger pair (classic set: first impressions only)",
    )
    .argument("<dir>", "folder tree of FVC-named images")
    .option("--ppi <n>", "resolution of every database (overrides the known-dataset table)", parsePositive)
    .option(
      "--ppi-map <list>",
      "per-database resolution, e.g. DB2_B=569,DB1_B=500 (folder name or relative path); default: FVC2002 DB2 = 569, else 500",
      parsePpiMap,
    )
    .option("--json", "print JSON")
    .option("--scores <file>", "write one line per compared pair: relative/path/A relative/path/B score")
    .action(
      async (
        dir: string,
        options: { ppi?: number; ppiMap?: Map<string, number>; json?: boolean; scores?: string },
      ) => {
        await evaluate(dir, options);
      },
    );

  afis
    .command("identify")
    .description(
      "search a probe (one finger, or a folder of fingers named by position) against a gallery folder: one sub-folder per identity holding files named by finger position (01.tif … 10.iso; 'plain' in the name marks a plain impression), or files IDENTITY_POSITION.<ext>",
    )
    .argument("<probe>", "probe image/template, or folder of them named by position")
    .requiredOption("--gallery <dir>", "gallery folder")
    .option(
      "--position <n>",
      "finger position of a single-file probe (0 = unknown, compared with all)",
      parseNonNegative,
      0,
    )
    .option("--ppi <n>", "resolution of image inputs", parsePositive)
    .option("--top <n>", "candidates to list", parsePositive, 5)
    .option("--workers <n>", "worker threads", parseNonNegative)
    .option("--json", "print JSON")
    .action(
      async (
        probePath: string,
        options: {
          gallery: string;
          position: number;
          ppi?: number;
          top: number;
          workers?: number;
          json?: boolean;
        },
      ) => {
        const gallery = new TenprintGallery(
          options.workers === undefined ? {} : { workers: options.workers },
        );
        try {
          const enrolled = new Map<
            string,
            { position: number; template: FingerprintTemplate; plain: boolean }[]
          >();
          for (const entry of listGallery(options.gallery)) {
            const fingers = enrolled.get(entry.identity) ?? [];
            fingers.push({
              position: entry.position,
              plain: entry.plain,
              template: await loadFingerprint(entry.path, options.ppi),
            });
            enrolled.set(entry.identity, fingers);
          }
          for (const [identity, fingers] of enrolled) gallery.enrol(identity, fingers);
          const probe = await loadProbe(probePath, options.position, options.ppi);
          const result = await gallery.search(probe, { maxCandidates: options.top });
          process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : describeSearch(result));
        } finally {
          await gallery.close();
        }
      },
    );

  afis
    .command("bench")
    .description("short speed benchmark on synthetic templates (full figures: packages/afis/bench/*.ts)")
    .option("--identities <n>", "synthetic tenprint identities in the search gallery", parsePositive, 2000)
    .option("--workers <n>", "worker threads for search", parseNonNegative, 2)
    .option("--json", "print the figures as one JSON object")
    .action(async (options: { identities: number; workers: number; json?: boolean }) => {
      const figures = await bench(options.identities, options.workers);
      process.stdout.write(options.json ? `${JSON.stringify(figures)}\n` : describeBench(figures));
    });
}

async function evaluate(
  dir: string,
  options: { ppi?: number; ppiMap?: Map<string, number>; json?: boolean; scores?: string },
): Promise<void> {
  const databases = listFvcFiles(dir);
  if (databases.size === 0) fail(`${dir}: no FFF_I.<ext> images or templates found`);
  const results: { database: string; ppi: number; extractMs: number; result: FvcResult }[] = [];
  const scoreLines: string[] = [];
  for (const [database, files] of databases) {
    const ppi = options.ppi ?? ppiForDatabase(database, options.ppiMap);
    let extractMs = 0;
    const samples = [];
    for (const file of files) {
      const started = performance.now();
      const template = await loadFingerprint(join(dir, file.path), ppi);
      extractMs += performance.now() - started;
      samples.push({ finger: file.finger, impression: file.impression, name: file.path, template });
    }
    process.stderr.write(`${database}: ${files.length} samples at ${ppi} ppi\n`);
    const result = runFvcProtocol(samples);
    results.push({ database, ppi, extractMs: extractMs / files.length, result });
    for (const pair of result.pairs) scoreLines.push(`${pair.a} ${pair.b} ${pair.score.toFixed(4)}`);
  }
  if (options.scores) await writeOutput(options.scores, `${scoreLines.join("\n")}\n`);
  const mean = (f: (r: FvcResult) => number) => results.reduce((s, r) => s + f(r.result), 0) / results.length;
  const average = {
    eer: mean((r) => r.all.eer),
    fmr100: mean((r) => r.all.fmr100),
    fmr1000: mean((r) => r.all.fmr1000),
    zeroFmr: mean((r) => r.all.zeroFmr),
    classicEer: mean((r) => r.classic.eer),
  };
  if (options.json) {
    const databasesJson = results.map(({ database, ppi, extractMs, result }) => ({
      database,
      ppi,
      all: result.all,
      classic: result.classic,
      loadMsPerSample: extractMs,
      compareUsPerPair: (result.compareMs * 1000) / result.pairs.length,
    }));
    process.stdout.write(`${JSON.stringify({ databases: databasesJson, average })}\n`);
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`.padStart(8);
  process.stdout.write(
    "database      ppi  EER(all)   FMR100  FMR1000  ZeroFMR  EER(FVC classic)  load ms/sample  µs/compare\n",
  );
  for (const { database, ppi, extractMs, result } of results) {
    process.stdout.write(
      `${database.padEnd(12)} ${String(ppi).padStart(4)} ${pct(result.all.eer)} ${pct(result.all.fmr100)} ${pct(result.all.fmr1000)} ${pct(result.all.zeroFmr)}  ${pct(result.classic.eer)}  ${extractMs.toFixed(1).padStart(14)}  ${((result.compareMs * 1000) / result.pairs.length).toFixed(1).padStart(10)}\n`,
    );
  }
  process.stdout.write(
    `${"average".padEnd(17)} ${pct(average.eer)} ${pct(average.fmr100)} ${pct(average.fmr1000)} ${pct(average.zeroFmr)}  ${pct(average.classicEer)}\n`,
  );
}

interface GalleryEntry {
  readonly identity: string;
  readonly position: number;
  readonly plain: boolean;
  readonly path: string;
}

const POSITION_FILE = /^(\d{1,2})(?:[_-].*)?\.[a-z0-9]+$/i;
const IDENTITY_FILE = /^(.+)_(\d{1,2})\.[a-z0-9]+$/i;

function listGallery(dir: string): GalleryEntry[] {
  const entries: GalleryEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      for (const inner of readdirSync(path).sort()) {
        const match = POSITION_FILE.exec(inner);
        if (match)
          entries.push({
            identity: name,
            position: Number(match[1]),
            plain: /plain/i.test(inner),
            path: join(path, inner),
          });
      }
      continue;
    }
    const match = IDENTITY_FILE.exec(name);
    if (match)
      entries.push({ identity: match[1]!, position: Number(match[2]), plain: /plain/i.test(name), path });
  }
  if (entries.length === 0)
    fail(`${dir}: no gallery fingers found (expected IDENTITY/NN.<ext> or IDENTITY_NN.<ext>)`);
  for (const entry of entries) {
    if (entry.position < 1 || entry.position > 10)
      fail(`${entry.path}: finger position ${entry.position} is not 1–10`);
  }
  return entries;
}

async function loadProbe(path: string, position: number, ppi: number | undefined): Promise<ProbeFinger[]> {
  if (!statSync(path).isDirectory()) return [{ position, template: await loadFingerprint(path, ppi) }];
  const fingers: ProbeFinger[] = [];
  for (const name of readdirSync(path).sort()) {
    const match = POSITION_FILE.exec(name);
    if (!match) continue;
    const p = Number(match[1]);
    if (fingers.some((f) => f.position === p)) continue;
    fingers.push({ position: p, template: await loadFingerprint(join(path, name), ppi) });
  }
  if (fingers.length === 0) fail(`${path}: no probe fingers named by position (01.<ext> … 10.<ext>)`);
  return fingers;
}

function describeSearch(result: SearchResult): string {
  const lines = [
    `gallery ${result.gallerySize} identities; ${result.comparisons} finger comparisons (penetration ${(result.penetration * 100).toFixed(2)} %), filter ${result.filterMs.toFixed(0)} ms, match ${result.matchMs.toFixed(0)} ms`,
  ];
  result.candidates.forEach((c, i) => {
    const fingers = c.fingers.map((f) => `${f.position}:${f.score.toFixed(1)}`).join(" ");
    lines.push(
      `${i + 1}. ${c.identity}  fused ${c.fusedScore.toFixed(2)}  FPIR ${c.extrapolated ? "<= " : ""}${c.fpir.toExponential(2)}  fingers ${fingers}`,
    );
  });
  if (result.candidates.length === 0) lines.push("no candidates");
  return `${lines.join("\n")}\n`;
}

interface BenchFigures {
  readonly comparisonsPerSecond: number;
  readonly enrolmentFingersPerSecond: number;
  readonly identities: number;
  readonly workers: number;
  readonly searchMedianMs: number;
  readonly rank1: number;
  readonly searches: number;
}

async function bench(identities: number, workers: number): Promise<BenchFigures> {
  // Plain impressions of synthetic fingers (@tenprint/synth); the probe is another impression of the first.
  const templates = Array.from({ length: 200 }, (_, identity) =>
    syntheticTemplate({ seed: 1, identity, impression: 1 }),
  );
  const matcher = new FingerprintMatcher(syntheticTemplate({ seed: 1, identity: 0, impression: 2 }));
  for (const t of templates) matcher.compare(t);
  let started = performance.now();
  let compared = 0;
  while (performance.now() - started < 1000) {
    for (const t of templates) matcher.compare(t);
    compared += templates.length;
  }
  const comparisonsPerSecond = (compared * 1000) / (performance.now() - started);
  const gallery = new TenprintGallery({ workers });
  try {
    const fingers = (i: number, impression: number) =>
      Array.from({ length: 10 }, (_, k) => ({
        position: k + 1,
        template: syntheticTemplate({ seed: 1, identity: i, finger: k + 1, impression }),
      }));
    started = performance.now();
    for (let i = 0; i < identities; i++) gallery.enrol(`id-${i}`, fingers(i, 1));
    const enrolmentFingersPerSecond = (identities * 10 * 1000) / (performance.now() - started);
    await gallery.search(fingers(0, 2));
    const times: number[] = [];
    let rank1 = 0;
    for (let p = 1; p <= 5; p++) {
      const result = await gallery.search(fingers(p, 2));
      times.push(result.filterMs + result.matchMs);
      if (result.candidates[0]?.identity === `id-${p}`) rank1++;
    }
    times.sort((x, y) => x - y);
    return {
      comparisonsPerSecond,
      enrolmentFingersPerSecond,
      identities,
      workers,
      searchMedianMs: times[2]!,
      rank1,
      searches: times.length,
    };
  } finally {
    await gallery.close();
  }
}

function describeBench(figures: BenchFigures): string {
  return [
    `1:1 matcher: ${figures.comparisonsPerSecond.toFixed(0)} comparisons/s on one core (templates prepared on the fly)`,
    `enrolment: ${figures.enrolmentFingersPerSecond.toFixed(0)} fingers/s`,
    `tenprint search over ${figures.identities} identities on ${figures.workers} workers: median ${figures.searchMedianMs.toFixed(0)} ms, rank-1 ${figures.rank1}/${figures.searches}`,
    "",
  ].join("\n");
}

/** What the afis commands read, for a file that is none of it. */
const READABLE =
  "expected a PNG, JPEG, TIFF, BMP, PGM or WSQ image, or a tenprint, ISO/IEC 19794-2 or ANSI INCITS 378 template " +
  "(headerless 8-bit gray: make it a WSQ first with `tenprint wsq encode IN OUT.wsq --raw WxH`)";

/**
 * An image or a template file, recognised by content: a missing file ends the command with exit 2, an
 * unreadable one with exit 1.
 */
async function loadFingerprint(path: string, ppi: number | undefined): Promise<FingerprintTemplate> {
  const bytes = await readInput(path);
  try {
    if (sniffTemplateFormat(bytes) !== null) return readTemplate(bytes);
    return extractTemplate(decodeImage(bytes, ppi === undefined ? {} : { ppi }));
  } catch (error) {
    if (error instanceof ImageError && error.format === "unknown") {
      const first = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
      throw invalidInput(`${path}: not a fingerprint image or template (first bytes ${first}); ${READABLE}`);
    }
    if (
      error instanceof TemplateError ||
      error instanceof ExtractionError ||
      error instanceof ImageError ||
      error instanceof WsqError ||
      error instanceof NistError
    ) {
      throw invalidInput(`${path}: ${error.message}`, error);
    }
    throw error;
  }
}

function fail(message: string): never {
  throw invalidInput(message);
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

function parseRate(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1))
    throw new InvalidArgumentError(`expected a rate between 0 and 1 such as 1e-4, got "${value}"`);
  return n;
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 0))
    throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return n;
}

function parsePpiMap(value: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of value.split(",")) {
    const [key, ppi] = item.split("=");
    if (!key || !ppi || !(Number(ppi) > 0)) {
      throw new InvalidArgumentError(`expects NAME=PPI[,NAME=PPI…], got "${item}"`);
    }
    map.set(key.trim(), Number(ppi));
  }
  return map;
}
