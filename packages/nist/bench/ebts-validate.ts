/**
 * Speed of EBTS profile validation and of building a CAR, on a synthetic 14-image booking built here and
 * on the NBIS AN2K test files when present.
 * Usage: npx tsx packages/nist/bench/ebts-validate.ts [--runs 9]
 * Prints the median of the runs; each run repeats the operation for ~100 ms. No peer is measured: no
 * open-source EBTS validator runs on this machine (OpenEBTS is a Windows/C++ SDK).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type BookingSubmission,
  buildCar,
  type FingerImage,
  type NistTransaction,
  parseTransaction,
  validateTransaction,
} from "../src/index.js";

const DATA_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/data/fingerprints/nbis-an2k-testdata",
);
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 9;
const RUN_MS = 100;

/** Median time per call in microseconds over RUNS runs of ~RUN_MS each. */
function medianMicros(operation: () => void): number {
  const perCall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < RUN_MS) {
      operation();
      calls++;
      elapsed = performance.now() - start;
    }
    perCall.push((elapsed * 1000) / calls);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)] ?? 0;
}

function syntheticFinger(fgp: number): FingerImage {
  const data = new Uint8Array(400 * 500);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + fgp) % 256;
  return {
    fgp: fgp as FingerImage["fgp"],
    imp: 1,
    width: 400,
    height: 500,
    ppi: 500,
    compression: "NONE",
    data,
  };
}

const booking: BookingSubmission = {
  header: { ori: "ZZ0000000", dai: "ZZIAFIS0Z", tcn: "SYNTH-BENCH-000001", date: "20260115" },
  subject: {
    name: { surname: "Bench", given: "Synthetic" },
    dateOfBirth: "19900101",
    sex: "X",
    race: "U",
    heightInches: 68,
    weightPounds: 160,
    eyeColor: "XXX",
    hairColor: "XXX",
    placeOfBirth: "ZZ",
  },
  arrest: {
    date: "20260114",
    bookingAgencyOri: "ZZ0010000",
    charges: Array.from({ length: 5 }, (_, i) => ({
      ncic: "2399" as const,
      literal: `SYNTHETIC CHARGE ${i}`,
    })),
  },
  fingers: Array.from({ length: 14 }, (_, i) => syntheticFinger(i + 1)),
};

const car = buildCar(booking);
console.log(`runs: ${RUNS} x ~${RUN_MS} ms, median per call`);
console.log(
  `buildCar (14 x 400x500 raw images, 5 charges): ${medianMicros(() => buildCar(booking)).toFixed(1)} µs`,
);
console.log(
  `validateTransaction (that CAR, ${car.records.length} records): ${medianMicros(() => validateTransaction(car)).toFixed(1)} µs`,
);

if (existsSync(DATA_DIR)) {
  const transactions: NistTransaction[] = readdirSync(DATA_DIR)
    .filter((name) => name.endsWith(".an2"))
    .sort()
    .map((name) => parseTransaction(new Uint8Array(readFileSync(join(DATA_DIR, name)))));
  const problems = transactions.reduce((sum, tx) => sum + validateTransaction(tx).length, 0);
  const micros = medianMicros(() => {
    for (const tx of transactions) validateTransaction(tx);
  });
  console.log(
    `validateTransaction over ${transactions.length} NBIS files (${problems} problems): ${(micros / transactions.length).toFixed(1)} µs per file`,
  );
} else {
  console.log(`NBIS AN2K files not found at ${DATA_DIR}: skipped`);
}
