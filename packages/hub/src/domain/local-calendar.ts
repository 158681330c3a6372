import { DomainInputError } from "./domain-error.js";

/**
 * Calendar days in an IANA time zone with the platform's Intl data (no dependency): which local day an
 * instant falls on, and when a local day starts.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      });
    } catch {
      throw new DomainInputError("timeZone", `${timeZone} is not an IANA time zone known to this runtime`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws DomainInputError unless the runtime knows the IANA zone. */
export function requireTimeZone(timeZone: string): string {
  formatterFor(timeZone);
  return timeZone;
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** UTC offset of the zone at an instant, from its local wall-clock reading. */
function offsetAt(instantMs: number, timeZone: string): number {
  let formatter = clockFormatters.get(timeZone);
  if (!formatter) {
    requireTimeZone(timeZone);
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    clockFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(instantMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/** The local calendar day of an instant, YYYY-MM-DD. */
export function localDay(instantMs: number, timeZone: string): string {
  // The common reporting zone needs no Intl call.
  if (timeZone === "UTC") return new Date(instantMs).toISOString().slice(0, 10);
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

/**
 * The first instant whose local day is `day` or later. Derived from the zone's offset and checked; when a
 * daylight-saving change near midnight defeats the offset (a skipped or repeated midnight), searched to
 * the minute instead, so the day's real start is found either way.
 */
export function startOfLocalDay(day: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  if (timeZone === "UTC") return utcMidnight;
  const candidate = utcMidnight - offsetAt(utcMidnight - offsetAt(utcMidnight, timeZone), timeZone);
  if (localDay(candidate, timeZone) >= day && localDay(candidate - MINUTE_MS, timeZone) < day)
    return candidate;
  // Every zone's offset is within ±14 h, so the local midnight lies within ±36 h of UTC midnight.
  let low = utcMidnight - 36 * 3_600_000;
  let high = utcMidnight + 36 * 3_600_000;
  while (high - low > MINUTE_MS) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (localDay(mid, timeZone) >= day) high = mid;
    else low = mid;
  }
  return high;
}

/** The calendar day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
