/**
 * Throughput of the population side of @tenprint/synth:
 *
 *   npx tsx packages/synth/bench/population-bench.ts [--quick]
 *
 * Prints medians of repeated runs: people generated per second, bookings drawn per second (facts and
 * ground truth only), and the time to turn one booking into a CAR file with each image renderer and
 * encoder. The engine renderer is timed on one booking only (it costs seconds).
 */
import { parseTransaction, serializeTransaction, validateTransaction } from "@tenprint/nist";
import {
  bookingCar,
  bookingFingerImages,
  engineRenderer,
  generateBookings,
  generateJurisdictions,
  generatePopulation,
  type ImageEncoder,
  type ImpressionRenderer,
  sketchRenderer,
  uncompressedEncoder,
  wsqEncoder,
} from "../src/index.js";

const quick = process.argv.includes("--quick");
const repeats = quick ? 3 : 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

const peopleCount = quick ? 5_000 : 20_000;
const populationMs = median(
  Array.from(
    { length: repeats },
    () => timed(() => generatePopulation({ people: peopleCount, seed: "bench" })).ms,
  ),
);
const population = generatePopulation({ people: peopleCount, seed: "bench" });
const jurisdictions = generateJurisdictions({ seed: "bench" });
const bookingCount = quick ? 5_000 : 20_000;
const streamMs = median(
  Array.from(
    { length: repeats },
    () => timed(() => generateBookings({ population, jurisdictions }, bookingCount)).ms,
  ),
);
process.stdout.write(
  `population: ${peopleCount} people, median ${populationMs.toFixed(0)} ms → ${((peopleCount / populationMs) * 1000).toFixed(0)} people/s\n`,
);
process.stdout.write(
  `booking stream: ${bookingCount} bookings, median ${streamMs.toFixed(0)} ms → ${((bookingCount / streamMs) * 1000).toFixed(0)} bookings/s\n`,
);

const bookings = generateBookings({ population, jurisdictions }, repeats);
const people = new Map(population.people.map((p) => [p.id, p]));
function carMs(
  render: ImpressionRenderer,
  encode: ImageEncoder,
  count: number,
): { ms: number; bytes: number } {
  const runs = bookings.slice(0, count).map((booking) =>
    timed(() => {
      const images = bookingFingerImages(
        people.get(booking.truth.personId)!,
        booking.sequence,
        render,
        encode,
      );
      return serializeTransaction(bookingCar(booking, images));
    }),
  );
  const last = runs.at(-1)!.value;
  if (validateTransaction(parseTransaction(last)).length > 0)
    throw new Error("a benchmark CAR does not validate");
  return { ms: median(runs.map((run) => run.ms)), bytes: last.length };
}
const cases: [string, ImpressionRenderer, ImageEncoder, number][] = [
  ["sketch + none", sketchRenderer, uncompressedEncoder, repeats],
  ["sketch + wsq", sketchRenderer, wsqEncoder(), repeats],
  ["engine + wsq", engineRenderer(), wsqEncoder(), 1],
];
for (const [label, render, encode, count] of cases) {
  const { ms, bytes } = carMs(render, encode, count);
  process.stdout.write(
    `CAR (14 images) ${label}: median ${ms.toFixed(0)} ms per booking, ${bytes} bytes (n=${count})\n`,
  );
}
