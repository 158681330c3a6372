import { DomainInputError, toInstant } from "./domain-error.js";
import { DOMAIN_PARAMETERS } from "./domain-parameters.js";
import { federalHolidayOn, type HolidayOptions } from "./federal-holidays.js";
import { localDay, nextDay, requireTimeZone, startOfLocalDay } from "./local-calendar.js";

/**
 * The detainer hold clock, 8 CFR 287.7(d): a person may be held up to 48 hours beyond the time they would
 * otherwise be released, "excluding Saturdays, Sundays, and holidays".
 *
 * Time zones: which days are Saturdays, Sundays and holidays depends on the facility's local calendar, so
 * the caller passes the facility's IANA zone (e.g. "America/Chicago"); days are cut at local midnight with
 * the platform's Intl time-zone data, no extra dependency. Within a counted day the clock runs in real
 * elapsed time, so a day with a daylight-saving change contributes 23 or 25 hours: the limit protects a
 * person's liberty, which is measured in real hours, not wall-clock readings. Only federal holidays are
 * excluded; state holidays vary by facility and are not modelled. The default zone is UTC, which is only
 * right for tests and for facilities that really keep UTC.
 */

export type ExcludedReason = "SATURDAY" | "SUNDAY" | "HOLIDAY";

export interface ExcludedDay {
  /** Local calendar day, YYYY-MM-DD. */
  readonly day: string;
  readonly reason: ExcludedReason;
  readonly holiday?: string;
}

export interface HoldWindow {
  readonly releaseDue: Date;
  readonly deadline: Date;
  readonly timeZone: string;
  /** Days the clock stood still, in order. */
  readonly excludedDays: readonly ExcludedDay[];
}

export interface HoldOptions extends HolidayOptions {
  /** IANA zone of the facility; default "UTC". */
  readonly timeZone?: string;
  /** Hours of hold to count; default 48 (8 CFR 287.7(d)). */
  readonly hours?: number;
}

const OFFSET_OR_Z = /T.*(Z|[+-]\d{2}:?\d{2})$/i;
function exclusionOf(day: string, options: HolidayOptions): ExcludedDay | null {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 6) return { day, reason: "SATURDAY" };
  if (weekday === 0) return { day, reason: "SUNDAY" };
  const holiday = federalHolidayOn(day, options);
  return holiday ? { day, reason: "HOLIDAY", holiday: holiday.name } : null;
}

/** The hold window from the time of normal release, with the days that did not count. */
export function holdWindow(releaseDue: Date | string, options: HoldOptions = {}): HoldWindow {
  const timeZone = options.timeZone ?? "UTC";
  const hours = options.hours ?? DOMAIN_PARAMETERS.detainer.holdHours;
  if (!(hours > 0 && hours <= DOMAIN_PARAMETERS.detainer.maxHoldHours)) {
    throw new DomainInputError(
      "hours",
      `${hours} is not a hold length from 0 to ${DOMAIN_PARAMETERS.detainer.maxHoldHours} hours`,
    );
  }
  if (typeof releaseDue === "string" && !OFFSET_OR_Z.test(releaseDue)) {
    // "2026-11-25T17:00" would be read in the server's zone, not the facility's: refuse to guess.
    throw new DomainInputError("releaseDue", `${releaseDue} has no UTC offset or Z; give one`);
  }
  const start = toInstant("releaseDue", releaseDue);
  requireTimeZone(timeZone);
  let remaining = hours * 3_600_000;
  let t = start.getTime();
  const excludedDays: ExcludedDay[] = [];
  for (let i = 0; i < DOMAIN_PARAMETERS.calendar.maxHoldSpanDays; i++) {
    const day = localDay(t, timeZone);
    const dayEnd = startOfLocalDay(nextDay(day), timeZone);
    const excluded = exclusionOf(day, options);
    if (excluded) {
      excludedDays.push(excluded);
    } else if (remaining <= dayEnd - t) {
      return { releaseDue: start, deadline: new Date(t + remaining), timeZone, excludedDays };
    } else {
      remaining -= dayEnd - t;
    }
    t = dayEnd;
  }
  throw new DomainInputError(
    "releaseDue",
    `the hold does not end within ${DOMAIN_PARAMETERS.calendar.maxHoldSpanDays} days`,
  );
}

/** When a detainer hold that started at `releaseDue` must end. */
export function holdDeadline(
  releaseDue: Date | string,
  timeZone?: string,
  options: HolidayOptions = {},
): Date {
  return holdWindow(releaseDue, { ...options, ...(timeZone === undefined ? {} : { timeZone }) }).deadline;
}

/** Where a running hold stands at one instant, for a live countdown. */
export interface HoldProgress {
  readonly deadline: Date;
  readonly timeZone: string;
  /** Counted hold time still to run, in ms; 0 once the deadline has passed. */
  readonly remainingMs: number;
  /** The excluded day the instant falls on (the clock stands still), or null while it runs. */
  readonly pausedFor: ExcludedDay | null;
}

/**
 * How much of the hold that started at `holdStartedAt` is left at `at`, counted as holdWindow counts it:
 * only the real time of days that are not Saturdays, Sundays or federal holidays in the facility's zone.
 * The console's countdown uses this so that it stands still exactly when the hub's clock does.
 */
export function holdProgress(
  holdStartedAt: Date | string,
  at: Date,
  options: HoldOptions = {},
): HoldProgress {
  const window = holdWindow(holdStartedAt, options);
  const { timeZone } = window;
  const hours = options.hours ?? DOMAIN_PARAMETERS.detainer.holdHours;
  const now = at.getTime();
  const pausedFor = exclusionOf(localDay(now, timeZone), options);
  if (now >= window.deadline.getTime())
    return { deadline: window.deadline, timeZone, remainingMs: 0, pausedFor: null };
  let counted = 0;
  let t = window.releaseDue.getTime();
  while (t < now) {
    const day = localDay(t, timeZone);
    const dayEnd = startOfLocalDay(nextDay(day), timeZone);
    if (!exclusionOf(day, options)) counted += Math.min(dayEnd, now) - t;
    t = dayEnd;
  }
  return {
    deadline: window.deadline,
    timeZone,
    remainingMs: Math.max(0, hours * 3_600_000 - counted),
    pausedFor,
  };
}
