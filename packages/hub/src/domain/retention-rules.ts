/**
 * Retention rules (decision 0016), pure. A booking's prints are kept while a repository that searched it
 * retains them (per repository policy); a message is kept for its type's number of days. The storage
 * and the purge job apply these; nothing here reads a clock or a database.
 */

/** The repositories a booking can be searched in. */
export const RETENTION_REPOSITORIES = ["criminal", "ident"] as const;
export type RetentionRepository = (typeof RETENTION_REPOSITORIES)[number];

/** States a booking leaves no more: its searches are done (or will never run) and no case reads its prints. */
export const FINISHED_BOOKING_STATES = ["CLOSED", "FAILED", "REJECTED"] as const;

export interface RetentionPolicies {
  /** Per repository: does it retain the prints of the bookings it searched? */
  readonly prints: Readonly<Record<RetentionRepository, boolean>>;
  /** Per message type: days a message is kept after it was created; a type not listed is kept. */
  readonly messageDays: Readonly<Record<string, number>>;
}

/** What a booking's state says of its searches: which repositories searched it. */
export function searchedRepositories(stateData: Readonly<Record<string, unknown>>): RetentionRepository[] {
  const searched: RetentionRepository[] = [];
  if ("criminalMatch" in stateData) searched.push("criminal");
  if ("identMatch" in stateData) searched.push("ident");
  return searched;
}

export interface PrintsDecision {
  readonly retained: boolean;
  /** The repositories that searched the booking and retain its prints. */
  readonly retainedBy: readonly RetentionRepository[];
  readonly searchedIn: readonly RetentionRepository[];
}

/**
 * A finished booking's prints are deleted unless a repository that searched it retains them. A booking
 * no repository searched (refused at validation, or failed before its search) is retained by none.
 */
export function printsDecision(
  state: string,
  stateData: Readonly<Record<string, unknown>>,
  policies: RetentionPolicies,
): PrintsDecision | undefined {
  if (!(FINISHED_BOOKING_STATES as readonly string[]).includes(state)) return undefined;
  const searchedIn = searchedRepositories(stateData);
  const retainedBy = searchedIn.filter((repository) => policies.prints[repository]);
  return { retained: retainedBy.length > 0, retainedBy, searchedIn };
}

/** The instant before which messages of a type kept `keepDays` days are deleted. */
export function messageCutoff(now: Date, keepDays: number): Date {
  return new Date(now.getTime() - keepDays * 86_400_000);
}

/** A policy change as the operator states it; refused with a reason when it makes no sense. */
export type RetentionChange =
  | { readonly kind: "BOOKING_PRINTS"; readonly repository: string; readonly retain: boolean }
  | { readonly kind: "MESSAGES"; readonly type: string; readonly keepDays: number | null };

export function retentionChangeProblem(
  change: RetentionChange,
  messageTypes: readonly string[],
): string | undefined {
  if (change.kind === "BOOKING_PRINTS")
    return (RETENTION_REPOSITORIES as readonly string[]).includes(change.repository)
      ? undefined
      : `repository ${change.repository} is not one of ${RETENTION_REPOSITORIES.join(", ")}`;
  if (!messageTypes.includes(change.type))
    return `message type ${change.type} is not one of ${messageTypes.join(", ")}`;
  if (change.keepDays !== null && (!Number.isInteger(change.keepDays) || change.keepDays < 1))
    return `days to keep ${change.type} messages must be a whole number of at least 1 (or keep them)`;
  return undefined;
}
