import type { Biographics, Charge, ImmigrationStatusCode } from "@tenprint/nist";
import type { Jurisdiction, JurisdictionSet } from "../jurisdictions/synthetic-jurisdictions.js";
import { compactDate, DAY_MS, isoDate, parseIsoDate } from "../population/calendar-dates.js";
import { drawChargeCount, drawOffenses } from "../population/criminal-history.js";
import { type ImmigrationStatus, lescStatusCode } from "../population/immigration-status.js";
import type { Person } from "../population/person.js";
import { requireCount, requireShare, SynthOptionError } from "../population/synth-option-error.js";
import type { Population } from "../population/synthetic-population.js";
import { SeededRandom } from "../seeded-random.js";
import { WeightedTable } from "../weighted-table.js";
import { BOOKING_PARAMETERS as P } from "./booking-parameters.js";

const HOUR_MS = 3_600_000;
/** The most bookings one call returns as an array (use the stream for more). */
export const MAX_BOOKINGS = 1_000_000;
/** Below this rate the hour-by-hour arrival loop would spin for long between bookings. */
export const MIN_BOOKINGS_PER_DAY = 0.01;
export const MAX_BOOKINGS_PER_DAY = 1_000_000;

/** What the matcher and the evaluation need to know about a booking; never sent in the EBTS file. */
export interface BookingTruth {
  readonly synthetic: true;
  readonly tcn: string;
  readonly personId: string;
  /** The booked person gave an alias as their name. */
  readonly nameIsAlias: boolean;
  /** The booked person gave another date of birth than their own. */
  readonly dateOfBirthIsWrong: boolean;
  /** The criminal repository held the person before the stream began. */
  readonly inCriminalRepository: boolean;
  /** Earlier bookings of the same person in this stream (the hub enrols each booking). */
  readonly earlierBookingsInStream: number;
  readonly firstBookingTcn?: string;
  readonly inIdent: boolean;
  readonly fbiNumber?: string;
  readonly fin?: string;
  readonly aNumber?: string;
  readonly immigrationStatus: ImmigrationStatus;
  /** What an accurate LESC determination returns. */
  readonly lescStatus: ImmigrationStatusCode;
  /** The jurisdiction was ACTIVATED on the booking day, so IDENT must be searched. */
  readonly jurisdictionActivated: boolean;
  readonly receipt: { readonly idr: boolean; readonly iar: boolean };
}

/** One booking at a county jail: the facts of the EBTS CAR plus its ground truth. */
export interface Booking {
  readonly synthetic: true;
  /** 1-based position in the stream. */
  readonly sequence: number;
  /** Transaction control number: "SYN", state, the seed's tag, booking date, sequence. */
  readonly tcn: string;
  /** Local time of the booking, YYYY-MM-DDTHH:MM:SS (no zone: the jurisdiction's clock). */
  readonly bookedAt: string;
  readonly state: string;
  readonly countyFips: string;
  readonly jurisdictionId: string;
  readonly agencyOri: string;
  readonly sibOri: string;
  /** Biographics as the person presented them at booking. */
  readonly subject: Biographics;
  readonly charges: readonly Charge[];
  readonly truth: BookingTruth;
}

export interface BookingStreamOptions {
  readonly population: Population;
  readonly jurisdictions: JurisdictionSet;
  readonly seed?: string;
  /** YYYY-MM-DD of the first simulated day (default: the population's reference date). */
  readonly start?: string;
  /** Mean bookings per day over the stream's area (default: by population proxy of the area). */
  readonly bookingsPerDay?: number;
  /** Postal code: only bookings in this state, of people living there. */
  readonly state?: string;
  readonly rearrestShare?: number;
}

interface Candidate {
  readonly person: Person;
  readonly jurisdiction: Jurisdiction;
}

function checkStreamOptions(options: BookingStreamOptions): void {
  const perDay = options.bookingsPerDay;
  if (perDay !== undefined && !(perDay >= MIN_BOOKINGS_PER_DAY && perDay <= MAX_BOOKINGS_PER_DAY)) {
    throw new SynthOptionError(
      "bookingsPerDay",
      `${perDay} is not a rate from ${MIN_BOOKINGS_PER_DAY} to ${MAX_BOOKINGS_PER_DAY} bookings a day`,
    );
  }
  if (options.rearrestShare !== undefined) requireShare("rearrestShare", options.rearrestShare);
  if (options.start !== undefined && Number.isNaN(parseIsoDate(options.start))) {
    throw new SynthOptionError("start", `"${options.start}" is not a YYYY-MM-DD date`);
  }
}

