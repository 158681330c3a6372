/**
 * What a transition asks the imperative shell to do, as plain data. The shell writes the new state,
 * the audit events and the messages (outbox) in one database transaction, then schedules the work.
 */

/** Message types the hub emits (EBTS responses, Nlets-style IAQ/IAR, ERO detainer notices). */
export type MessageType = "SRE" | "ERRT" | "IDR" | "IAQ" | "IAR" | "DETAINER_ISSUED" | "DETAINER_LIFTED";

/**
 * Receipt preferences suppress delivery, never the search: a suppressed message is still recorded
 * (and counted) so that an auditor can see what was withheld.
 */
export type Delivery = "delivered" | "suppressed";

/** An identification: the best candidate with the evidence that makes it one. */
export interface MatchEvidence {
  /** Gallery identity (the FIN in the immigration repository, the UCN in the criminal one). */
  readonly identity: string;
  /** Matcher score (−log10 of the fused FMR; higher is stronger). */
  readonly score: number;
  /** Estimated false-match rate of this evidence against one non-mated identity. */
  readonly fmr: number;
  /** Estimated false-positive identification rate at the gallery's size. */
  readonly fpir: number;
  readonly gallerySize: number;
}

export interface MessageEffect {
  readonly kind: "message";
  readonly type: MessageType;
  /** ORI of the agency whose inbox/webhook receives it. */
  readonly to: string;
  readonly delivery: Delivery;
  /** Content the shell renders into EBTS/Nlets/JSON; plain values only. */
  readonly content: Readonly<Record<string, unknown>>;
}

export interface AuditEffect {
  readonly kind: "audit";
  /** Verb in SCREAMING_SNAKE (e.g. IDENT_SEARCHED, IDR_SUPPRESSED, DETAINER_LIFTED). */
  readonly action: string;
  /** The object acted on, e.g. "transaction:<uuid>" for every step of one booking. */
  readonly object: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export type WorkKind =
  | "VALIDATE"
  | "CRIMINAL_SEARCH"
  | "IDENT_SEARCH"
  | "GENERATE_IAQ"
  | "LESC_REVIEW"
  | "ERO_REVIEW"
  | "CHECK_HOLD_EXPIRY"
  | "OPEN_REDRESS"
  | "ENROL_ARREST";

export interface WorkEffect {
  readonly kind: "work";
  readonly work: WorkKind;
  readonly object: string;
  /** Earliest instant to run it (ISO-8601); absent = now. */
  readonly notBefore?: string;
}

export type Effect = MessageEffect | AuditEffect | WorkEffect;

export interface Transition<S> {
  readonly state: S;
  readonly effects: readonly Effect[];
}
