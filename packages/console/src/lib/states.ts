import type { Tone } from "../components/badge.js";
import type { TransactionSummary } from "./api/types.js";

export type BookingState = TransactionSummary["state"];

/** How the console shows each booking state; a Record over the hub's enum, so none can be missing. */
export const BOOKING_STATES: Record<BookingState, { label: string; tone: Tone }> = {
  RECEIVED: { label: "Received", tone: "info" },
  VALIDATED: { label: "Validated", tone: "info" },
  REJECTED: { label: "Rejected", tone: "bad" },
  CRIMINAL_SEARCHED: { label: "Criminal search done", tone: "info" },
  IDENT_SEARCHED: { label: "IDENT match", tone: "warn" },
  IAQ_SENT: { label: "With the LESC", tone: "warn" },
  IAR_RETURNED: { label: "IAR returned", tone: "warn" },
  CLOSED: { label: "Closed", tone: "good" },
  FAILED: { label: "Failed (ERRT sent)", tone: "bad" },
};

export const BOOKING_STATE_ORDER = Object.keys(BOOKING_STATES) as BookingState[];
