import type { EyeColorCode, HairColorCode, PersonName, RaceCode } from "@tenprint/nist";
import { tenFingerClasses } from "../fingerprint/hand-classes.js";
import { localAgencyOri } from "../jurisdictions/agency.js";
import { type County, loadCounties } from "../jurisdictions/county-table.js";
import { resolveStates } from "../jurisdictions/synthetic-jurisdictions.js";
import { SeededRandom } from "../seeded-random.js";
import { WeightedTable } from "../weighted-table.js";
import { drawAlias, fitName, sameName } from "./alias-names.js";
import { compactDate, DAY_MS, parseIsoDate } from "./calendar-dates.js";
import { type ArrestPlace, type CriminalRecord, drawArrests } from "./criminal-history.js";
import { NAME_POOLS } from "./data/name-frequencies.js";
import { ORIGIN_PROFILES, type OriginKey } from "./data/origin-profiles.js";
import { drawImmigrationRecord, type ImmigrationRecord } from "./immigration-record.js";
import {
  DEFAULT_FOREIGN_BORN_STATUS_SHARES,
  DEFAULT_IDENT_ENROLMENT,
  IMMIGRATION_STATUSES,
  type ImmigrationStatus,
} from "./immigration-status.js";
import type { FingerRecord, Person } from "./person.js";
import { POPULATION_PARAMETERS as P } from "./population-parameters.js";
import { requireCount, requireShare, requireWeights, SynthOptionError } from "./synth-option-error.js";

/** The largest population one call builds (memory: about 3 KB per person with records). */
export const MAX_PEOPLE = 1_000_000;
/** How often generatePopulation reports progress, in people. */
const PROGRESS_STEP = 1000;

export interface PopulationOptions {
  readonly people: number;
  readonly seed?: string;
  /** Postal codes of the states people live in; all states when absent. */
  readonly states?: readonly string[];
  /** YYYY-MM-DD: ages are computed and histories end on this day (default 2010-10-01, the start of FY2011). */
  readonly referenceDate?: string;
  /** Relative weights of the origin profiles (ORIGIN_PROFILES weights when absent). */
  readonly originWeights?: Readonly<Partial<Record<OriginKey, number>>>;
  /** Share of men (arrestees are about three quarters men). */
  readonly maleShare?: number;
  /** Share of people already in the criminal repository (prior arrests) on the reference day. */
  readonly criminalRepositoryShare?: number;
  /** Relative weights of the statuses of foreign-born people. */
  readonly foreignBornStatusShares?: Readonly<
    Partial<Record<Exclude<ImmigrationStatus, "US_CITIZEN">, number>>
  >;
  /** Probability, per true status, that IDENT holds the person. */
  readonly identEnrolment?: Readonly<Partial<Record<ImmigrationStatus, number>>>;
  /** Share of people with at least one alias. */
  readonly aliasShare?: number;
}

export interface Population {
  readonly seed: string;
  readonly referenceDate: string;
  readonly people: readonly Person[];
  readonly criminalRecords: readonly CriminalRecord[];
  readonly immigrationRecords: readonly ImmigrationRecord[];
}

interface Resolved {
  readonly seed: string;
  readonly referenceMs: number;
  readonly counties: WeightedTable<County>;
  readonly allCounties: WeightedTable<County>;
  readonly statesByPopulation: WeightedTable<string>;
  readonly origins: WeightedTable<OriginKey>;
  readonly maleShare: number;
  readonly criminalShare: number;
  readonly statuses: WeightedTable<ImmigrationStatus>;
  readonly enrolment: Readonly<Record<ImmigrationStatus, number>>;
  readonly aliasShare: number;
  readonly fingerSeedBase: number;
}

