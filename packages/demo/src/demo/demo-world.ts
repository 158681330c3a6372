import { LESC_ORI } from "@tenprint/nist";
import {
  bookingStream,
  FBI_CJIS_ORI,
  generateJurisdictions,
  generatePopulation,
  IDENT_ORI,
  type JurisdictionSet,
  type Population,
  sibOriOf,
} from "@tenprint/synth";
import { demoBookingOrder, willMatchInIdent } from "./demo-booking-order.js";
import { DEMO_PARAMETERS as P } from "./demo-parameters.js";

/** The demo's synthetic world: one real state's counties, synthetic agencies, and the people who may be booked. */
export interface DemoWorld {
  readonly seed: string;
  readonly state: string;
  readonly jurisdictions: JurisdictionSet;
  readonly population: Population;
  readonly sizes: DemoSizes;
}

export interface DemoSizes {
  /** People who may be booked. */
  readonly people: number;
  readonly criminalDistractors: number;
  readonly identDistractors: number;
}

export interface DemoWorldOptions {
  readonly seed?: string;
  readonly state?: string;
  readonly people?: number;
  readonly criminalDistractors?: number;
  readonly identDistractors?: number;
}

/** Deterministic from its options: the render worker and the main thread build the same world. */
export function demoWorld(options: DemoWorldOptions = {}): DemoWorld {
  const seed = options.seed ?? P.seed;
  const state = (options.state ?? P.state).toUpperCase();
  const jurisdictions = generateJurisdictions({
    seed,
    states: [state],
    asOf: P.activationAsOf,
    receiptOptOutShare: P.receiptOptOutShare,
  });
  const sizes: DemoSizes = {
    people: options.people ?? P.people,
    criminalDistractors: options.criminalDistractors ?? P.criminalDistractors,
    identDistractors: options.identDistractors ?? P.identDistractors,
  };
  const population = generatePopulation({ people: sizes.people, seed, states: [state] });
  return { seed, state, jurisdictions, population, sizes };
}

/** Synthetic ORIs of the oversight roles the deck's flow does not name an agency for. */
export const PMO_ORI = "DCICESC00";
export const AUDITOR_ORI = "DCOIG0000";

/**
 * The agency that books most among the demo's first bookings, of those in activated counties that take
 * both responses: the LEA key's agency, so that it sees its own bookings, IDRs and IARs within minutes.
 * Ties go to the agency with more people IDENT will match, then to the lower ORI.
 */
export function busiestBookingAgency(world: DemoWorld): {
  readonly ori: string;
  readonly jurisdictionId: string;
} {
  const byId = new Map(world.jurisdictions.jurisdictions.map((j) => [j.id, j]));
  const order = demoBookingOrder(
    bookingStream({
      population: world.population,
      jurisdictions: world.jurisdictions,
      seed: world.seed,
      state: world.state,
    }),
    P.earlyMatchLookahead,
  );
  const tally = new Map<string, { ori: string; jurisdictionId: string; bookings: number; matches: number }>();
  for (let i = 0; i < P.earlyMatchLookahead; i++) {
    const booking = order.next().value;
    const jurisdiction = byId.get(booking.jurisdictionId);
    if (
      jurisdiction?.activation.status !== "ACTIVATED" ||
      !jurisdiction.receipt.idr ||
      !jurisdiction.receipt.iar
    )
      continue;
    const entry = tally.get(booking.agencyOri) ?? {
      ori: booking.agencyOri,
      jurisdictionId: booking.jurisdictionId,
      bookings: 0,
      matches: 0,
    };
    entry.bookings += 1;
    if (willMatchInIdent(booking)) entry.matches += 1;
    tally.set(booking.agencyOri, entry);
  }
  const [best] = [...tally.values()].sort(
    (a, b) => b.bookings - a.bookings || b.matches - a.matches || a.ori.localeCompare(b.ori),
  );
  if (best) return best;
  const jurisdiction =
    world.jurisdictions.jurisdictions.find((j) => j.activation.status === "ACTIVATED") ??
    world.jurisdictions.jurisdictions[0];
  if (!jurisdiction) throw new Error(`state ${world.state} has no counties`);
  return { ori: jurisdiction.facilityOris[0] ?? "", jurisdictionId: jurisdiction.id };
}

/**
 * One agency per API role, as `demo-credentials.json` lists them: the LEA that books most early on, and
 * the ERO field office whose area covers it.
 */
export function demoRoleOris(world: DemoWorld): Readonly<Record<string, string>> {
  const lea = busiestBookingAgency(world);
  const jurisdiction = world.jurisdictions.jurisdictions.find((j) => j.id === lea.jurisdictionId);
  const ero = world.jurisdictions.agencies.find(
    (agency) => agency.kind === "ERO_FO" && agency.fieldOffice === jurisdiction?.fieldOffice,
  );
  return {
    LEA: lea.ori,
    SIB: sibOriOf(world.state),
    CJIS: FBI_CJIS_ORI,
    IDENT: IDENT_ORI,
    LESC: LESC_ORI,
    ERO: ero?.ori ?? "",
    PMO: PMO_ORI,
    AUDITOR: AUDITOR_ORI,
  };
}
