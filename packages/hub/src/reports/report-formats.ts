import type { AccountabilityReport } from "./accountability-report.js";
import type { MonthlyReport } from "./monthly-report.js";
import { accountabilityReportCsv, monthlyReportCsv } from "./report-csv.js";
import { accountabilityReportHtml, monthlyReportHtml } from "./report-html.js";
import { htmlToPdf } from "./report-pdf.js";

export const REPORT_FORMATS = ["json", "csv", "html", "pdf"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderedReport {
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
};

/** One report in one format: JSON as built, CSV for spreadsheets, HTML with charts, PDF printed from the HTML. */
export async function renderReport(
  report: MonthlyReport | AccountabilityReport,
  format: ReportFormat,
): Promise<RenderedReport> {
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case "json":
      return { contentType, body: `${JSON.stringify(report, null, 2)}\n` };
    case "csv":
      return {
        contentType,
        body: report.kind === "monthly" ? monthlyReportCsv(report) : accountabilityReportCsv(report),
      };
    case "html":
      return {
        contentType,
        body:
          report.kind === "monthly"
            ? await monthlyReportHtml(report)
            : await accountabilityReportHtml(report),
      };
    case "pdf": {
      const html =
        report.kind === "monthly" ? await monthlyReportHtml(report) : await accountabilityReportHtml(report);
      return { contentType, body: await htmlToPdf(html) };
    }
  }
}
