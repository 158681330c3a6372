/**
 * Where a booking's extraction CPU goes, stage by stage: the ten rolled prints of each booking cached by
 * booking-cpu.ts (run it first with the same --bookings) are decoded once, then extracted with the
 * stages of afis's extract-template.ts called one by one, each timed with process CPU time (user +
 * system). Prints per stage the median over booking-rounds of its CPU per booking, and checks that the
 * stages together give extractTemplate's templates (same SHA-256 as booking-cpu.ts prints).
 *
 * Run: npx tsx --conditions=@tenprint/source packages/hub/bench/booking-stages.ts [--bookings 6] [--rounds 3]
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { extractTemplate, type FingerprintTemplate, writeTenprintTemplate } from "@tenprint/afis";
import { type GrayImage, parseTransaction } from "@tenprint/nist";
import { decodeImage } from "@tenprint/nist/image";
// The stages are afis internals, reached by path: this bench mirrors extract-template.ts.
import { binarizeBits } from "../../afis/src/extractor/binarization.js";
import { computeCellContrast } from "../../afis/src/extractor/cell-contrast.js";
import { cellGridFor } from "../../afis/src/extractor/cell-grid.js";
import { EXTRACTOR_PARAMETERS as P } from "../../afis/src/extractor/extractor-parameters.js";
import { borderDistance, computeForegroundMask } from "../../afis/src/extractor/foreground-mask.js";
import { computeCellQuality, computeImageQuality } from "../../afis/src/extractor/image-quality.js";
import { collectMinutiae } from "../../afis/src/extractor/minutiae-collection.js";
import { computeOrientationField } from "../../afis/src/extractor/orientation-field.js";
import { resampleToPpi } from "../../afis/src/extractor/resample-image.js";
import { enhanceRidges } from "../../afis/src/extractor/ridge-enhancement.js";
import { filterSkeleton } from "../../afis/src/extractor/skeleton-filters.js";
import { skeletonGraphOf } from "../../afis/src/extractor/skeleton-graph.js";
import { thinBits } from "../../afis/src/extractor/thinning.js";
import { decodeOptions } from "../src/services/probe-image.js";
import { probeImages } from "../src/services/submission-probe.js";

const { values } = parseArgs({
  options: {
    bookings: { type: "string", default: "6" },
    rounds: { type: "string", default: "3" },
  },
});
const bookingCount = Number(values.bookings);
const rounds = Number(values.rounds);

const STAGES = [
  "resample",
  "orientation field",
  "contrast, mask, quality",
  "enhancement (with ridge period)",
  "binarisation",
  "thinning",
  "skeleton graph",
  "skeleton filters",
  "minutiae (border distance, collection)",
  "template encoding",
] as const;
type Stage = (typeof STAGES)[number];

const dir = join(tmpdir(), `tenprint-booking-cpu-cars-${bookingCount}`);
const paths = Array.from({ length: bookingCount }, (_, i) => join(dir, `booking-${i}.eft`));
if (!paths.every((path) => existsSync(path))) {
  console.error(`no cached bookings in ${dir}: run booking-cpu.ts --bookings ${bookingCount} first`);
  process.exit(1);
}
const decoded: GrayImage[][] = paths.map((path) =>
  probeImages(parseTransaction(new Uint8Array(readFileSync(path)))).map((image) =>
    decodeImage(image.data, decodeOptions(image)),
  ),
);

let spent: Record<Stage, number>;
function timed<T>(stage: Stage, run: () => T): T {
  const start = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(start);
  spent[stage] += (used.user + used.system) / 1000;
  return result;
}

/** extract-template.ts extractWithParameters for a 500 ppi image, stage by stage. */
function extractByStages(image: GrayImage): Uint8Array {
  const raster = timed("resample", () => resampleToPpi(image, 500));
  const { width, height } = raster;
  const grid = cellGridFor(width, height, P.cellSize);
  const orientation = timed("orientation field", () =>
    computeOrientationField(raster, grid, P.orientationSmoothingCells),
  );
  const { mask, cellQuality, quality } = timed("contrast, mask, quality", () => {
    const contrast = computeCellContrast(raster, grid, P.contrastWindowCells);
    const mask = computeForegroundMask(grid, contrast, orientation.coherence, P);
    const cellQuality = computeCellQuality(orientation.coherence, contrast, mask, P);
    return { mask, cellQuality, quality: computeImageQuality(cellQuality, mask, grid.cellSize, P) };
  });
  if (quality === 0) throw new Error("a booking print of quality 0");
  const { enhanced } = timed("enhancement (with ridge period)", () =>
    enhanceRidges(raster, grid, orientation.angle, mask, P, false, true),
  );
  const binary = timed("binarisation", () =>
    binarizeBits(enhanced, width, height, grid, mask, P.binaryVoteRadius, P.binaryVoteMajority),
  );
  const [ridgeSkeleton, valleySkeleton] = timed("thinning", () => [
    thinBits(binary.ridges, P.maxThinningIterations),
    thinBits(binary.valleys, P.maxThinningIterations),
  ]);
  const [ridges, valleys] = timed("skeleton graph", () => [
    skeletonGraphOf(ridgeSkeleton!, width, height),
    skeletonGraphOf(valleySkeleton!, width, height),
  ]);
  timed("skeleton filters", () => {
    filterSkeleton(ridges!, P);
    filterSkeleton(valleys!, P);
  });
  const minutiae = timed("minutiae (border distance, collection)", () => {
    const context = { grid, borderDistance: borderDistance(mask, grid), cellQuality };
    const found = collectMinutiae(ridges!, valleys!, context, P);
    return found.length <= P.maxMinutiae
      ? found
      : [...found].sort((a, b) => b.quality - a.quality).slice(0, P.maxMinutiae);
  });
  const template: FingerprintTemplate = { width, height, minutiae, quality };
  return timed("template encoding", () => writeTenprintTemplate(template));
}

const reference = createHash("sha256");
const staged = createHash("sha256");
for (const images of decoded) {
  for (const image of images) {
    reference.update(writeTenprintTemplate(extractTemplate(image)));
    spent = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
    staged.update(extractByStages(image));
  }
}
const referenceDigest = reference.digest("hex").slice(0, 16);
const stagedDigest = staged.digest("hex").slice(0, 16);
if (referenceDigest !== stagedDigest) {
  console.error(`the stages give ${stagedDigest}, extractTemplate ${referenceDigest}: update this bench`);
  process.exit(1);
}

const perBooking: Record<Stage, number[]> = Object.fromEntries(STAGES.map((stage) => [stage, []])) as never;
const totals: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const images of decoded) {
    spent = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
    for (const image of images) extractByStages(image);
    let total = 0;
    for (const stage of STAGES) {
      perBooking[stage].push(spent[stage]);
      total += spent[stage];
    }
    totals.push(total);
  }
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

console.log(
  `${decoded.length} bookings × ${rounds} rounds, 10 rolled prints each; load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")}`,
);
console.log("stage: median ms CPU per booking (share of the sum of medians)");
const medians = STAGES.map((stage) => median(perBooking[stage]));
const sum = medians.reduce((a, b) => a + b, 0);
for (const [i, stage] of STAGES.entries())
  console.log(`  ${stage}: ${medians[i]!.toFixed(1)} ms (${((100 * medians[i]!) / sum).toFixed(0)} %)`);
console.log(`extraction, all stages: median ${median(totals).toFixed(0)} ms CPU per booking`);
console.log(`templates: sha256 ${stagedDigest} (equal to extractTemplate's)`);
