/**
 * An immigration or citizenship status as an IDENT record states it. NATURALIZED_RECORD_NOT_UPDATED is a
 * citizen whose record still shows the status before naturalisation, the case behind US-citizen
 * "matches".
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

/** The kind of a biometric enrolment in IDENT (an "encounter"). */
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
