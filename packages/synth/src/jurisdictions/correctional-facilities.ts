import { DAY_MS, isoDate, parseIsoDate } from "../population/calendar-dates.js";
import { requireWeights, SynthOptionError } from "../population/synth-option-error.js";
import { SeededRandom } from "../seeded-random.js";
import { WeightedTable } from "../weighted-table.js";
import type { County } from "./county-table.js";
import type {
  Activation,
  ActivationStatus,
  JurisdictionSet,
  ReceiptPreference,
} from "./synthetic-jurisdictions.js";
import { ACTIVATION_STATUSES } from "./synthetic-jurisdictions.js";

/** A state department of corrections: the parent of its reception (intake) facilities. */
export interface CorrectionsDepartment {
  /** Nine characters: state, "DOC", "0000". */
  readonly ori: string;
  readonly name: string;
  readonly state: string;
  readonly synthetic: true;
}

/**
 * A reception (intake) facility: where a person sentenced to prison arrives from county custody and is
 * fingerprinted again. A deployment site of its own, with its own activation and receipt preferences.
 */
export interface CorrectionalFacility {
  /** Nine characters: state, "DOC", two-digit facility number, "00". */
  readonly ori: string;
  /** A synthetic name after the county it sits in, marked "(synthetic)". */
  readonly name: string;
  readonly state: string;
  /** FIPS of the county the facility sits in (its location on the map). */
  readonly countyFips: string;
  readonly departmentOri: string;
  readonly activation: Activation;
  readonly receipt: ReceiptPreference;
  readonly synthetic: true;
}

export interface CorrectionsSet {
  readonly departments: readonly CorrectionsDepartment[];
  readonly facilities: readonly CorrectionalFacility[];
}

export interface CorrectionsOptions {
  readonly seed?: string;
  /** Shares of the activation statuses drawn for facilities without an override. */
  readonly activationShares?: Readonly<Record<ActivationStatus, number>>;
  /** Fixed statuses by state postal code or facility ORI (a facility entry wins). */
  readonly activation?: Readonly<Record<string, ActivationStatus>>;
  /** The day the statuses describe (YYYY-MM-DD, default 2010-10-01). */
  readonly asOf?: string;
}

/**
 * The deck: the programme "deployed selectively to state correctional system facilities" — reception
 * centres were activated ahead of many counties, so most are activated by the default day.
 */
export const DEFAULT_FACILITY_ACTIVATION_SHARES: Readonly<Record<ActivationStatus, number>> = {
  ACTIVATED: 0.7,
  SCHEDULED: 0.2,
  PLANNED: 0.1,
  DEFERRED: 0,
};
/** One reception centre per state, one more for each this many residents (population proxy), at most 4. */
const RESIDENTS_PER_EXTRA_FACILITY = 3_000_000;
const MAX_FACILITIES_PER_STATE = 4;
const FIRST_ACTIVATION = "2008-10-27";
const DEFAULT_AS_OF = "2010-10-01";

export function correctionsDepartmentOri(state: string): string {
  return `${state}DOC0000`;
}

export function facilityOri(state: string, number: number): string {
  if (!Number.isInteger(number) || number < 1 || number > 99)
    throw new RangeError(`facility number ${number} is outside 1–99`);
  return `${state}DOC${String(number).padStart(2, "0")}00`;
}

function checkOptions(options: CorrectionsOptions): void {
  if (options.activationShares) requireWeights("activationShares", options.activationShares);
  for (const [key, status] of Object.entries(options.activation ?? {})) {
    if (!ACTIVATION_STATUSES.includes(status))
      throw new SynthOptionError(
        `activation.${key}`,
        `"${status}" is not one of ${ACTIVATION_STATUSES.join(", ")}`,
      );
  }
  if (options.asOf !== undefined && Number.isNaN(parseIsoDate(options.asOf)))
    throw new SynthOptionError("asOf", `"${options.asOf}" is not a YYYY-MM-DD date`);
}

function facilityActivation(status: ActivationStatus, random: SeededRandom, asOf: number): Activation {
  const day = (from: number, to: number) =>
    isoDate(from + random.int(0, Math.max(0, Math.round((to - from) / DAY_MS))) * DAY_MS);
  if (status === "ACTIVATED") return { status, activatedAt: day(parseIsoDate(FIRST_ACTIVATION), asOf) };
  if (status === "PLANNED") return { status };
  return { status, scheduledAt: day(asOf + DAY_MS, asOf + 365 * DAY_MS) };
}

/** Counties drawn by population without replacement: reception centres sit where people are. */
function facilityCounties(counties: readonly County[], count: number, random: SeededRandom): County[] {
  const left = [...counties];
  const chosen: County[] = [];
  while (chosen.length < count && left.length > 0) {
    const table = new WeightedTable(left.map((county, index) => [index, county.population] as const));
    const [county] = left.splice(table.sample(random), 1);
    if (county) chosen.push(county);
  }
  return chosen.sort((a, b) => a.fips.localeCompare(b.fips));
}

/**
 * Each generated state's department of corrections and its reception facilities: real counties as their
 * locations, synthetic ORIs and names, activation drawn from DEFAULT_FACILITY_ACTIVATION_SHARES (or the
 * given shares and overrides) and full receipt of the IDR and IAR.
 */
export function generateCorrections(
  jurisdictions: JurisdictionSet,
  options: CorrectionsOptions = {},
): CorrectionsSet {
  checkOptions(options);
  const random = SeededRandom.fromText(options.seed ?? "tenprint").fork("corrections");
  const shares = options.activationShares ?? DEFAULT_FACILITY_ACTIVATION_SHARES;
  const table = new WeightedTable(ACTIVATION_STATUSES.map((status) => [status, shares[status]] as const));
  const asOf = parseIsoDate(options.asOf ?? DEFAULT_AS_OF);
  const departments: CorrectionsDepartment[] = [];
  const facilities: CorrectionalFacility[] = [];
  for (const state of jurisdictions.states) {
    const stateRandom = random.fork(state.postal);
    const departmentOri = correctionsDepartmentOri(state.postal);
    departments.push({
      ori: departmentOri,
      name: `${state.name} Department of Corrections (synthetic)`,
      state: state.postal,
      synthetic: true,
    });
    const count = Math.min(
      MAX_FACILITIES_PER_STATE,
      1 + Math.floor(state.population / RESIDENTS_PER_EXTRA_FACILITY),
    );
    const counties = jurisdictions.counties.filter((county) => county.state === state.postal);
    facilityCounties(counties, count, stateRandom).forEach((county, index) => {
      const ori = facilityOri(state.postal, index + 1);
      const status =
        options.activation?.[ori] ?? options.activation?.[state.postal] ?? table.sample(stateRandom);
      facilities.push({
        ori,
        name: `${county.name} Reception Center (synthetic)`,
        state: state.postal,
        countyFips: county.fips,
        departmentOri,
        activation: facilityActivation(status, stateRandom.fork(ori), asOf),
        receipt: { idr: true, iar: true },
        synthetic: true,
      });
    });
  }
  return { departments, facilities };
}
