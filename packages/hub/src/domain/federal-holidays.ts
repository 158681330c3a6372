import { FEDERAL_HOLIDAY_RULES, type HolidayRule, INAUGURATION_DAY } from "./data/federal-holiday-rules.js";
import { DomainInputError, requireIsoDay } from "./domain-error.js";
import { DOMAIN_PARAMETERS } from "./domain-parameters.js";

export interface FederalHoliday {
  readonly name: string;
  /** The legal date, YYYY-MM-DD. */
  readonly date: string;
  /** The day off: Saturday holidays move to Friday, Sunday ones to Monday (5 U.S.C. 6103(b), EO 11582). */
  readonly observed: string;
}

export interface HolidayOptions {
  /** Count Inauguration Day (DC-area federal employees only); default false. */
  readonly inaugurationDay?: boolean;
}

const DAY_MS = 86_400_000;

function isoOf(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function dateOfRule(rule: HolidayRule, year: number): number {
  switch (rule.kind) {
    case "fixed":
      return rule.day;
    case "nth-weekday": {
      const first = (rule.weekday - weekdayOf(year, rule.month, 1) + 7) % 7;
      return 1 + first + 7 * (rule.nth - 1);
    }
    case "last-weekday": {
      const last = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
      return last - ((weekdayOf(year, rule.month, last) - rule.weekday + 7) % 7);
    }
  }
}

function shift(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function observedOf(iso: string): string {
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return weekday === 6 ? shift(iso, -1) : weekday === 0 ? shift(iso, 1) : iso;
}

/** Computed years, keyed by year and option; bounded by the supported range of years. */
const computed = new Map<string, readonly FederalHoliday[]>();

function holidaysOfYear(year: number, options: HolidayOptions): readonly FederalHoliday[] {
  const key = `${year}:${options.inaugurationDay === true}`;
  let holidays = computed.get(key);
  if (!holidays) {
    holidays = computeHolidays(year, options);
    computed.set(key, holidays);
  }
  return holidays;
}

function computeHolidays(year: number, options: HolidayOptions): FederalHoliday[] {
  const holidays: FederalHoliday[] = FEDERAL_HOLIDAY_RULES.filter(
    (rule) =>
      (rule.from === undefined || year >= rule.from) && (rule.until === undefined || year <= rule.until),
  ).map((rule) => {
    const date = isoOf(year, rule.month, dateOfRule(rule, year));
    return { name: rule.name, date, observed: observedOf(date) };
  });
  const inauguration = INAUGURATION_DAY;
  if (
    options.inaugurationDay &&
    year >= inauguration.firstYear &&
    (year - inauguration.firstYear) % inauguration.everyYears === 0
  ) {
    const date = isoOf(year, inauguration.month, inauguration.day);
    const sunday = weekdayOf(year, inauguration.month, inauguration.day) === 0;
    holidays.push({ name: inauguration.name, date, observed: sunday ? shift(date, 1) : date });
  }
  return holidays.sort((a, b) => a.observed.localeCompare(b.observed));
}

function requireYear(year: number): void {
  const { firstYear, lastYear } = DOMAIN_PARAMETERS.calendar;
  if (!Number.isInteger(year) || year < firstYear || year > lastYear) {
    throw new DomainInputError("year", `${year} is outside the supported years ${firstYear}–${lastYear}`);
  }
}

/** The holidays whose legal date falls in `year` (an observed day may fall on 31 December before). */
export function federalHolidays(year: number, options: HolidayOptions = {}): readonly FederalHoliday[] {
  requireYear(year);
  return holidaysOfYear(year, options).map((holiday) => ({ ...holiday }));
}

/** The holiday observed on a calendar day (YYYY-MM-DD), or null. */
export function federalHolidayOn(day: string, options: HolidayOptions = {}): FederalHoliday | null {
  requireIsoDay("day", day);
  const year = Number(day.slice(0, 4));
  requireYear(year);
  // New Year's Day on a Saturday is observed on 31 December of the year before.
  const candidates = [...holidaysOfYear(year, options), ...holidaysOfYear(year + 1, options)];
  return candidates.find((holiday) => holiday.observed === day) ?? null;
}
