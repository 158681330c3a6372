import { LESC_ORI } from "@tenprint/nist";
import {
  FBI_CJIS_ORI,
  generateJurisdictions,
  generatePopulation,
  IDENT_ORI,
  type JurisdictionSet,
  type Population,
  sibOriOf,
} from "@tenprint/synth";
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

/** One agency per API role, as `demo-credentials.json` lists them. */
export function demoRoleOris(world: DemoWorld): Readonly<Record<string, string>> {
  const activated = world.jurisdictions.jurisdictions.find((j) => j.activation.status === "ACTIVATED");
  const jurisdiction = activated ?? world.jurisdictions.jurisdictions[0];
  if (!jurisdiction) throw new Error(`state ${world.state} has no counties`);
  const ero = world.jurisdictions.agencies.find(
    (agency) => agency.kind === "ERO_FO" && agency.fieldOffice === jurisdiction.fieldOffice,
  );
  return {
    LEA: jurisdiction.facilityOris[0] ?? "",
    SIB: sibOriOf(world.state),
    CJIS: FBI_CJIS_ORI,
    IDENT: IDENT_ORI,
    LESC: LESC_ORI,
    ERO: ero?.ori ?? "",
    PMO: PMO_ORI,
    AUDITOR: AUDITOR_ORI,
  };
}