/** Checks every option and prepares the tables; throws SynthOptionError before anything is generated. */
function resolve(options: PopulationOptions): Resolved {
  requireCount("people", options.people, MAX_PEOPLE);
  const referenceDate = options.referenceDate ?? P.defaults.referenceDate;
  const referenceMs = parseIsoDate(referenceDate);
  if (Number.isNaN(referenceMs))
    throw new SynthOptionError("referenceDate", `"${referenceDate}" is not a YYYY-MM-DD date`);
  const maleShare = options.maleShare ?? P.defaults.maleShare;
  requireShare("maleShare", maleShare);
  const criminalShare = options.criminalRepositoryShare ?? P.defaults.criminalRepositoryShare;
  requireShare("criminalRepositoryShare", criminalShare);
  const aliasShare = options.aliasShare ?? P.defaults.aliasShare;
  requireShare("aliasShare", aliasShare);
  const originWeights = requireWeights("originWeights", {
    ...Object.fromEntries(Object.entries(ORIGIN_PROFILES).map(([key, profile]) => [key, profile.weight])),
    ...options.originWeights,
  } as Record<OriginKey, number>);
  for (const key of Object.keys(options.originWeights ?? {})) {
    if (!(key in ORIGIN_PROFILES)) throw new SynthOptionError("originWeights", `unknown origin "${key}"`);
  }
  const statusWeights = requireWeights("foreignBornStatusShares", {
    ...DEFAULT_FOREIGN_BORN_STATUS_SHARES,
    ...options.foreignBornStatusShares,
  });
  for (const key of Object.keys(options.foreignBornStatusShares ?? {})) {
    if (!(key in DEFAULT_FOREIGN_BORN_STATUS_SHARES)) {
      throw new SynthOptionError(
        "foreignBornStatusShares",
        `"${key}" is not a status of foreign-born people`,
      );
    }
  }
  const enrolment = { ...DEFAULT_IDENT_ENROLMENT, ...options.identEnrolment };
  for (const [key, share] of Object.entries(enrolment)) {
    if (!IMMIGRATION_STATUSES.includes(key as ImmigrationStatus)) {
      throw new SynthOptionError("identEnrolment", `unknown status "${key}"`);
    }
    requireShare(`identEnrolment.${key}`, share);
  }
  const wanted = new Set(resolveStates(options.states).map((state) => state.postal));
  const all = loadCounties();
  const seed = options.seed ?? "tenprint";
  const stateTotals = new Map<string, number>();
  for (const county of all)
    stateTotals.set(county.state, (stateTotals.get(county.state) ?? 0) + county.population);
  const seedRandom = SeededRandom.fromText(seed).fork("finger-seed-base");
  return {
    seed,
    referenceMs,
    counties: new WeightedTable(
      all.filter((c) => wanted.has(c.state)).map((c) => [c, c.population] as const),
    ),
    allCounties: new WeightedTable(all.map((c) => [c, c.population] as const)),
    statesByPopulation: new WeightedTable([...stateTotals]),
    origins: new WeightedTable(Object.entries(originWeights) as [OriginKey, number][]),
    maleShare,
    criminalShare,
    statuses: new WeightedTable(Object.entries(statusWeights) as [ImmigrationStatus, number][]),
    enrolment,
    aliasShare,
    fingerSeedBase: seedRandom.uint32() * 0x200000,
  };
}

const poolTables = new Map<string, WeightedTable<string>>();
function table(key: string, entries: readonly (readonly [string, number])[]): WeightedTable<string> {
  let cached = poolTables.get(key);
  if (!cached) {
    cached = new WeightedTable(entries);
    poolTables.set(key, cached);
  }
  return cached;
}

function weighted<K extends string>(random: SeededRandom, shares: Readonly<Partial<Record<K, number>>>): K {
  return new WeightedTable(Object.entries(shares) as [K, number][]).sample(random);
}

/** A normal draw from [mean, sd], clamped to [low, high]. */
function drawClamped(
  [mean, sd]: readonly [number, number],
  [low, high]: readonly [number, number],
  random: SeededRandom,
): number {
  return Math.min(high, Math.max(low, mean + sd * random.normal()));
}

function drawEyes(race: RaceCode, random: SeededRandom): EyeColorCode {
  return weighted<EyeColorCode>(random, race === "W" ? P.eyes.W : P.eyes.other);
}

function drawHair(race: RaceCode, sex: "M" | "F", age: number, random: SeededRandom): HairColorCode {
  const { greyingAge, greyingSpan, baldShareOfGreyingMen } = P.hair;
  if (age > greyingAge && random.chance((age - greyingAge) / greyingSpan)) {
    return sex === "M" && random.chance(baldShareOfGreyingMen) ? "BAL" : "GRY";
  }
  return weighted<HairColorCode>(random, race === "W" ? P.hair.W : P.hair.other);
}

