import { LESC_ORI } from "@tenprint/nist";
import { DAY_MS, isoDate, parseIsoDate } from "../population/calendar-dates.js";
import { requireShare, requireWeights, SynthOptionError } from "../population/synth-option-error.js";
import { SeededRandom } from "../seeded-random.js";
import { WeightedTable } from "../weighted-table.js";
import { type Agency, localAgencyOri } from "./agency.js";
import { type County, loadCounties } from "./county-table.js";
import { ERO_FIELD_OFFICES, type EroFieldOffice } from "./data/ero-field-offices.js";
import { US_STATES, type UsState } from "./data/us-states.js";
import { fieldOfficeFor } from "./field-office-lookup.js";

/** Deployment state of a jurisdiction: only ACTIVATED ones have bookings searched in IDENT. */
export type ActivationStatus = "PLANNED" | "SCHEDULED" | "DEFERRED" | "ACTIVATED";
export const ACTIVATION_STATUSES: readonly ActivationStatus[] = [
  "PLANNED",
  "SCHEDULED",
  "DEFERRED",
  "ACTIVATED",
];

export interface Activation {
  readonly status: ActivationStatus;
  /** YYYY-MM-DD; SCHEDULED and DEFERRED jurisdictions have a (moved) date. */
  readonly scheduledAt?: string;
  /** YYYY-MM-DD; ACTIVATED jurisdictions only. */
  readonly activatedAt?: string;
}

/** Whether the booking agencies of a jurisdiction want the IDENT Data Response and the LESC's IAR. */
export interface ReceiptPreference {
  readonly idr: boolean;
  readonly iar: boolean;
}

export interface Jurisdiction {
  /** The county FIPS code. */
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly population: number;
  readonly sibOri: string;
  /** Key of the ERO field office covering the county. */
  readonly fieldOffice: string;
  /** ORIs of the booking agencies (the sheriff first). */
  readonly facilityOris: readonly string[];
  readonly activation: Activation;
  readonly receipt: ReceiptPreference;
  readonly synthetic: true;
}

export interface StateRecord extends UsState {
  readonly sibOri: string;
  readonly countyCount: number;
  readonly population: number;
}

export interface JurisdictionSet {
  readonly states: readonly StateRecord[];
  readonly counties: readonly County[];
  readonly agencies: readonly Agency[];
  readonly jurisdictions: readonly Jurisdiction[];
  readonly fieldOffices: readonly EroFieldOffice[];
}

export interface JurisdictionOptions {
  readonly seed?: string;
  /** Postal codes of the states to include; all of US_STATES when absent. */
  readonly states?: readonly string[];
  /** Shares of the activation statuses drawn for jurisdictions without an override. */
  readonly activationShares?: Readonly<Record<ActivationStatus, number>>;
  /** Fixed statuses by state postal code or county FIPS (a county entry wins over its state's). */
  readonly activation?: Readonly<Record<string, ActivationStatus>>;
  /** Share of jurisdictions whose agencies opt out of receiving the IDR and IAR (the search still runs). */
  readonly receiptOptOutShare?: number;
  /** Fixed receipt preferences by state postal code or county FIPS. */
  readonly receipt?: Readonly<Record<string, Partial<ReceiptPreference>>>;
  /** First and last activation dates (YYYY-MM-DD); the programme ran from Oct 2008 to Jan 2013. */
  readonly activationWindow?: readonly [string, string];
  /**
   * The day the statuses describe (YYYY-MM-DD, default 2010-10-01, the default start of populations and
   * booking streams): ACTIVATED jurisdictions were activated by then, SCHEDULED and DEFERRED ones later.
   */
  readonly asOf?: string;
}

export const DEFAULT_ACTIVATION_SHARES: Readonly<Record<ActivationStatus, number>> = {
  ACTIVATED: 0.55,
  SCHEDULED: 0.2,
  PLANNED: 0.2,
  DEFERRED: 0.05,
};
const DEFAULT_WINDOW: readonly [string, string] = ["2008-10-27", "2013-01-22"];
const DEFAULT_AS_OF = "2010-10-01";
/** Municipal agencies per county grow with size: one more at each of these population proxies. */
const MUNICIPAL_THRESHOLDS = [100_000, 500_000, 1_500_000];
/** The FBI CJIS Division's IAFIS destination (1.007 DAI of criminal submissions) [M: EBTS examples]. */
export const FBI_CJIS_ORI = "WVIAFIS0Z";
/** Tenprint's identifier for the IDENT repository; EBTS gives IDENT no ORI of its own. */
export const IDENT_ORI = "DCDHSID00";

export function sibOriOf(state: string): string {
  return `${state}SIB0000`;
}

/** Validates the options and resolves the requested states, before any data are built. */
export function resolveStates(states: readonly string[] | undefined): readonly UsState[] {
  if (!states) return US_STATES;
  if (states.length === 0) throw new SynthOptionError("states", "the list is empty");
  return states.map((code) => {
    const state = US_STATES.find((s) => s.postal === code.toUpperCase());
    if (!state) {
      throw new SynthOptionError(
        "states",
        `unknown state "${code}" (use a postal code such as TX, or DC, PR)`,
      );
    }
    return state;
  });
}

function checkOptions(options: JurisdictionOptions): void {
  if (options.activationShares) requireWeights("activationShares", options.activationShares);
  if (options.receiptOptOutShare !== undefined)
    requireShare("receiptOptOutShare", options.receiptOptOutShare);
  for (const [key, status] of Object.entries(options.activation ?? {})) {
    if (!ACTIVATION_STATUSES.includes(status)) {
      throw new SynthOptionError(
        `activation.${key}`,
        `"${status}" is not one of ${ACTIVATION_STATUSES.join(", ")}`,
      );
    }
  }
  if (options.asOf !== undefined && !isIsoDate(options.asOf)) {
    throw new SynthOptionError("asOf", `"${options.asOf}" is not a YYYY-MM-DD date`);
  }
  const window = options.activationWindow;
  if (window && !(isIsoDate(window[0]) && isIsoDate(window[1]) && window[0] <= window[1])) {
    throw new SynthOptionError(
      "activationWindow",
      `[${window.join(", ")}] is not two ordered YYYY-MM-DD dates`,
    );
  }
}