/** Whether a jurisdiction's IDENT search was on for a booking on the given day (YYYY-MM-DD). */
export function activatedOn(jurisdiction: Jurisdiction, day: string): boolean {
  const { activation } = jurisdiction;
  return activation.status === "ACTIVATED" && (activation.activatedAt ?? "") <= day;
}

/**
 * An endless, deterministic stream of bookings in time order; the options are checked when it is created. Arrivals are a Poisson process whose rate
 * follows the weekly and daily rhythm of BOOKING_PARAMETERS; each booking draws a person (re-arrests of
 * people already booked in the stream at `rearrestShare`, otherwise people with a prior record more
 * often than others), a county (mostly their own) and an agency, and 1–3 charges from the NCIC mix.
 */
export function bookingStream(options: BookingStreamOptions): Generator<Booking, never, undefined> {
  checkStreamOptions(options);
  const { population, jurisdictions } = options;
  const byId = new Map(jurisdictions.jurisdictions.map((j) => [j.id, j]));
  const state = options.state?.toUpperCase();
  if (state && !jurisdictions.states.some((s) => s.postal === state)) {
    throw new SynthOptionError("state", `"${options.state}" is not among the generated states`);
  }
  const candidates: Candidate[] = [];
  for (const person of population.people) {
    const jurisdiction = byId.get(person.residence.countyFips);
    if (jurisdiction && (!state || person.residence.state === state))
      candidates.push({ person, jurisdiction });
  }
  if (candidates.length === 0) {
    throw new SynthOptionError(
      "population",
      `no generated person lives in ${state ?? "the generated states"}`,
    );
  }
  const people = new WeightedTable(
    candidates.map((c) => [c, c.person.repositories.criminal ? P.priorRecordArrestWeight : 1] as const),
  );
  const area = jurisdictions.jurisdictions.filter((j) => !state || j.state === state);
  const countiesByState = new Map<string, WeightedTable<Jurisdiction>>();
  for (const postal of new Set(area.map((j) => j.state))) {
    countiesByState.set(
      postal,
      new WeightedTable(area.filter((j) => j.state === postal).map((j) => [j, j.population] as const)),
    );
  }
  const perDay =
    options.bookingsPerDay ?? area.reduce((sum, j) => sum + j.population, 0) * P.bookingsPerResidentPerDay;
  const rearrestShare = options.rearrestShare ?? P.rearrestShare;
  const start = parseIsoDate(options.start ?? population.referenceDate);
  const seed = options.seed ?? population.seed;
  const random = SeededRandom.fromText(seed).fork(`bookings/${state ?? "all"}`);
  return arrivals({ people, countiesByState, perDay, rearrestShare, start, random, tcnTag: tcnTag(seed) });
}

const TCN_TAG_LENGTH = 4;
const BASE36 = 36;

/**
 * Four letters or digits that a seed puts in every TCN of its stream: streams from different seeds (the
 * demo's, `tenprint synth bookings`', a simulation's) would otherwise number the same day's bookings
 * alike, and a hub takes a repeated TCN for a resubmission.
 */
function tcnTag(seed: string): string {
  const value = SeededRandom.fromText(`tcn/${seed}`).uint32() % BASE36 ** TCN_TAG_LENGTH;
  return value.toString(BASE36).toUpperCase().padStart(TCN_TAG_LENGTH, "0");
}

interface StreamPlan {
  readonly people: WeightedTable<Candidate>;
  readonly countiesByState: ReadonlyMap<string, WeightedTable<Jurisdiction>>;
  readonly perDay: number;
  readonly rearrestShare: number;
  readonly start: number;
  readonly random: SeededRandom;
  readonly tcnTag: string;
}

function* arrivals(plan: StreamPlan): Generator<Booking, never, undefined> {
  const { people, countiesByState, perDay, rearrestShare, start, random, tcnTag } = plan;
  const booked: Candidate[] = [];
  const history = new Map<string, { count: number; first: string }>();
  let sequence = 0;

  for (let hour = 0; ; hour++) {
    const hourStart = start + hour * HOUR_MS;
    const when = new Date(hourStart);
    const rate = (perDay / 24) * P.weekdayFactors[when.getUTCDay()]! * P.hourFactors[when.getUTCHours()]!;
    const arrivals = Array.from({ length: random.poisson(rate) }, () =>
      random.int(0, HOUR_MS / 1000 - 1),
    ).sort((a, b) => a - b);
    for (const second of arrivals) {
      sequence += 1;
      const candidate =
        booked.length > 0 && random.chance(rearrestShare) ? random.pick(booked) : people.sample(random);
      const bookedMs = hourStart + second * 1000;
      const booking = makeBooking(candidate, sequence, bookedMs, countiesByState, history, random, tcnTag);
      if (!history.has(candidate.person.id)) booked.push(candidate);
      const seen = history.get(candidate.person.id);
      history.set(candidate.person.id, { count: (seen?.count ?? 0) + 1, first: seen?.first ?? booking.tcn });
      yield booking;
    }
  }
}

