/**
 * What the report builders read: rows the repository aggregates or lists from the hub's tables. Months
 * are YYYY-MM in the report's zone; instants are ISO-8601 UTC strings. The builders are pure functions
 * of these rows, so a hand-built history can be checked figure by figure.
 */

export interface JurisdictionRow {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly activationStatus: string;
  /** ISO instant of activation, null when not activated. */
  readonly activatedAt: string | null;
}

/** Bookings by jurisdiction, month of receipt and whether they were received after activation. */
export interface BookingCountRow {
  readonly jurisdictionId: string;
  readonly month: string;
  readonly afterActivation: boolean;
  readonly bookings: number;
  /** Bookings whose IDENT search ran (match or no match). */
  readonly identSearches: number;
  readonly identMatches: number;
  readonly iaqs: number;
  readonly iars: number;
}

/** IARs by the status the LESC determined, counted by the booking's month. */
export interface IarStatusRow {
  readonly jurisdictionId: string;
  readonly month: string;
  readonly afterActivation: boolean;
  readonly status: string;
  readonly count: number;
}

/** IDENT matches by the priority level ERO's review assigned (null label: not yet reviewed). */
export interface MatchLevelRow {
  readonly jurisdictionId: string;
  readonly month: string;
  readonly afterActivation: boolean;
  readonly ruleSet: string | null;
  readonly version: string | null;
  readonly label: string | null;
  readonly count: number;
}

export type DetainerEvent = "ISSUED" | "SERVED" | "LIFTED" | "LAPSED";

/** Detainer events by the month in which each happened, with the level the detainer rests on. */
export interface DetainerEventRow {
  readonly jurisdictionId: string;
  readonly month: string;
  readonly event: DetainerEvent;
  readonly ruleSet: string | null;
  readonly version: string | null;
  readonly label: string | null;
  readonly count: number;
}

export interface MonthlyRows {
  readonly jurisdictions: readonly JurisdictionRow[];
  readonly bookings: readonly BookingCountRow[];
  readonly iarStatuses: readonly IarStatusRow[];
  readonly matchLevels: readonly MatchLevelRow[];
  readonly detainerEvents: readonly DetainerEventRow[];
}

/** One IAQ with the time its IAR answered it (null while unanswered). */
export interface IaqAnswerRow {
  readonly transactionId: string;
  readonly iaqAt: string;
  readonly iarAt: string | null;
}

/** One ERO review: when the IAR reached ERO and when ERO decided. */
export interface EroReviewRow {
  readonly transactionId: string;
  readonly iarAt: string;
  readonly reviewedAt: string;
  readonly detainerIssued: boolean;
}

export interface DetainerRow {
  readonly id: string;
  readonly transactionId: string;
  readonly tcn: string;
  readonly jurisdictionId: string;
  readonly leaOri: string;
  readonly status: string;
  readonly issuedAt: string;
  readonly servedAt: string | null;
  readonly holdStartedAt: string | null;
  readonly holdDeadline: string | null;
  readonly closedAt: string | null;
  readonly liftReason: string | null;
  readonly redress: boolean;
  readonly ruleSet: string | null;
  readonly version: string | null;
  readonly label: string | null;
  /** The priority inputs hold at least one conviction. */
  readonly hasConviction: boolean;
}

/** A person an IDENT match sent to the LESC and whom the LESC found lawfully present (IST USC or LPR). */
export interface StatusFindingRow {
  readonly transactionId: string;
  readonly tcn: string;
  readonly jurisdictionId: string;
  readonly status: string;
  readonly determinedAt: string;
  readonly redressReferral: boolean;
  readonly matchOverturned: boolean;
}

export interface IdentSearchSummaryRow {
  readonly identSearches: number;
  readonly identMatches: number;
  /** Sum of the FPIRs the matched candidates carried. */
  readonly sumMatchFpir: number;
  readonly overturned: number;
}

/** Booking outcomes by jurisdiction and the booking's Type-2 race and place of birth. */
export interface DemographicRow {
  readonly jurisdictionId: string;
  readonly race: string;
  readonly placeOfBirth: string;
  readonly bookings: number;
  readonly identMatches: number;
  readonly iaqs: number;
  readonly detainers: number;
}

/**
 * One booking as the "searches the jurisdiction did not agree to" section follows a person: where it was
 * taken, whether IDENT searched it, what followed, and for a prison intake the county of arrest.
 */
export interface JourneyRow {
  readonly transactionId: string;
  readonly jurisdictionId: string;
  /** COUNTY or FACILITY; UNLISTED for an agency the directory does not know. */
  readonly siteKind: string;
  readonly receivedAt: string;
  /** The person as the criminal repository knows them (matched record or the record this booking made). */
  readonly personKey: string | null;
  /** The booking was held back from IDENT because its site was not activated. */
  readonly notActivated: boolean;
  readonly identSearched: boolean;
  readonly identMatch: boolean;
  readonly iaq: boolean;
  readonly detainer: boolean;
  /** The LESC's determined status (USC, LPR, REM, …), null when none. */
  readonly lescStatus: string | null;
  /** A prison intake's county of arrest, and whether IDENT applied there on the arrest day. */
  readonly arrestJurisdictionId: string | null;
  readonly arrestIdentSearch: boolean | null;
}

export interface AccountabilityRows {
  readonly jurisdictions: readonly JurisdictionRow[];
  readonly iaqAnswers: readonly IaqAnswerRow[];
  readonly eroReviews: readonly EroReviewRow[];
  readonly detainers: readonly DetainerRow[];
  readonly statusFindings: readonly StatusFindingRow[];
  readonly identSearches: IdentSearchSummaryRow;
  readonly demographics: readonly DemographicRow[];
  /** Absent in rows built before the section existed (hand-built histories). */
  readonly journeys?: readonly JourneyRow[];
}

/**
 * What a synthetic run knows and a real programme never does: for each IDENT match, whether it named
 * the booked person. Passed in by the simulation (or from its ground-truth file), never stored by the hub.
 */
export interface GroundTruth {
  readonly identMatches: readonly { readonly transactionId: string; readonly correct: boolean }[];
  /** Bookings of people IDENT holds whose search found nobody (false non-matches). */
  readonly missedMates: number;
  /** Bookings whose person IDENT holds, searched. */
  readonly matedSearches: number;
}
