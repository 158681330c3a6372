import type { ImmigrationStatusCode } from "@tenprint/nist";

/**
 * A synthetic person's true immigration or citizenship status. The immigration record (IDENT) may say
 * something else: NATURALIZED_RECORD_NOT_UPDATED is a citizen whose IDENT record still shows the status
 * before naturalisation, the case behind US-citizen "matches".
 */
export type ImmigrationStatus =
  | "US_CITIZEN"
  | "NATURALIZED_CITIZEN"
  | "NATURALIZED_RECORD_NOT_UPDATED"
  | "LAWFUL_PERMANENT_RESIDENT"
  | "NONIMMIGRANT_IN_STATUS"
  | "VISA_OVERSTAY"
  | "ENTERED_WITHOUT_INSPECTION"
  | "PENDING_PROCEEDINGS"
  | "FINAL_ORDER"
  | "REFUGEE_ASYLEE";

export const IMMIGRATION_STATUSES: readonly ImmigrationStatus[] = [
  "US_CITIZEN",
  "NATURALIZED_CITIZEN",
  "NATURALIZED_RECORD_NOT_UPDATED",
  "LAWFUL_PERMANENT_RESIDENT",
  "NONIMMIGRANT_IN_STATUS",
  "VISA_OVERSTAY",
  "ENTERED_WITHOUT_INSPECTION",
  "PENDING_PROCEEDINGS",
  "FINAL_ORDER",
  "REFUGEE_ASYLEE",
];

/** Statuses drawn for foreign-born persons (US-born persons are US_CITIZEN). Weights, normalised on use. */
export const DEFAULT_FOREIGN_BORN_STATUS_SHARES: Readonly<
  Record<Exclude<ImmigrationStatus, "US_CITIZEN">, number>
> = {
  NATURALIZED_CITIZEN: 0.2,
  NATURALIZED_RECORD_NOT_UPDATED: 0.04,
  LAWFUL_PERMANENT_RESIDENT: 0.28,
  NONIMMIGRANT_IN_STATUS: 0.05,
  VISA_OVERSTAY: 0.11,
  ENTERED_WITHOUT_INSPECTION: 0.19,
  PENDING_PROCEEDINGS: 0.07,
  FINAL_ORDER: 0.03,
  REFUGEE_ASYLEE: 0.03,
};

/**
 * Probability that IDENT holds the person's fingerprints, by true status: everyone who applied for a visa
 * or benefit, entered through a port with biometrics or was apprehended is enrolled; people who entered
 * without inspection and were never caught are not, and US-born citizens only rarely (e.g. an earlier
 * erroneous encounter).
 */
export const DEFAULT_IDENT_ENROLMENT: Readonly<Record<ImmigrationStatus, number>> = {
  US_CITIZEN: 0.005,
  NATURALIZED_CITIZEN: 0.98,
  NATURALIZED_RECORD_NOT_UPDATED: 1,
  LAWFUL_PERMANENT_RESIDENT: 0.97,
  NONIMMIGRANT_IN_STATUS: 0.95,
  VISA_OVERSTAY: 0.93,
  ENTERED_WITHOUT_INSPECTION: 0.35,
  PENDING_PROCEEDINGS: 1,
  FINAL_ORDER: 1,
  REFUGEE_ASYLEE: 1,
};

/** The status an accurate LESC determination returns (the IAR IST code of @tenprint/nist). */
export function lescStatusCode(status: ImmigrationStatus): ImmigrationStatusCode {
  switch (status) {
    case "US_CITIZEN":
    case "NATURALIZED_CITIZEN":
    case "NATURALIZED_RECORD_NOT_UPDATED":
      return "USC";
    case "LAWFUL_PERMANENT_RESIDENT":
      return "LPR";
    case "NONIMMIGRANT_IN_STATUS":
      return "NIV";
    case "REFUGEE_ASYLEE":
      return "RFG";
    case "VISA_OVERSTAY":
    case "ENTERED_WITHOUT_INSPECTION":
    case "PENDING_PROCEEDINGS":
      return "REM";
    case "FINAL_ORDER":
      return "FOR";
  }
}

/** What the IDENT record shows: the status before naturalisation when the record was never updated. */
export function recordedStatus(status: ImmigrationStatus): ImmigrationStatus {
  return status === "NATURALIZED_RECORD_NOT_UPDATED" ? "LAWFUL_PERMANENT_RESIDENT" : status;
}
