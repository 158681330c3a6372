import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { serializeTransaction } from "@tenprint/nist";
import {
  bookingCar,
  bookingFingerImages,
  bookingStream,
  checkPopulationOptions,
  engineRenderer,
  generateJurisdictions,
  generatePopulation,
  type ImageEncoder,
  type ImpressionRenderer,
  type JurisdictionSet,
  MAX_BOOKINGS,
  MAX_BOOKINGS_PER_DAY,
  MAX_PEOPLE,
  MIN_BOOKINGS_PER_DAY,
  type Population,
  SynthOptionError,
  sketchRenderer,
  US_STATES,
  uncompressedEncoder,
  wsqEncoder,
} from "@tenprint/synth";
import { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError } from "commander";

/** A whole number from min to max, or a commander error naming the option. */
function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${text}"`);
    }
    return Number(text);
  };
}

function bookingRate(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !(value >= MIN_BOOKINGS_PER_DAY && value <= MAX_BOOKINGS_PER_DAY)) {
    throw new InvalidArgumentError(
      `expected a rate from ${MIN_BOOKINGS_PER_DAY} to ${MAX_BOOKINGS_PER_DAY} bookings a day, got "${text}"`,
    );
  }
  return value;
}

function share(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidArgumentError(`expected a share from 0 to 1, got "${text}"`);
  }
  return value;
}

function stateCode(text: string): string {
  const code = text.trim().toUpperCase();
  if (!US_STATES.some((state) => state.postal === code)) {
    throw new InvalidArgumentError(`unknown state "${text}" (use a postal code: TX, CA, DC, PR …)`);
  }
  return code;
}

function agencyOri(text: string): string {
  const ori = text.trim().toUpperCase();
  if (!/^[A-Z]{2}[A-Z0-9]{7}$/.test(ori))
    throw new InvalidArgumentError(
      `expected a nine-character ORI (two letters, seven letters or digits), got "${text}"`,
    );
  return ori;
}

function collectStates(text: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...text.split(",").filter(Boolean).map(stateCode)];
}

/**
 * Creates the output directory if needed and proves it writable, before any generation starts. Missing
 * levels are made one at a time: recursive mkdirSync can spin forever on pseudo file systems like /proc.
 */
