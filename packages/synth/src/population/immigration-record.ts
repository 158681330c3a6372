import type { SeededRandom } from "../seeded-random.js";
import { compactDate, DAY_MS } from "./calendar-dates.js";
import { type ImmigrationStatus, recordedStatus } from "./immigration-status.js";
import { POPULATION_PARAMETERS as P } from "./population-parameters.js";

export type EncounterKind =
  | "VISA_APPLICATION"
  | "PORT_OF_ENTRY"
  | "BENEFIT_APPLICATION"
  | "NATURALIZATION"
  | "REFUGEE_PROCESSING"
  | "BORDER_APPREHENSION"
  | "ICE_ENCOUNTER"
  | "REMOVAL_ORDER"
  | "TRUSTED_TRAVELER";

/** One biometric enrolment in IDENT (an "encounter"). */
export interface Encounter {
  /** Encounter identifier: the FIN and a sequence number. */
  readonly eid: string;
  /** CCYYMMDD. */
  readonly date: string;
  readonly kind: EncounterKind;
  readonly location: string;
}

/** A person's record in the immigration repository (the IDENT role). */
export interface ImmigrationRecord {
  readonly synthetic: true;
  readonly personId: string;
  /** Fingerprint Identification Number. */
  readonly fin: string;
  /** A-number, nine digits; synthetic ones start with 9, a range not yet issued. */
  readonly aNumber?: string;
  /** What the record says; differs from the truth for a naturalised citizen whose record was not updated. */
  readonly recordedStatus: ImmigrationStatus;
  /** The person's true status (ground truth, for evaluation only). */
  readonly trueStatus: ImmigrationStatus;
  /** NCIC country code of citizenship as recorded. */
  readonly countryOfCitizenship: string;
  readonly encounters: readonly Encounter[];
}

const LOCATIONS: Readonly<Record<EncounterKind, readonly string[]>> = {
  VISA_APPLICATION: [
    "CIUDAD JUAREZ CONSULATE",
    "MANILA EMBASSY",
    "GUANGZHOU CONSULATE",
    "MUMBAI CONSULATE",
    "SANTO DOMINGO EMBASSY",
    "SAN SALVADOR EMBASSY",
  ],
  PORT_OF_ENTRY: [
    "SAN YSIDRO POE",
    "JFK AIRPORT",
    "MIAMI AIRPORT",
    "LAREDO POE",
    "LOS ANGELES AIRPORT",
    "EL PASO POE",
    "HOUSTON AIRPORT",
  ],
  BENEFIT_APPLICATION: [
    "USCIS ASC LOS ANGELES",
    "USCIS ASC HOUSTON",
    "USCIS ASC CHICAGO",
    "USCIS ASC MIAMI",
    "USCIS ASC NEW YORK",
  ],
  NATURALIZATION: [
    "USCIS FIELD OFFICE LOS ANGELES",
    "USCIS FIELD OFFICE HOUSTON",
    "USCIS FIELD OFFICE NEW YORK",
  ],
  REFUGEE_PROCESSING: ["USCIS REFUGEE CIRCUIT RIDE"],
  BORDER_APPREHENSION: [
    "RIO GRANDE VALLEY SECTOR",
    "TUCSON SECTOR",
    "SAN DIEGO SECTOR",
    "EL PASO SECTOR",
    "LAREDO SECTOR",
  ],
  ICE_ENCOUNTER: ["ICE ERO FIELD OPERATION"],
  REMOVAL_ORDER: ["EXECUTIVE OFFICE FOR IMMIGRATION REVIEW"],
  TRUSTED_TRAVELER: ["GLOBAL ENTRY ENROLLMENT CENTER"],
};

