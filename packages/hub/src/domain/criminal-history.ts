import type { NcicOffenseCode } from "@tenprint/nist";
import type { Severity } from "./charge-severity.js";

export type Disposition = "CONVICTED" | "DISMISSED" | "ACQUITTED" | "PENDING";

export interface Sentence {
  readonly kind: "PRISON" | "JAIL" | "PROBATION" | "FINE";
  /** Custody or supervision length in days (absent for fines). */
  readonly days?: number;
  /** Fine in dollars (fines only). */
  readonly amount?: number;
}

export interface ChargeOutcome {
  readonly ncic: NcicOffenseCode;
  readonly literal: string;
  readonly severity: Severity;
  readonly disposition: Disposition;
  /** CCYYMMDD; absent while pending. */
  readonly dispositionDate?: string;
  readonly sentence?: Sentence;
}

/** One arrest in a criminal history, as the criminal repository (the IAFIS role) holds it. */
export interface ArrestEvent {
  /** CCYYMMDD. */
  readonly date: string;
  readonly state: string;
  readonly agencyOri: string;
  readonly charges: readonly ChargeOutcome[];
}