function isIsoDate(text: string): boolean {
  return !Number.isNaN(parseIsoDate(text));
}

/** A day from `from` to `to` (milliseconds, both included); `from` when the range is empty. */
function dateBetween(random: SeededRandom, from: number, to: number): string {
  const day = random.int(0, Math.max(0, Math.round((to - from) / DAY_MS)));
  return isoDate(from + day * DAY_MS);
}

function activationOf(
  county: County,
  random: SeededRandom,
  table: WeightedTable<ActivationStatus>,
  options: JurisdictionOptions,
): Activation {
  const status =
    options.activation?.[county.fips] ?? options.activation?.[county.state] ?? table.sample(random);
  const [first, last] = options.activationWindow ?? DEFAULT_WINDOW;
  const asOf = parseIsoDate(options.asOf ?? DEFAULT_AS_OF);
  // Statuses describe the plan on the asOf day: activations before it, scheduled dates after it.
  if (status === "ACTIVATED") return { status, activatedAt: dateBetween(random, parseIsoDate(first), asOf) };
  if (status === "PLANNED") return { status };
  const after = asOf + DAY_MS;
  return { status, scheduledAt: dateBetween(random, after, Math.max(after, parseIsoDate(last))) };
}

function countyAgencies(county: County): Agency[] {
  const sheriff =
    county.state === "DC" ? "Metropolitan Police Department" : `${county.fullName} Sheriff's Office`;
  const agencies: Agency[] = [
    {
      ori: localAgencyOri(county.state, county.ordinal, 0),
      name: sheriff,
      kind: "LEA",
      state: county.state,
      countyFips: county.fips,
      synthetic: true,
    },
  ];
  MUNICIPAL_THRESHOLDS.filter((threshold) => county.population >= threshold).forEach((_, index) => {
    agencies.push({
      ori: localAgencyOri(county.state, county.ordinal, (index + 1) * 10),
      name: `${county.fullName} Municipal Police Agency ${index + 1}`,
      kind: "LEA",
      state: county.state,
      countyFips: county.fips,
      synthetic: true,
    });
  });
  return agencies;
}

/**
 * The jurisdictions of the requested states: real counties (FIPS, names, a population proxy), synthetic
 * booking agencies with NCIC-style ORIs, one SIB per state, the FBI CJIS, IDENT and LESC agencies and the
 * 24 ERO field offices, with activation statuses and receipt preferences drawn from the seed and overrides.
 */
export function generateJurisdictions(options: JurisdictionOptions = {}): JurisdictionSet {
  checkOptions(options);
  const states = resolveStates(options.states);
  const wanted = new Set(states.map((state) => state.postal));
  const counties = loadCounties().filter((county) => wanted.has(county.state));
  const random = SeededRandom.fromText(options.seed ?? "tenprint").fork("jurisdictions");
  const shares = options.activationShares ?? DEFAULT_ACTIVATION_SHARES;
  const table = new WeightedTable(ACTIVATION_STATUSES.map((status) => [status, shares[status]] as const));
  const optOut = options.receiptOptOutShare ?? 0.03;

  const agencies: Agency[] = [
    { ori: FBI_CJIS_ORI, name: "FBI CJIS Division (IAFIS)", kind: "FBI_CJIS", state: "WV", synthetic: true },
    { ori: IDENT_ORI, name: "DHS US-VISIT (IDENT)", kind: "IDENT", state: "DC", synthetic: true },
    { ori: LESC_ORI, name: "ICE Law Enforcement Support Center", kind: "LESC", state: "VT", synthetic: true },
    ...ERO_FIELD_OFFICES.map(
      (office): Agency => ({
        ori: office.ori,
        name: `ICE ERO ${office.city} Field Office`,
        kind: "ERO_FO",
        state: office.state,
        fieldOffice: office.id,
        synthetic: true,
      }),
    ),
    ...states.map(
      (state): Agency => ({
        ori: sibOriOf(state.postal),
        name: `${state.name} State Identification Bureau`,
        kind: "SIB",
        state: state.postal,
        synthetic: true,
      }),
    ),
  ];

  const jurisdictions = counties.map((county): Jurisdiction => {
    const local = countyAgencies(county);
    agencies.push(...local);
    const countyRandom = random.fork(county.fips);
    const override = { ...options.receipt?.[county.state], ...options.receipt?.[county.fips] };
    const optsOut = countyRandom.chance(optOut);
    return {
      id: county.fips,
      name: `${county.fullName}, ${county.state}`,
      state: county.state,
      population: county.population,
      sibOri: sibOriOf(county.state),
      fieldOffice: fieldOfficeFor(county.state, county.fips).id,
      facilityOris: local.map((agency) => agency.ori),
      activation: activationOf(county, countyRandom, table, options),
      receipt: { idr: override.idr ?? !optsOut, iar: override.iar ?? !optsOut },
      synthetic: true,
    };
  });

  const stateRecords = states.map((state): StateRecord => {
    const own = counties.filter((county) => county.state === state.postal);
    return {
      ...state,
      sibOri: sibOriOf(state.postal),
      countyCount: own.length,
      population: own.reduce((sum, county) => sum + county.population, 0),
    };
  });
  return { states: stateRecords, counties, agencies, jurisdictions, fieldOffices: ERO_FIELD_OFFICES };
}