function drawFingers(index: number, resolved: Resolved, random: SeededRandom): FingerRecord[] {
  const classes = tenFingerClasses(resolved.fingerSeedBase, index);
  return classes.map((fingerClass, i) => ({
    position: i + 1,
    // 21 high bits and 32 low bits: any integer below 2^53, as the fingerprint generator takes.
    seed: (random.uint32() & 0x1fffff) * 0x100000000 + random.uint32(),
    fingerClass,
  }));
}

function drawName(origin: OriginKey, sex: "M" | "F", random: SeededRandom): PersonName {
  const pool = NAME_POOLS[ORIGIN_PROFILES[origin].pool];
  const surnames = table(`${origin}/surnames`, pool.surnames);
  const given = table(`${origin}/${sex}`, sex === "M" ? pool.male : pool.female);
  let surname = surnames.sample(random);
  if (origin === "hispanic" && !surname.includes(" ") && random.chance(P.compoundSurnameShare)) {
    const second = surnames.sample(random);
    if (second !== surname && !second.includes(" ")) surname = `${surname} ${second}`;
  }
  const first = given.sample(random);
  const middle = random.chance(P.middleNameShare) ? given.sample(random) : undefined;
  return fitName(middle && middle !== first ? { surname, given: first, middle } : { surname, given: first });
}

/** A nearby wrong date of birth: day and month swapped, or a year or a day off. */
function otherDateOfBirth(dob: string, random: SeededRandom): string {
  const year = dob.slice(0, 4);
  const month = dob.slice(4, 6);
  const day = dob.slice(6, 8);
  if (Number(day) <= 12 && day !== month && random.chance(0.5)) return `${year}${day}${month}`;
  // A year off keeps 29 February only in leap years, so that day gets the day typo instead.
  return random.chance(0.5) && `${month}${day}` !== "0229"
    ? `${Number(year) + (random.chance(0.5) ? 1 : -1)}${month}${day}`
    : `${year}${month}${day === "01" ? "02" : "01"}`;
}

interface Drawn {
  readonly person: Person;
  readonly criminal?: CriminalRecord;
  readonly immigration?: ImmigrationRecord;
}

