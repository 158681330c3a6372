import { IMMIGRATION_STATUS_CODES } from "@tenprint/nist";
import type { AccountabilityReport } from "./accountability-report.js";
import type { Figures, MonthlyReport } from "./monthly-report.js";

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function field(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function line(values: readonly unknown[]): string {
  return values.map(field).join(",");
}

/** Parses RFC 4180 CSV (as written here) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function labelsOf(report: MonthlyReport, pick: (f: Figures) => Readonly<Record<string, number>>): string[] {
  const labels = new Set<string>();
  const visit = (f: Figures | null) => {
    if (f) for (const label of Object.keys(pick(f))) labels.add(label);
  };
  visit(report.totals.month);
  visit(report.totals.sinceActivation);
  for (const state of report.states) {
    visit(state.month);
    visit(state.sinceActivation);
    for (const j of state.jurisdictions) {
      visit(j.month);
      visit(j.sinceActivation);
    }
  }
  return [...labels].sort();
}

/**
 * One row per state total and jurisdiction and per period (the month, and since activation), with one
 * column per figure: the table a spreadsheet user expects. The rule sets the levels follow are named in
 * every row.
 */
export function monthlyReportCsv(report: MonthlyReport): string {
  const matchLabels = labelsOf(report, (f) => f.matchesByLevel);
  const detainerLabels = labelsOf(report, (f) => f.detainersByLevel);
  const ruleSets = report.ruleSets.map((r) => `${r.ruleSet} ${r.version}`).join("; ");
  const header = [
    "month",
    "state",
    "jurisdiction_id",
    "jurisdiction_name",
    "activation_status",
    "activated_on",
    "period",
    "submissions",
    "ident_searches",
    "ident_matches",
    "match_rate",
    "iaqs",
    "iars",
    ...IMMIGRATION_STATUS_CODES.map((code) => `iars_${code}`),
    "detainers_issued",
    "detainers_served",
    "detainers_lifted",
    "detainers_lapsed",
    ...matchLabels.map((label) => `matches_${label}`),
    ...detainerLabels.map((label) => `detainers_${label}`),
    "rule_sets",
  ];
  const rows: string[] = [line(header)];
  const emit = (
    state: string,
    id: string,
    name: string,
    status: string,
    on: string | null,
    period: string,
    f: Figures,
  ) =>
    rows.push(
      line([
        report.month,
        state,
        id,
        name,
        status,
        on,
        period,
        f.submissions,
        f.identSearches,
        f.identMatches,
        f.matchRate,
        f.iaqs,
        f.iars,
        ...IMMIGRATION_STATUS_CODES.map((code) => f.iarsByStatus[code] ?? 0),
        f.detainers.issued,
        f.detainers.served,
        f.detainers.lifted,
        f.detainers.lapsed,
        ...matchLabels.map((label) => f.matchesByLevel[label] ?? 0),
        ...detainerLabels.map((label) => f.detainersByLevel[label] ?? 0),
        ruleSets,
      ]),
    );
  for (const state of report.states) {
    const activated = `${state.activatedJurisdictions} of ${state.jurisdictions.length} activated`;
    emit(state.state, "ALL", `${state.state} total`, activated, null, "month", state.month);
    emit(
      state.state,
      "ALL",
      `${state.state} total`,
      activated,
      null,
      "since_activation",
      state.sinceActivation,
    );
    for (const j of state.jurisdictions) {
      emit(state.state, j.id, j.name, j.activationStatus, j.activatedOn, "month", j.month);
      if (j.sinceActivation)
        emit(
          state.state,
          j.id,
          j.name,
          j.activationStatus,
          j.activatedOn,
          "since_activation",
          j.sinceActivation,
        );
    }
  }
  return `${rows.join("\r\n")}\r\n`;
}

/** Every scalar of a JSON value with its path (a.b[2].c), in document order. */
export function flattenJson(value: unknown, path = ""): [string, string | number | boolean | null][] {
  if (value === null || typeof value !== "object") return [[path, value as string | number | boolean | null]];
  if (Array.isArray(value)) return value.flatMap((item, i) => flattenJson(item, `${path}[${i}]`));
  return Object.entries(value).flatMap(([key, item]) => flattenJson(item, path ? `${path}.${key}` : key));
}

/**
 * The accountability report in long form: section, the figure's path within it, value. Every figure of
 * the JSON, and each section's method, is one row, so a spreadsheet can filter by section.
 */
export function accountabilityReportCsv(report: AccountabilityReport): string {
  const rows = [line(["section", "figure", "value"])];
  for (const [path, value] of flattenJson(report)) {
    const dot = path.indexOf(".");
    const section = dot < 0 ? "report" : path.slice(0, dot);
    const figure = dot < 0 ? path : path.slice(dot + 1);
    rows.push(line([section, figure, value]));
  }
  return `${rows.join("\r\n")}\r\n`;
}
