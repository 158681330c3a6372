import type { ImmigrationStatusCode } from "../../lib/api/types.js";

/** The IAR status codes as an analyst reads them; a Record over the hub's enum, so none is missing. */
export const STATUS_NAMES: Record<ImmigrationStatusCode, string> = {
  USC: "United States citizen",
  LPR: "Lawful permanent resident",
  NIV: "Nonimmigrant in status",
  RFG: "Refugee or asylee",
  REM: "Removable",
  FOR: "Final order of removal",
  UNK: "Unknown",
};

export const STATUS_CODES = Object.keys(STATUS_NAMES) as ImmigrationStatusCode[];
