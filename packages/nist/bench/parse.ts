/**
 * Throughput of the traditional-encoding reader and writer over the NBIS AN2K test files.
 * Usage: npx tsx packages/nist/bench/parse.ts [--runs 9]
 * Prints the median of the runs; each run parses (or rewrites) every file enough times to last ~100 ms.
 *
 * Peer: when a harness around NIST NBIS's an2k library (scan_ANSI_NIST from memory, write_ANSI_NIST to
 * a memory stream; it prints "parseSeconds writeSeconds totalBytes" for the files on its command line)
 * has been built outside the repository, at $NBIS_AN2K_BENCH (default: under the NBIS build in the peers
 * folder), the same files are timed with it in the same run and the ratios are printed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type NistTransaction, parseTransaction, serializeTransaction } from "../src/index.js";

const DATA_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/data/fingerprints/nbis-an2k-testdata",
);
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 9;
const RUN_MS = 100;

if (!existsSync(DATA_DIR)) {
  console.log(`NBIS AN2K files not found at ${DATA_DIR}: nothing to measure`);
  process.exit(0);
}

const paths = readdirSync(DATA_DIR)
  .filter((name) => name.endsWith(".an2"))
  .sort()
  .map((name) => join(DATA_DIR, name));
const files = paths.map((path) => new Uint8Array(readFileSync(path)));
const totalBytes = files.reduce((sum, bytes) => sum + bytes.length, 0);
const parsed = files.map((bytes) => parseTransaction(bytes));
const records = parsed.reduce((sum, transaction) => sum + transaction.records.length, 0);
const textFields = parsed.reduce(
  (sum, transaction) =>
    sum +
    transaction.records.reduce((n, record) => n + (record.kind === "tagged" ? record.fields.length : 0), 0),
  0,
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median seconds for one pass over all files. */
function measure(pass: () => void): number {
  const calibrate = performance.now();
  pass();
  const passes = Math.max(1, Math.round(RUN_MS / Math.max(0.01, performance.now() - calibrate)));
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    for (let i = 0; i < passes; i++) pass();
    samples.push((performance.now() - start) / 1000 / passes);
  }
  return median(samples);
}

let sink = 0;
const parseAll = () => {
  for (const bytes of files) sink += parseTransaction(bytes).records.length;
};
// NBIS copies image bytes out of the file; this pass does the same work for a like-for-like figure.
const parseCopyAll = () => {
  for (const bytes of files) {
    for (const record of parseTransaction(bytes).records) {
      if (record.kind === "binary") sink += record.data.slice().length;
      else for (const field of record.fields) if (field.kind === "data") sink += field.data.slice().length;
    }
  }
};
const writeAll = () => {
  for (const transaction of parsed) sink += serializeTransaction(transaction).length;
};
const roundTripAll = () => {
  for (const bytes of files) sink += serializeTransaction(parseTransaction(bytes) as NistTransaction).length;
};

const mb = totalBytes / 1e6;
console.log(
  `${files.length} NBIS files, ${mb.toFixed(2)} MB, ${records} records, ${textFields} tagged fields; median of ${RUNS} runs`,
);
const ours = new Map<string, number>();
for (const [label, pass] of [
  ["parse", parseAll],
  ["parse + copy data", parseCopyAll],
  ["rewrite (serialize)", writeAll],
  ["parse + rewrite", roundTripAll],
] as const) {
  const seconds = measure(pass);
  ours.set(label, seconds);
  console.log(
    `${label.padEnd(20)} ${(mb / seconds).toFixed(0).padStart(7)} MB/s  ${(records / seconds).toFixed(0).padStart(9)} records/s  ${(seconds * 1000).toFixed(3)} ms per pass`,
  );
}

const peer = process.env.NBIS_AN2K_BENCH ?? "/work/peers/nbis/build/an2k_bench";
if (!existsSync(peer)) {
  console.log(`NBIS an2k harness not found at ${peer}: no peer figures`);
} else {
  const result = spawnSync(peer, paths, { encoding: "utf8" });
  const [parseSeconds, writeSeconds] = result.stdout.trim().split(/\s+/).map(Number);
  if (result.status !== 0 || parseSeconds === undefined || writeSeconds === undefined) {
    console.log(`NBIS an2k harness failed: ${result.stderr.trim()}`);
  } else {
    for (const [label, seconds, mine] of [
      ["parse", parseSeconds, ours.get("parse + copy data")],
      ["rewrite (serialize)", writeSeconds, ours.get("rewrite (serialize)")],
    ] as const) {
      console.log(
        `NBIS an2k ${label.padEnd(20)} ${(mb / seconds).toFixed(0).padStart(7)} MB/s  ${(seconds * 1000).toFixed(3)} ms per pass  (tenprint ${label === "parse" ? "parse + copy data" : label} is ${(seconds / (mine ?? seconds)).toFixed(1)}x as fast)`,
      );
    }
  }
}
if (sink < 0) console.log(sink);