/** The encounters a status implies, in time order (before the reference day). */
function encounterKinds(status: ImmigrationStatus, random: SeededRandom): EncounterKind[] {
  switch (status) {
    case "US_CITIZEN":
      return ["TRUSTED_TRAVELER"];
    case "NATURALIZED_CITIZEN":
      return ["VISA_APPLICATION", "PORT_OF_ENTRY", "BENEFIT_APPLICATION", "NATURALIZATION"];
    case "NATURALIZED_RECORD_NOT_UPDATED":
      // The naturalisation never reached IDENT: the record ends with the green-card biometrics.
      return ["VISA_APPLICATION", "PORT_OF_ENTRY", "BENEFIT_APPLICATION"];
    case "LAWFUL_PERMANENT_RESIDENT":
      return random.chance(P.immigration.lprBenefitShare)
        ? ["VISA_APPLICATION", "PORT_OF_ENTRY", "BENEFIT_APPLICATION"]
        : ["VISA_APPLICATION", "PORT_OF_ENTRY"];
    case "NONIMMIGRANT_IN_STATUS":
    case "VISA_OVERSTAY":
      return ["VISA_APPLICATION", "PORT_OF_ENTRY"];
    case "ENTERED_WITHOUT_INSPECTION":
      return random.chance(P.immigration.repeatApprehensionShare)
        ? ["BORDER_APPREHENSION", "BORDER_APPREHENSION"]
        : ["BORDER_APPREHENSION"];
    case "PENDING_PROCEEDINGS":
      return random.chance(P.immigration.proceedingsAfterApprehensionShare)
        ? ["BORDER_APPREHENSION", "ICE_ENCOUNTER"]
        : ["VISA_APPLICATION", "PORT_OF_ENTRY", "ICE_ENCOUNTER"];
    case "FINAL_ORDER":
      return ["BORDER_APPREHENSION", "ICE_ENCOUNTER", "REMOVAL_ORDER"];
    case "REFUGEE_ASYLEE":
      return ["REFUGEE_PROCESSING", "PORT_OF_ENTRY", "BENEFIT_APPLICATION"];
  }
}

const WITH_A_NUMBER: ReadonlySet<ImmigrationStatus> = new Set([
  "NATURALIZED_CITIZEN",
  "NATURALIZED_RECORD_NOT_UPDATED",
  "LAWFUL_PERMANENT_RESIDENT",
  "PENDING_PROCEEDINGS",
  "FINAL_ORDER",
  "REFUGEE_ASYLEE",
]);

export function drawFin(random: SeededRandom): string {
  return random.digits(12);
}

export function drawANumber(random: SeededRandom): string {
  return `9${random.digits(8, true)}`;
}

/**
 * The IDENT record of an enrolled person: encounters spread from `firstMs` (arrival, or adulthood for
 * citizens) to the reference day, an A-number where the status implies one.
 */
export function drawImmigrationRecord(
  personId: string,
  status: ImmigrationStatus,
  countryOfCitizenship: string,
  firstMs: number,
  referenceMs: number,
  random: SeededRandom,
): ImmigrationRecord {
  const fin = drawFin(random);
  const kinds = encounterKinds(status, random);
  const span = Math.max(kinds.length, Math.floor((referenceMs - firstMs) / DAY_MS) - 1);
  const days = kinds.map(() => random.int(0, span)).sort((a, b) => a - b);
  const encounters = kinds.map(
    (kind, index): Encounter => ({
      eid: `${fin}-${String(index + 1).padStart(2, "0")}`,
      date: compactDate(firstMs + (days[index] ?? 0) * DAY_MS),
      kind,
      location: random.pick(LOCATIONS[kind]),
    }),
  );
  const hasANumber =
    WITH_A_NUMBER.has(status) ||
    (status === "ENTERED_WITHOUT_INSPECTION" && random.chance(P.immigration.apprehendedANumberShare));
  const shown = recordedStatus(status);
  return {
    synthetic: true,
    personId,
    fin,
    ...(hasANumber ? { aNumber: drawANumber(random) } : {}),
    recordedStatus: shown,
    trueStatus: status,
    countryOfCitizenship:
      shown === "NATURALIZED_CITIZEN" || shown === "US_CITIZEN" ? "US" : countryOfCitizenship,
    encounters,
  };
}
