import type { FastifyReply } from "fastify";
import type { AccountabilityReport } from "../reports/accountability-report.js";
import type { MonthlyReport } from "../reports/monthly-report.js";
import { REPORT_FORMATS, type ReportFormat, renderReport } from "../reports/report-formats.js";
import { PdfRenderError } from "../reports/report-pdf.js";
import {
  produceAccountabilityReport,
  produceMonthlyReport,
  ReportRequestError,
} from "../reports/report-production.js";
import { callerOf, guarded } from "./api-caller.js";
import { ApiError } from "./api-error.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const READERS = ["PMO", "AUDITOR"] as const;
const tags = ["reports"];
const reportObject = { type: "object", additionalProperties: true } as const;
const common = {
  state: { type: "string", pattern: "^[A-Za-z]{2}$", description: "Postal code; every state when absent" },
  timeZone: {
    type: "string",
    maxLength: 64,
    description: "IANA zone the months are cut in (default America/New_York)",
  },
  format: { type: "string", enum: [...REPORT_FORMATS], default: "json" },
} as const;

async function send(
  reply: FastifyReply,
  report: MonthlyReport | AccountabilityReport,
  format: ReportFormat,
  filename: string,
): Promise<unknown> {
  if (format === "json") return report;
  try {
    const rendered = await renderReport(report, format);
    reply.type(rendered.contentType);
    if (format !== "html")
      reply.header("content-disposition", `attachment; filename="${filename}.${format}"`);
    return typeof rendered.body === "string" ? rendered.body : Buffer.from(rendered.body);
  } catch (error) {
    if (error instanceof PdfRenderError) throw new ApiError(503, "unavailable", error.message);
    throw error;
  }
}

function asApiError(error: unknown): never {
  if (error instanceof ReportRequestError)
    throw new ApiError(400, "invalid_request", error.message, `querystring.${error.option}`);
  throw error;
}

/**
 * The programme's published statistics and the accountability report, for the programme office and
 * auditors. `GET /v1/reports/monthly?month=YYYY-MM&state=XX&format=html` is the page the console's PMO
 * view links; every production is an audit event, since the accountability report names bookings.
 */
export const reportRoutes: ApiRoutes = (app, context) => {
  app.get<{ Querystring: { month?: string; state?: string; timeZone?: string; format: ReportFormat } }>(
    "/reports/monthly",
    guarded([...READERS], {
      summary: "Monthly IDENT/IAFIS interoperability statistics",
      description:
        "Per state and jurisdiction, the month and the total since activation: submissions, IDENT searches, matches " +
        "and match rate, IAQs, IARs by status, detainers issued/served/lifted/lapsed, matches and detainers by " +
        "priority level (rule set and version named). `format`: json (default), csv, html (charts and county map) or pdf. " +
        "Without `month`, the current month so far.",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: { month: { type: "string", pattern: "^\\d{4}-(0[1-9]|1[0-2])$" }, ...common },
      },
      response: {
        200: { ...reportObject, description: "The report (JSON), or the CSV, HTML or PDF document" },
        ...AUTHENTICATED_ERRORS,
        503: ERROR_RESPONSES[503],
      },
    }),
    async (request, reply) => {
      const { month, state, timeZone, format } = request.query;
      const report = await produceMonthlyReport(context.db, {
        ...(month ? { month } : { now: context.clock() }),
        ...(state ? { state } : {}),
        ...(timeZone ? { timeZone } : {}),
      }).catch(asApiError);
      await context.audit(callerOf(request), {
        action: "REPORT_PRODUCED",
        object: `report:monthly:${report.month}:${report.state ?? "ALL"}`,
        details: { format },
      });
      return send(reply, report, format, `tenprint-monthly-${report.month}-${report.state ?? "all"}`);
    },
  );

  app.get<{
    Querystring: { state?: string; timeZone?: string; from?: string; to?: string; format: ReportFormat };
  }>(
    "/reports/accountability",
    guarded([...READERS], {
      summary: "Accountability report: the figures that hold the programme to its promises",
      description:
        "IAQ→IAR, ERO review and detainer lifecycle times (p50/p90/p99); holds past the 48-hour clock (each listed); " +
        "lifted detainers and why; citizens and lawful residents after an IDENT match and their record; false matches " +
        "predicted (sum of FPIRs) against those analysts overturned; disparity signals by race and place of birth with " +
        "Wilson intervals and a Benjamini–Hochberg-corrected two-proportion test; detainers without a conviction by " +
        "level. Each figure carries how it was computed. Bookings received in [from, to) (default: all, until now).",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          ...common,
          from: { type: "string", format: "date-time" },
          to: { type: "string", format: "date-time" },
        },
      },
      response: {
        200: { ...reportObject, description: "The report (JSON), or the CSV, HTML or PDF document" },
        ...AUTHENTICATED_ERRORS,
        503: ERROR_RESPONSES[503],
      },
    }),
    async (request, reply) => {
      const { state, timeZone, from, to, format } = request.query;
      const report = await produceAccountabilityReport(context.db, {
        asOf: context.clock(),
        ...(state ? { state } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : { to: context.clock() }),
      }).catch(asApiError);
      await context.audit(callerOf(request), {
        action: "REPORT_PRODUCED",
        object: `report:accountability:${report.state ?? "ALL"}`,
        details: { format, from: report.from, to: report.to },
      });
      return send(reply, report, format, `tenprint-accountability-${report.state ?? "all"}`);
    },
  );
};