function prepareOutput(dir: string): string {
  const path = resolve(dir);
  try {
    const missing: string[] = [];
    for (let at = path; !existsSync(at); at = dirname(at)) missing.unshift(at);
    for (const level of missing) mkdirSync(level);
    if (!statSync(path).isDirectory()) throw new Error("it is not a directory");
    accessSync(path, constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SynthOptionError("--output", `cannot write to "${dir}": ${reason}`);
  }
  return path;
}

function ndjson(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join("\n") + (records.length > 0 ? "\n" : "");
}

function progressBar(label: string, total: number): SingleBar {
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(total, 0);
  return bar;
}

interface PopulationCommandOptions {
  readonly people: number;
  readonly seed: string;
  readonly criminalShare?: number;
  readonly state?: string[];
  readonly referenceDate?: string;
  readonly output: string;
}

/** The people, their records, the jurisdictions and the agencies: what a hub seeds its repositories from. */
function writeSyntheticState(dir: string, population: Population, jurisdictions: JurisdictionSet): void {
  writeFileSync(join(dir, "people.ndjson"), ndjson(population.people));
  writeFileSync(join(dir, "criminal-records.ndjson"), ndjson(population.criminalRecords));
  writeFileSync(join(dir, "immigration-records.ndjson"), ndjson(population.immigrationRecords));
  const { states, jurisdictions: list, fieldOffices, agencies } = jurisdictions;
  writeFileSync(
    join(dir, "jurisdictions.json"),
    `${JSON.stringify({ synthetic: true, states, fieldOffices, jurisdictions: list }, null, 1)}\n`,
  );
  writeFileSync(join(dir, "agencies.json"), `${JSON.stringify({ synthetic: true, agencies }, null, 1)}\n`);
}

function runPopulation(options: PopulationCommandOptions): void {
  const populationOptions = {
    people: options.people,
    seed: options.seed,
    ...(options.state ? { states: options.state } : {}),
    ...(options.referenceDate ? { referenceDate: options.referenceDate } : {}),
    ...(options.criminalShare !== undefined ? { criminalRepositoryShare: options.criminalShare } : {}),
  };
  checkPopulationOptions(populationOptions);
  const dir = prepareOutput(options.output);
  const jurisdictions = generateJurisdictions({
    seed: options.seed,
    ...(options.state ? { states: options.state } : {}),
    ...(options.referenceDate ? { asOf: options.referenceDate } : {}),
  });
  const bar = progressBar("people", options.people);
  const population = generatePopulation(populationOptions, (done) => bar.update(done));
  bar.stop();
  const { people } = population;
  writeSyntheticState(dir, population, jurisdictions);
  const { jurisdictions: list, agencies } = jurisdictions;
  const manifest = {
    synthetic: true,
    generator: "@tenprint/synth population",
    seed: options.seed,
    referenceDate: population.referenceDate,
    states: options.state ?? "all",
    counts: {
      people: people.length,
      criminalRecords: population.criminalRecords.length,
      immigrationRecords: population.immigrationRecords.length,
      jurisdictions: list.length,
      agencies: agencies.length,
    },
  };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stdout.write(
    `${people.length} synthetic people (${population.criminalRecords.length} with criminal records, ` +
      `${population.immigrationRecords.length} in IDENT), ${list.length} jurisdictions, ` +
      `${agencies.length} agencies → ${dir}\n`,
  );
}

interface BookingsCommandOptions {
  readonly count: number;
  readonly seed: string;
  readonly state?: string;
  readonly people?: number;
  readonly perDay?: number;
  readonly start?: string;
  readonly images: string;
  readonly compression: string;
  readonly agency?: string;
  readonly output: string;
}

const RENDERERS: Readonly<Record<string, () => ImpressionRenderer>> = {
  engine: () => engineRenderer(),
  sketch: () => sketchRenderer,
};

const ENCODERS: Readonly<Record<string, () => ImageEncoder>> = {
  wsq: () => wsqEncoder(),
  none: () => uncompressedEncoder,
};

function runBookings(options: BookingsCommandOptions): void {
  const makeRenderer = RENDERERS[options.images];
  if (!makeRenderer)
    throw new SynthOptionError("--images", `"${options.images}" is not one of engine, sketch`);
  const makeEncoder = ENCODERS[options.compression];
  if (!makeEncoder)
    throw new SynthOptionError("--compression", `"${options.compression}" is not one of wsq, none`);
  const states = options.state ? [options.state] : undefined;
  const populationOptions = {
    people: options.people ?? Math.max(500, options.count),
    seed: options.seed,
    ...(states ? { states } : {}),
    ...(options.start ? { referenceDate: options.start } : {}),
  };
  checkPopulationOptions(populationOptions);
  const dir = prepareOutput(options.output);
  const population = generatePopulation(populationOptions);
  const jurisdictions = generateJurisdictions({
    seed: options.seed,
    ...(states ? { states } : {}),
    ...(options.start ? { asOf: options.start } : {}),
  });
  const stream = bookingStream({
    population,
    jurisdictions,
    seed: options.seed,
    ...(options.state ? { state: options.state } : {}),
    ...(options.perDay ? { bookingsPerDay: options.perDay } : {}),
  });
  const people = new Map(population.people.map((person) => [person.id, person]));
  const render = makeRenderer();
  const encode = makeEncoder();
  const truths: string[] = [];
  const bar = progressBar("bookings", options.count);
  for (let written = 0; written < options.count; written++) {
    const drawn = stream.next().value;
    // A hub takes bookings only from the agency named in the file (or its SIB): --agency books as one.
    const booking = options.agency ? { ...drawn, agencyOri: options.agency } : drawn;
    const person = people.get(booking.truth.personId);
    if (!person) throw new Error(`booking ${booking.tcn} names unknown person ${booking.truth.personId}`);
    const fingers = bookingFingerImages(person, booking.sequence, render, encode);
    writeFileSync(join(dir, `${booking.tcn}.eft`), serializeTransaction(bookingCar(booking, fingers)));
    truths.push(JSON.stringify(booking));
    bar.update(written + 1);
  }
  bar.stop();
  writeFileSync(join(dir, "ground-truth.ndjson"), truths.length > 0 ? `${truths.join("\n")}\n` : "");
  writeSyntheticState(dir, population, jurisdictions);
  const manifest = {
    synthetic: true,
    generator: "@tenprint/synth bookings",
    seed: options.seed,
    state: options.state ?? "all",
    people: populationOptions.people,
    bookings: options.count,
    images: options.images,
    compression: options.compression,
  };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stdout.write(
    `${options.count} synthetic CAR files, ground-truth.ndjson and the ${population.people.length} people ` +
      `booked from → ${dir}\n`,
  );
}

/** `tenprint synth population` and `tenprint synth bookings`. */
export function registerSynthPopulationCommands(synth: Command): void {
  synth
    .command("population")
    .description(
      "synthetic people, criminal and immigration records, jurisdictions and agencies (JSON/NDJSON)",
    )
    .requiredOption("--people <n>", "number of people", wholeNumber(0, MAX_PEOPLE))
    .option("--seed <text>", "seed; the same seed gives the same data", "tenprint")
    .option("--state <XX>", "only these states (postal codes; repeat or comma-separate)", collectStates)
    .option("--reference-date <YYYY-MM-DD>", "day the records end and ages are taken (default 2010-10-01)")
    .option("--criminal-share <x>", "share of people with a prior criminal record (default 0.45)", share)
    .requiredOption("-o, --output <dir>", "output directory (created if missing)")
    .action((options: PopulationCommandOptions) => runPopulation(options));

  synth
    .command("bookings")
    .description("synthetic bookings as EBTS CAR files, ground-truth.ndjson and the population booked from")
    .requiredOption("--count <n>", "number of bookings", wholeNumber(0, MAX_BOOKINGS))
    .option("--seed <text>", "seed; the same seed gives the same files", "tenprint")
    .option("--state <XX>", "only bookings in this state (postal code)", stateCode)
    .option(
      "--people <n>",
      "size of the population booked from (default max(500, count))",
      wholeNumber(1, MAX_PEOPLE),
    )
    .option(
      "--per-day <rate>",
      "mean bookings per simulated day (default from the area's population)",
      bookingRate,
    )
    .option("--start <YYYY-MM-DD>", "first simulated day (default 2010-10-01)")
    .option(
      "--images <kind>",
      "finger images: engine (realistic, ~1 s per finger) or sketch (fast, not matchable)",
      "engine",
    )
    .option("--compression <kind>", "Type-14 image compression: wsq (as EBTS requires) or none", "wsq")
    .option(
      "--agency <ORI>",
      "book every arrest at this agency (1.008 ORI, 2.073 CRI): the ORI of the API key that will submit the files",
      agencyOri,
    )
    .requiredOption("-o, --output <dir>", "output directory (created if missing)")
    .action((options: BookingsCommandOptions) => runBookings(options));
}
