/**
 * CPU per booking for what the hub does to every booking's images before searching: read the rolled
 * prints' records at their declared resolution, decode their WSQ and extract the ten templates, on one
 * thread. Bookings are real CARs (14 engine-rendered WSQ images, as the demo and the throughput bench
 * make them), rendered once and cached on disk. Prints the median process CPU time (user + system, all of
 * the process's threads, so garbage collection and compilation count) per booking for the decode and the
 * extraction stage, and a SHA-256 over every extracted template: equal digests mean equal output.
 *
 * Run: npx tsx packages/hub/bench/booking-cpu.ts [--bookings 6] [--rounds 5] [--stage all|decode|extract]
 *        [--ppi 500|1000]   (1000: the same prints resampled to 1000 ppi and declared so)
 *        [--baseline DIR]   (DIR: another copy of the repository, e.g. `git archive main | tar -x -C DIR`
 *                            with its own node_modules; its WSQ decoder and extractor run in this process,
 *                            alternating with this tree's booking by booking, so that both see the same
 *                            load; its figures are printed as "baseline")
 * Instruction counts: perf stat -e instructions:u -- node --import tsx packages/hub/bench/booking-cpu.ts …
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { extractTemplate, writeTenprintTemplate } from "@tenprint/afis";
import { type GrayImage, parseTransaction, serializeTransaction } from "@tenprint/nist";
import { decodeImage } from "@tenprint/nist/image";
import {
  bookingCar,
  bookingFingerImages,
  engineRenderer,
  generateBookings,
  generateJurisdictions,
  generatePopulation,
  rescaledRenderer,
  wsqEncoder,
} from "@tenprint/synth";
import { decodeOptions } from "../src/services/probe-image.js";
import { probeImages } from "../src/services/submission-probe.js";

const { values } = parseArgs({
  options: {
    bookings: { type: "string", default: "6" },
    rounds: { type: "string", default: "5" },
    stage: { type: "string", default: "all" },
    ppi: { type: "string", default: "500" },
    baseline: { type: "string" },
  },
});
const bookingCount = Number(values.bookings);
const rounds = Number(values.rounds);
const stage = values.stage ?? "all";
const ppi = Number(values.ppi);
const SEED = "booking-cpu";

/** Rendered once and cached on disk: rendering is the benchmark's set-up, not what it measures. */
function bookingFiles(): Uint8Array[] {
  const dir = join(tmpdir(), `tenprint-booking-cpu-cars-${bookingCount}${ppi === 500 ? "" : `-${ppi}ppi`}`);
  mkdirSync(dir, { recursive: true });
  const paths = Array.from({ length: bookingCount }, (_, i) => join(dir, `booking-${i}.eft`));
  if (paths.every((path) => existsSync(path))) return paths.map((path) => new Uint8Array(readFileSync(path)));
  const population = generatePopulation({ people: 200, seed: SEED, states: ["VA"] });
  const jurisdictions = generateJurisdictions({ seed: SEED, states: ["VA"] });
  const bookings = generateBookings({ population, jurisdictions, seed: SEED, state: "VA" }, bookingCount);
  const people = new Map(population.people.map((p) => [p.id, p]));
  const renderer = ppi === 500 ? engineRenderer() : rescaledRenderer(engineRenderer(), ppi);
  return bookings.map((booking, i) => {
    const person = people.get(booking.truth.personId);
    if (!person) throw new Error(`unknown person ${booking.truth.personId}`);
    const file = serializeTransaction(
      bookingCar(booking, bookingFingerImages(person, 2, renderer, wsqEncoder())),
    );
    writeFileSync(paths[i] ?? "", file);
    return file;
  });
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Engine {
  readonly name: string;
  readonly decode: typeof decodeImage;
  readonly extract: typeof extractTemplate;
}
const engines: Engine[] = [{ name: "this tree", decode: decodeImage, extract: extractTemplate }];
if (values.baseline) {
  const root = resolve(values.baseline);
  const nist = (await import(pathToFileURL(join(root, "packages/nist/src/image/index.ts")).href)) as {
    decodeImage: typeof decodeImage;
  };
  const afis = (await import(pathToFileURL(join(root, "packages/afis/src/index.ts")).href)) as {
    extractTemplate: typeof extractTemplate;
  };
  engines.unshift({ name: "baseline", decode: nist.decodeImage, extract: afis.extractTemplate });
}

const files = bookingFiles();
const results = engines.map((engine) => {
  const decoded: GrayImage[][] = files.map((file) =>
    probeImages(parseTransaction(file)).map((image) => engine.decode(image.data, decodeOptions(image))),
  );
  const digest = createHash("sha256");
  let minutiae = 0;
  for (const images of decoded) {
    for (const image of images) {
      const template = engine.extract(image);
      minutiae += template.minutiae.length;
      digest.update(writeTenprintTemplate(template));
    }
  }
  return {
    engine,
    decoded,
    minutiae,
    digest: digest.digest("hex").slice(0, 16),
    decodeCpu: [] as number[],
    extractCpu: [] as number[],
  };
});

for (let round = 0; round < rounds; round++) {
  for (const [index, file] of files.entries()) {
    // Alternate which engine goes first, so that neither always follows the other's garbage.
    const order = (round + index) % 2 ? [...results].reverse() : results;
    for (const result of order) {
      const { decode, extract } = result.engine;
      if (stage !== "extract") {
        const start = process.cpuUsage();
        for (const image of probeImages(parseTransaction(file))) decode(image.data, decodeOptions(image));
        result.decodeCpu.push(cpuMs(start));
      }
      if (stage !== "decode") {
        const start = process.cpuUsage();
        for (const image of result.decoded[index] ?? []) extract(image);
        result.extractCpu.push(cpuMs(start));
      }
    }
  }
}

const first = results[0]?.decoded[0]?.[0];
console.log(
  `${files.length} bookings × ${rounds} rounds, 10 rolled prints each (${first?.width}×${first?.height} at ${first?.ppi} ppi); ` +
    `load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}`,
);
for (const { engine, decodeCpu, extractCpu, minutiae, digest } of results) {
  const label = results.length > 1 ? `${engine.name}: ` : "";
  if (decodeCpu.length)
    console.log(`${label}parse + WSQ decode: median ${median(decodeCpu).toFixed(0)} ms CPU per booking`);
  if (extractCpu.length)
    console.log(`${label}extraction: median ${median(extractCpu).toFixed(0)} ms CPU per booking`);
  if (decodeCpu.length && extractCpu.length) {
    const totals = decodeCpu.map((value, i) => value + (extractCpu[i] ?? 0));
    console.log(`${label}total: median ${median(totals).toFixed(0)} ms CPU per booking`);
  }
  console.log(`${label}templates: ${minutiae} minutiae, sha256 ${digest}`);
}