function drawPerson(index: number, resolved: Resolved): Drawn {
  const id = `SYN-P-${String(index + 1).padStart(7, "0")}`;
  const random = SeededRandom.fromText(resolved.seed).fork(`person/${index}`);
  const origin = resolved.origins.sample(random);
  const profile = ORIGIN_PROFILES[origin];
  const sex = random.chance(resolved.maleShare) ? "M" : "F";
  const race = weighted<RaceCode>(random, profile.race);
  const home = resolved.counties.sample(random);
  // Ages 18 and up, median about 28, long right tail (arrestee ages).
  const { minAge, logMean, logSd, maxAge } = P.age;
  const age = Math.min(maxAge, minAge + Math.floor(Math.exp(logMean + logSd * random.normal())));
  const dobMs = resolved.referenceMs - (age * 365.25 + random.int(0, 364)) * DAY_MS;
  const dateOfBirth = compactDate(dobMs);
  const foreignBorn = profile.birthCountries.length > 0 && random.chance(profile.foreignBornShare);
  const birthCountry = foreignBorn ? new WeightedTable(profile.birthCountries).sample(random) : undefined;
  const status: ImmigrationStatus = foreignBorn ? resolved.statuses.sample(random) : "US_CITIZEN";
  const placeOfBirth =
    birthCountry ??
    (random.chance(P.homeStateBirthShare) ? home.state : resolved.statesByPopulation.sample(random));
  const citizen =
    status === "US_CITIZEN" ||
    status === "NATURALIZED_CITIZEN" ||
    status === "NATURALIZED_RECORD_NOT_UPDATED";
  const name = drawName(origin, sex, random);
  const pool = NAME_POOLS[profile.pool];
  const aliases: PersonName[] = [];
  if (random.chance(resolved.aliasShare)) {
    const count = random.chance(P.singleAliasShare) ? 1 : random.int(2, 3);
    const surnames = table(`${origin}/surnames`, pool.surnames);
    const given = table(`${origin}/${sex}`, sex === "M" ? pool.male : pool.female);
    for (let i = 0; i < count; i++) {
      const alias = drawAlias(name, surnames, given, random);
      if (!sameName(alias, name) && !aliases.some((other) => sameName(other, alias))) aliases.push(alias);
    }
  }
  const otherDatesOfBirth = random.chance(P.otherDobShare) ? [otherDateOfBirth(dateOfBirth, random)] : [];
  const heightInches = Math.round(
    drawClamped(sex === "M" ? P.height.male : P.height.female, P.height.range, random),
  );
  const weightPounds = Math.round(
    drawClamped(sex === "M" ? P.weight.male : P.weight.female, P.weight.range, random),
  );
  const fingers = drawFingers(index, resolved, random.fork("fingers"));

  const records = random.fork("records");
  const inCriminal = records.chance(resolved.criminalShare);
  const inIdent = records.chance(resolved.enrolment[status]);
  let criminal: CriminalRecord | undefined;
  if (inCriminal) {
    const adultMs = dobMs + 18 * 365.25 * DAY_MS;
    const place = (): ArrestPlace => {
      const county = records.chance(P.criminal.homeCountyShare) ? home : resolved.allCounties.sample(records);
      return { state: county.state, agencyOri: localAgencyOri(county.state, county.ordinal, 0) };
    };
    criminal = {
      synthetic: true,
      personId: id,
      fbiNumber: `${records.digits(6)}SY${records.int(0, 9)}`,
      stateId: `${home.state}${records.digits(8)}`,
      arrests: drawArrests(adultMs, resolved.referenceMs, place, records),
    };
  }
  let immigration: ImmigrationRecord | undefined;
  if (inIdent) {
    // Arrival for the foreign-born at some age before the reference day; adulthood for US-born citizens.
    const firstMs = foreignBorn
      ? dobMs + records.next() * (resolved.referenceMs - dobMs - 2 * 365 * DAY_MS)
      : dobMs + 18 * 365.25 * DAY_MS;
    immigration = drawImmigrationRecord(
      id,
      status,
      birthCountry ?? "US",
      firstMs,
      resolved.referenceMs,
      records,
    );
  }
  const person: Person = {
    id,
    synthetic: true,
    origin,
    name,
    aliases,
    dateOfBirth,
    otherDatesOfBirth,
    sex,
    race,
    heightInches,
    weightPounds,
    eyeColor: drawEyes(race, random),
    hairColor: drawHair(race, sex, age, random),
    placeOfBirth,
    citizenship: citizen ? "US" : (birthCountry ?? "US"),
    residence: { state: home.state, countyFips: home.fips },
    immigrationStatus: status,
    fingers,
    ...(criminal ? { fbiNumber: criminal.fbiNumber, stateId: criminal.stateId } : {}),
    ...(immigration
      ? { fin: immigration.fin, ...(immigration.aNumber ? { aNumber: immigration.aNumber } : {}) }
      : {}),
    repositories: { criminal: inCriminal, ident: inIdent },
  };
  return { person, ...(criminal ? { criminal } : {}), ...(immigration ? { immigration } : {}) };
}

/**
 * A synthetic population, deterministic from the seed: person i depends only on the seed, i and the
 * options, so a larger population starts with the same people as a smaller one. `onProgress` hears the
 * number of people done every thousand people and at the end.
 */
export function generatePopulation(
  options: PopulationOptions,
  onProgress?: (done: number) => void,
): Population {
  const resolved = resolve(options);
  const people: Person[] = [];
  const criminalRecords: CriminalRecord[] = [];
  const immigrationRecords: ImmigrationRecord[] = [];
  for (let index = 0; index < options.people; index++) {
    const drawn = drawPerson(index, resolved);
    people.push(drawn.person);
    if (drawn.criminal) criminalRecords.push(drawn.criminal);
    if (drawn.immigration) immigrationRecords.push(drawn.immigration);
    if (onProgress && (index + 1) % PROGRESS_STEP === 0) onProgress(index + 1);
  }
  onProgress?.(options.people);
  return {
    seed: resolved.seed,
    referenceDate: options.referenceDate ?? P.defaults.referenceDate,
    people,
    criminalRecords,
    immigrationRecords,
  };
}

/** Validates population options without generating anything (for command lines and services). */
export function checkPopulationOptions(options: PopulationOptions): void {
  resolve(options);
}
