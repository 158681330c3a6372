import type { Kysely } from "kysely";
import { DOMAIN_PARAMETERS } from "../domain/domain-parameters.js";
import { localDay, nextDay, requireTimeZone, startOfLocalDay } from "../domain/local-calendar.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { type AccountabilityReport, buildAccountabilityReport } from "./accountability-report.js";
import { buildMonthlyReport, type MonthlyReport } from "./monthly-report.js";
import { REPORT_PARAMETERS } from "./report-parameters.js";
import { PostgresReportRepository, type ReportRepository } from "./report-repository.js";
import type { GroundTruth } from "./report-rows.js";

/** A report request that names something the reports cannot cut: which option, and why. */
export class ReportRequestError extends Error {
  override name = "ReportRequestError";
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const STATE = /^[A-Z]{2}$/;

function checkCommon(options: { state?: string; timeZone?: string }): { state?: string; timeZone: string } {
  const timeZone = options.timeZone ?? REPORT_PARAMETERS.timeZone;
  try {
    requireTimeZone(timeZone);
  } catch {
    throw new ReportRequestError("timeZone", `${timeZone} is not an IANA time zone`);
  }
  const state = options.state?.toUpperCase();
  if (state !== undefined && !STATE.test(state))
    throw new ReportRequestError("state", `${options.state} is not a two-letter state code`);
  return { timeZone, ...(state ? { state } : {}) };
}

/** The first instant of a month (YYYY-MM) and of the month after it, in a zone. */
export function monthBounds(month: string, timeZone: string): { start: Date; end: Date } {
  const match = MONTH.exec(month);
  if (!match) throw new ReportRequestError("month", `${month} is not YYYY-MM`);
  const year = Number(match[1]);
  const m = Number(match[2]);
  // A four-digit year has no month after December 9999 to end the report on.
  if (year > 9998)
    throw new ReportRequestError("month", `${month} is past the last month a report can cover (9998-12)`);
  const yyyy = (y: number) => String(y).padStart(4, "0");
  const next = m === 12 ? `${yyyy(year + 1)}-01-01` : `${yyyy(year)}-${String(m + 1).padStart(2, "0")}-01`;
  return {
    start: new Date(startOfLocalDay(`${month}-01`, timeZone)),
    end: new Date(startOfLocalDay(next, timeZone)),
  };
}

export interface MonthlyRequest {
  /** YYYY-MM; default: the month `now` falls in, in the report's zone. */
  readonly month?: string;
  readonly now?: Date;
  readonly state?: string;
  readonly timeZone?: string;
}

export async function produceMonthlyReport(
  db: Kysely<HubDatabase>,
  request: MonthlyRequest,
  repository: ReportRepository = new PostgresReportRepository(db),
): Promise<MonthlyReport> {
  const { state, timeZone } = checkCommon(request);
  const month = request.month ?? localDay((request.now ?? new Date()).getTime(), timeZone).slice(0, 7);
  const { end } = monthBounds(month, timeZone);
  const rows = await repository.monthlyRows({ to: end, timeZone, ...(state ? { state } : {}) });
  return buildMonthlyReport(rows, {
    month,
    timeZone,
    localDay: (iso) => localDay(Date.parse(iso), timeZone),
    ...(state ? { state } : {}),
  });
}

export interface AccountabilityRequest {
  readonly state?: string;
  readonly timeZone?: string;
  /** Bookings received at or after this instant (default: all). */
  readonly from?: Date;
  /** … and before this one (default: now). */
  readonly to?: Date;
  /** The instant open holds are measured to (default: now). */
  readonly asOf?: Date;
  readonly groundTruth?: GroundTruth;
}

export async function produceAccountabilityReport(
  db: Kysely<HubDatabase>,
  request: AccountabilityRequest,
  repository: ReportRepository = new PostgresReportRepository(db),
): Promise<AccountabilityReport> {
  const { state, timeZone } = checkCommon(request);
  const to = request.to ?? new Date();
  if (Number.isNaN(to.getTime())) throw new ReportRequestError("to", "is not a date");
  if (request.from && !(request.from < to))
    throw new ReportRequestError("from", `${request.from.toISOString()} is not before ${to.toISOString()}`);
  const rows = await repository.accountabilityRows({
    to,
    timeZone,
    ...(request.from ? { from: request.from } : {}),
    ...(state ? { state } : {}),
  });
  return buildAccountabilityReport(rows, {
    to,
    asOf: request.asOf ?? new Date(),
    timeZone,
    fpirThreshold: DOMAIN_PARAMETERS.identification.maxFpir,
    dayOf: (iso) => localDay(Date.parse(iso), timeZone),
    ...(request.from ? { from: request.from } : {}),
    ...(state ? { state } : {}),
    ...(request.groundTruth ? { groundTruth: request.groundTruth } : {}),
  });
}

/** Every month YYYY-MM from `first` through `last`. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let day = `${first}-01`;
  while (day.slice(0, 7) <= last) {
    months.push(day.slice(0, 7));
    while (day.slice(0, 7) === months.at(-1)) day = nextDay(day);
  }
  return months;
}