function makeBooking(
  candidate: Candidate,
  sequence: number,
  bookedMs: number,
  countiesByState: ReadonlyMap<string, WeightedTable<Jurisdiction>>,
  history: ReadonlyMap<string, { count: number; first: string }>,
  random: SeededRandom,
  tcnTag: string,
): Booking {
  const { person } = candidate;
  const jurisdiction = random.chance(P.homeCountyShare)
    ? candidate.jurisdiction
    : (countiesByState.get(person.residence.state)?.sample(random) ?? candidate.jurisdiction);
  const [sheriff, ...municipal] = jurisdiction.facilityOris;
  const agencyOri =
    municipal.length > 0 && !random.chance(P.sheriffShare)
      ? random.pick(municipal)
      : (sheriff ?? jurisdiction.sibOri);
  const day = isoDate(bookedMs);
  const tcn = `SYN${jurisdiction.state}${tcnTag}${compactDate(bookedMs)}${String(sequence).padStart(8, "0")}`;
  const useAlias = person.aliases.length > 0 && random.chance(P.aliasGivenShare);
  const wrongDob = person.otherDatesOfBirth.length > 0 && random.chance(P.otherDobGivenShare);
  const name = useAlias ? random.pick(person.aliases) : person.name;
  const aliases = [person.name, ...person.aliases].filter((n) => n !== name);
  const subject: Biographics = {
    name,
    ...(aliases.length > 0 && random.chance(0.5) ? { aliases: aliases.slice(0, 10) } : {}),
    dateOfBirth: wrongDob ? random.pick(person.otherDatesOfBirth) : person.dateOfBirth,
    sex: person.sex,
    race: person.race,
    heightInches: person.heightInches + random.int(-1, 1),
    weightPounds: person.weightPounds + random.int(-8, 8),
    eyeColor: person.eyeColor,
    hairColor: person.hairColor,
    placeOfBirth: person.placeOfBirth,
    citizenship: person.citizenship,
  };
  const charges = drawOffenses(random, drawChargeCount(random)).map(
    (kind): Charge => ({
      ncic: kind.ncic,
      literal: kind.literal,
      dateOfOffense: compactDate(bookedMs - random.int(0, P.maxOffenceLagDays) * DAY_MS),
    }),
  );
  const earlier = history.get(person.id);
  const truth: BookingTruth = {
    synthetic: true,
    tcn,
    personId: person.id,
    nameIsAlias: useAlias,
    dateOfBirthIsWrong: wrongDob,
    inCriminalRepository: person.repositories.criminal,
    earlierBookingsInStream: earlier?.count ?? 0,
    ...(earlier ? { firstBookingTcn: earlier.first } : {}),
    inIdent: person.repositories.ident,
    ...(person.fbiNumber ? { fbiNumber: person.fbiNumber } : {}),
    ...(person.fin ? { fin: person.fin } : {}),
    ...(person.aNumber ? { aNumber: person.aNumber } : {}),
    immigrationStatus: person.immigrationStatus,
    lescStatus: lescStatusCode(person.immigrationStatus),
    jurisdictionActivated: activatedOn(jurisdiction, day),
    receipt: jurisdiction.receipt,
  };
  return {
    synthetic: true,
    sequence,
    tcn,
    bookedAt: new Date(bookedMs).toISOString().slice(0, 19),
    state: jurisdiction.state,
    countyFips: jurisdiction.id,
    jurisdictionId: jurisdiction.id,
    agencyOri,
    sibOri: jurisdiction.sibOri,
    subject,
    charges,
    truth,
  };
}

/** The first `count` bookings of the stream. */
export function generateBookings(options: BookingStreamOptions, count: number): Booking[] {
  requireCount("count", count, MAX_BOOKINGS);
  const bookings: Booking[] = [];
  if (count === 0) return bookings;
  for (const booking of bookingStream(options)) {
    bookings.push(booking);
    if (bookings.length >= count) break;
  }
  return bookings;
}
