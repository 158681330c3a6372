import { IMMIGRATION_STATUS_CODES } from "@tenprint/nist";
import type { AccountabilityReport, DisparitySignal } from "./accountability-report.js";
import { countyMapSvg } from "./county-map.js";
import type { Figures, JurisdictionLine, MonthlyReport, StateSection } from "./monthly-report.js";
import { countBarsChart, matchRateChart, monthlyTrendChart, timePercentilesChart } from "./report-charts.js";
import { REPORT_PARAMETERS } from "./report-parameters.js";

/**
 * The reports as standalone HTML pages (inline CSS and SVG, no script, nothing fetched), laid out for the
 * screen and for print: the PDF is this page printed by Chromium.
 */

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

const int = (n: number) => n.toLocaleString("en-US");
/** Two decimals, or three significant digits for what two decimals would show as zero. */
const small = (n: number) => (n === 0 || Math.abs(n) >= 0.01 ? n.toFixed(2) : n.toPrecision(3));
const pct = (r: number | null, digits = 1) => (r === null ? "—" : `${(r * 100).toFixed(digits)}\u00a0%`);
const hours = (ms: number | null) =>
  ms === null ? "—" : ms < 3_600_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 3_600_000).toFixed(1)} h`;

const STYLE = `
  @page { size: Letter landscape; margin: 12mm; }
  * { box-sizing: border-box; }
  body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10.5px; color: #111; margin: 0 auto; max-width: 1100px; padding: 16px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  h2 { font-size: 15px; margin: 22px 0 6px; border-bottom: 2px solid #08519c; padding-bottom: 2px; break-after: avoid; }
  h3 { font-size: 12.5px; margin: 14px 0 4px; break-after: avoid; }
  .banner { background: #fff3cd; border: 1px solid #e0b000; padding: 6px 10px; font-weight: bold; margin: 8px 0; }
  .meta { color: #444; margin: 2px 0; }
  .method { color: #333; font-style: italic; margin: 2px 0 6px; max-width: 960px; }
  .tiles { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
  .tile { border: 1px solid #c6dbef; background: #f7fbff; padding: 6px 10px; min-width: 130px; }
  .tile .n { font-size: 18px; font-weight: bold; }
  .tile .l { color: #333; }
  .tile.alert { border-color: #a50f15; background: #fee0d2; }
  .tile.ok { border-color: #238b45; background: #e5f5e0; }
  table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
  th, td { border: 1px solid #c8c8c8; padding: 2px 4px; text-align: right; vertical-align: top; }
  th { background: #eef3f8; font-weight: 600; }
  td.l, th.l { text-align: left; }
  tr.total td { font-weight: bold; background: #f4f4f4; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  .charts { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
  .charts svg { max-width: 100%; height: auto; break-inside: avoid; }
  .flag { color: #a50f15; font-weight: bold; }
  dl { margin: 4px 0; } dt { font-weight: bold; margin-top: 4px; } dd { margin: 0 0 0 12px; }
  .section { break-inside: auto; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body>${body}</body></html>
`;
}

function tile(n: string, label: string, kind = ""): string {
  return `<div class="tile ${kind}"><div class="n">${escapeHtml(n)}</div><div class="l">${escapeHtml(label)}</div></div>`;
}

function levels(record: Readonly<Record<string, number>>): string {
  const entries = Object.entries(record).filter(([, n]) => n > 0);
  return entries.length === 0
    ? "—"
    : entries.map(([label, n]) => `${escapeHtml(label)}: ${int(n)}`).join("<br>");
}

function figureCells(f: Figures | null): string {
  if (!f)
    return `<td colspan="${9 + IMMIGRATION_STATUS_CODES.length}" class="l">not activated by the end of the month</td>`;
  return [
    int(f.submissions),
    int(f.identSearches),
    int(f.identMatches),
    pct(f.matchRate),
    int(f.iaqs),
    ...IMMIGRATION_STATUS_CODES.map((code) => int(f.iarsByStatus[code] ?? 0)),
    `${int(f.detainers.issued)} / ${int(f.detainers.served)} / ${int(f.detainers.lifted)} / ${int(f.detainers.lapsed)}`,
  ]
    .map((cell) => `<td>${cell}</td>`)
    .join("")
    .concat(`<td class="l">${levels(f.matchesByLevel)}</td><td class="l">${levels(f.detainersByLevel)}</td>`);
}

function stateTable(state: StateSection): string {
  const head = `<thead><tr><th class="l">Jurisdiction</th><th class="l">Activated</th><th class="l">Period</th><th>Submissions</th><th>IDENT searches</th><th>IDENT matches</th><th>Match rate</th><th>IAQs</th>${IMMIGRATION_STATUS_CODES.map((c) => `<th>IAR ${c}</th>`).join("")}<th>Detainers issued / served / lifted / lapsed</th><th class="l">Matches by level</th><th class="l">Detainers by level</th></tr></thead>`;
  const rows = (name: string, activated: string, month: Figures, since: Figures | null, total = false) =>
    `<tr class="${total ? "total" : ""}"><td class="l" rowspan="2">${escapeHtml(name)}</td><td class="l" rowspan="2">${escapeHtml(activated)}</td><td class="l">Month</td>${figureCells(month)}</tr>` +
    `<tr class="${total ? "total" : ""}"><td class="l">Since activation</td>${figureCells(since)}</tr>`;
  const body = [
    rows(
      `${state.state} (all jurisdictions)`,
      `${state.activatedJurisdictions} of ${state.jurisdictions.length}`,
      state.month,
      state.sinceActivation,
      true,
    ),
    ...state.jurisdictions.map((j: JurisdictionLine) =>
      rows(
        `${j.name} (${j.id})`,
        j.activatedOn ?? j.activationStatus.toLowerCase(),
        j.month,
        j.sinceActivation,
      ),
    ),
  ].join("");
  return `<table>${head}<tbody>${body}</tbody></table>`;
}

export async function monthlyReportHtml(report: MonthlyReport): Promise<string> {
  const t = report.totals;
  const ruleSets =
    report.ruleSets.length === 0
      ? "none applied yet"
      : report.ruleSets.map((r) => `${r.ruleSet} version ${r.version}`).join("; ");
  const sections: string[] = [];
  for (const state of report.states) {
    const map = countyMapSvg(
      state.jurisdictions.map((j) => ({
        fips: j.id,
        name: j.name,
        value: j.sinceActivation?.matchRate ?? null,
        denominator: j.sinceActivation?.identSearches ?? 0,
      })),
      {
        title: `${state.state}: IDENT match rate since activation, by county`,
        legend: "IDENT matches per IDENT search since activation",
        minDenominator: REPORT_PARAMETERS.mapMinSearches,
      },
    );
    const charts = [
      await monthlyTrendChart(state.state, state.trend),
      await matchRateChart(state.state, state.trend),
      ...(map ? [map] : []),
    ];
    sections.push(`<div class="section"><h2>${escapeHtml(state.state)}</h2>
      <div class="tiles">${tile(int(state.month.submissions), "submissions this month")}${tile(int(state.month.identMatches), "IDENT matches this month")}${tile(pct(state.month.matchRate), "match rate this month")}${tile(int(state.sinceActivation.submissions), "submissions since activation")}${tile(int(state.sinceActivation.identMatches), "IDENT matches since activation")}${tile(int(state.sinceActivation.detainers.issued), "detainers issued since activation")}</div>
      <div class="charts">${charts.join("")}</div>
      ${stateTable(state)}</div>`);
  }
  const body = `<h1>${escapeHtml(report.title)}</h1>
    <div class="banner">${escapeHtml(report.notice)}</div>
    <p class="meta">Month ${escapeHtml(report.month)} in ${escapeHtml(report.timeZone)} · priority levels: ${escapeHtml(ruleSets)}</p>
    <div class="tiles">${tile(int(t.month.submissions), "submissions this month")}${tile(int(t.month.identSearches), "IDENT searches this month")}${tile(int(t.month.identMatches), "IDENT matches this month")}${tile(pct(t.month.matchRate), "match rate this month")}${tile(int(t.month.iaqs), "IAQs this month")}${tile(int(t.month.detainers.issued), "detainers issued this month")}${tile(int(t.sinceActivation.identMatches), "IDENT matches since activation")}</div>
    ${sections.join("")}
    <h2>How each figure is computed</h2><dl>${Object.entries(report.definitions)
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
      .join("")}</dl>`;
  return page(report.title, body);
}

function percentileRow(
  label: string,
  p: { count: number; p50: number | null; p90: number | null; p99: number | null },
): string {
  return `<tr><td class="l">${escapeHtml(label)}</td><td>${int(p.count)}</td><td>${hours(p.p50)}</td><td>${hours(p.p90)}</td><td>${hours(p.p99)}</td></tr>`;
}

const PERCENTILE_HEAD = `<thead><tr><th class="l"></th><th>Count</th><th>p50</th><th>p90</th><th>p99</th></tr></thead>`;

/** One dimension's signals: every flagged one, then the lowest adjusted p-values of the rest (30 in all at least). */
function signalTable(all: readonly DisparitySignal[], dimension: DisparitySignal["dimension"]): string {
  const signals = all.filter((s) => s.dimension === dimension);
  if (signals.length === 0) return "<p>No group large enough to test.</p>";
  const flagged = signals.filter((s) => s.flagged);
  const shown = [
    ...flagged,
    ...signals.filter((s) => !s.flagged).sort((a, b) => a.adjustedP - b.adjustedP),
  ].slice(0, Math.max(30, flagged.length));
  const rest =
    signals.length > shown.length
      ? `<p>${flagged.length === 0 ? "None flagged; the" : `The ${int(flagged.length)} flagged and the`} ${int(shown.length - flagged.length)} lowest adjusted p-values of the others are shown; all ${int(signals.length)} are in the JSON and CSV.</p>`
      : "";
  return `<table><thead><tr><th class="l">Jurisdiction</th><th class="l">Group</th><th class="l">Measure</th><th>Bookings</th><th>Events</th><th>Rate (95 % CI)</th><th>Rest of jurisdiction</th><th>p</th><th>BH-adjusted p</th><th></th></tr></thead><tbody>${shown.map(signalRow).join("")}</tbody></table>${rest}`;
}

function signalRow(s: DisparitySignal): string {
  return `<tr><td class="l">${escapeHtml(s.jurisdictionId)}</td><td class="l">${escapeHtml(s.dimension === "race" ? "race" : "place of birth")}: ${escapeHtml(s.group)}</td><td class="l">${escapeHtml(s.measure)}</td><td>${int(s.bookings)}</td><td>${int(s.events)}</td><td>${pct(s.rate, 2)} (${pct(s.interval[0], 2)}–${pct(s.interval[1], 2)})</td><td>${pct(s.restRate, 2)}</td><td>${s.pValue.toExponential(2)}</td><td>${s.adjustedP.toExponential(2)}</td><td class="${s.flagged ? "flag" : ""}">${s.flagged ? "review" : ""}</td></tr>`;
}

export async function accountabilityReportHtml(report: AccountabilityReport): Promise<string> {
  const h = report.holdsPastClock;
  const f = report.falseMatches;
  const c = report.citizensAndResidents;
  const nc = report.noConviction;
  const u = report.searchesNotAgreedTo;
  const lift = report.liftedDetainers;
  const per = (v: number | null) => (v === null ? "—" : small(v));
  const byDimension = report.disparity.flaggedByDimension;
  const charts = [
    ...(report.iaqToIar.byMonth.length > 0
      ? [await timePercentilesChart("IAQ → IAR time by month (hours)", report.iaqToIar)]
      : []),
    ...(lift.byReason.length > 0
      ? [
          await countBarsChart(
            "Lifted detainers by reason",
            lift.byReason.map((r) => ({ label: r.reason, count: r.count })),
          ),
        ]
      : []),
    ...(nc.byLevel.length > 0
      ? [
          await countBarsChart(
            "Detainers without a conviction, by level",
            nc.byLevel.map((l) => ({ label: l.label, count: l.withoutConviction })),
          ),
        ]
      : []),
  ];
  const body = `<h1>${escapeHtml(report.title)}</h1>
    <div class="banner">${escapeHtml(report.notice)}</div>
    <p class="meta">Bookings received ${report.from ? `from ${escapeHtml(report.from)} ` : ""}before ${escapeHtml(report.to)} · measured at ${escapeHtml(report.asOf)} · months in ${escapeHtml(report.timeZone)}</p>
    <div class="tiles">${tile(int(h.count), "holds past the 48-hour clock (must be 0)", h.count === 0 ? "ok" : "alert")}${tile(int(c.byStatus.USC ?? 0), "US citizens sent to the LESC by an IDENT match")}${tile(int(c.citizensFoundAfterDetainer), "citizens found only after a detainer", c.citizensFoundAfterDetainer === 0 ? "ok" : "alert")}${tile(int(f.overturnedByAnalysts), "matches overturned by analysts")}${tile(f.groundTruth ? int(f.groundTruth.falseMatchIaqs) : "n/a", "false-match IAQs (ground truth)")}${tile(pct(nc.total.share), "detainers without a conviction")}${tile(`${int(byDimension.race)} · ${int(byDimension.placeOfBirth)}`, "disparity signals for review: by race · by place of birth (expected)")}</div>
    <div class="charts">${charts.join("")}</div>

    <h2>Response times</h2>
    <h3>IAQ → IAR</h3><p class="method">${escapeHtml(report.iaqToIar.method)}</p>
    <table>${PERCENTILE_HEAD}<tbody>${percentileRow("All months", report.iaqToIar.overall)}${report.iaqToIar.byMonth.map((m) => percentileRow(m.month, m)).join("")}</tbody></table>
    <p>IAQs not answered: ${int(report.iaqToIar.unanswered)}</p>
    <h3>ERO review (IAR → decision)</h3><p class="method">${escapeHtml(report.eroReview.method)}</p>
    <table>${PERCENTILE_HEAD}<tbody>${percentileRow("Reviews", report.eroReview.times)}</tbody></table>
    <p>Detainers issued on review: ${int(report.eroReview.detainersIssued)}</p>
    <h3>Detainer lifecycle</h3><p class="method">${escapeHtml(report.detainerLifecycle.method)}</p>
    <table>${PERCENTILE_HEAD}<tbody>${report.detainerLifecycle.stages.map((s) => percentileRow(s.stage, s)).join("")}</tbody></table>

    <h2>Holds past the 48-hour clock: ${int(h.count)} of ${int(h.holds)} holds</h2><p class="method">${escapeHtml(h.method)}</p>
    ${h.items.length === 0 ? "<p>None.</p>" : `<table><thead><tr><th class="l">Detainer</th><th class="l">Booking</th><th class="l">Agency</th><th class="l">Status</th><th class="l">Hold started</th><th class="l">Deadline</th><th class="l">Ended</th><th>Past the clock</th></tr></thead><tbody>${h.items.map((i) => `<tr><td class="l">${escapeHtml(i.detainerId)}</td><td class="l">${escapeHtml(i.tcn)}</td><td class="l">${escapeHtml(i.leaOri)}</td><td class="l">${escapeHtml(i.status)}</td><td class="l">${escapeHtml(i.holdStartedAt)}</td><td class="l">${escapeHtml(i.holdDeadline)}</td><td class="l">${escapeHtml(i.endedAt ?? "still held")}</td><td class="flag">${hours(i.overrunMs)}</td></tr>`).join("")}</tbody></table>`}

    <h2>Lifted detainers: ${int(lift.items.length)}</h2><p class="method">${escapeHtml(lift.method)}</p>
    <table><thead><tr><th class="l">Reason</th><th>Count</th></tr></thead><tbody>${lift.byReason.map((r) => `<tr><td class="l">${escapeHtml(r.reason)}</td><td>${int(r.count)}</td></tr>`).join("") || '<tr><td class="l" colspan="2">None.</td></tr>'}</tbody></table>

    <h2>Citizens and lawful residents after an IDENT match</h2><p class="method">${escapeHtml(c.method)}</p>
    <p>USC: ${int(c.byStatus.USC ?? 0)} · LPR: ${int(c.byStatus.LPR ?? 0)} · citizens found only after a detainer: ${int(c.citizensFoundAfterDetainer)}</p>
    ${
      c.items.length === 0
        ? "<p>None.</p>"
        : `<table><thead><tr><th class="l">Booking</th><th class="l">Jurisdiction</th><th class="l">Status</th><th class="l">Determined</th><th class="l">What happened to the record</th><th class="l">Detainer</th></tr></thead><tbody>${c.items
            .slice(0, 200)
            .map(
              (i) =>
                `<tr><td class="l">${escapeHtml(i.tcn)}</td><td class="l">${escapeHtml(i.jurisdictionId)}</td><td class="l">${escapeHtml(i.status)}</td><td class="l">${escapeHtml(i.determinedAt)}</td><td class="l">${escapeHtml(i.recordOutcome)}</td><td class="l">${escapeHtml(i.detainer ?? "none")}</td></tr>`,
            )
            .join(
              "",
            )}</tbody></table>${c.items.length > 200 ? `<p>… ${int(c.items.length - 200)} more in the JSON and CSV.</p>` : ""}`
    }

    <h2>False matches: expected against observed</h2><p class="method">${escapeHtml(f.method)}</p>
    <table><thead><tr><th class="l">Figure</th><th>Count</th><th>Per 100,000 IDENT searches</th></tr></thead><tbody>
      <tr><td class="l">IDENT searches</td><td>${int(f.identSearches)}</td><td></td></tr>
      <tr><td class="l">IDENT matches</td><td>${int(f.identMatches)}</td><td></td></tr>
      <tr><td class="l">Bound at the FPIR threshold (${f.fpirThreshold})</td><td>${f.boundAtThreshold.toFixed(2)}</td><td>${per(f.identSearches === 0 ? null : f.fpirThreshold * 100_000)}</td></tr>
      <tr><td class="l">Predicted: sum of the matches' FPIRs</td><td>${small(f.predicted)}</td><td>${per(f.per100kSearches.predicted)}</td></tr>
      <tr><td class="l">Overturned by LESC analysts</td><td>${int(f.overturnedByAnalysts)}</td><td>${per(f.per100kSearches.overturned)}</td></tr>
      <tr><td class="l">Observed false matches (ground truth, synthetic runs)</td><td>${f.groundTruth ? int(f.groundTruth.falseMatches) : "n/a"}</td><td>${per(f.per100kSearches.observed)}</td></tr>
      ${f.groundTruth ? `<tr><td class="l">Detainers lodged on a false match (ground truth)</td><td>${int(f.groundTruth.detainersOnFalseMatches)}</td><td></td></tr>` : ""}
      ${f.groundTruth ? `<tr><td class="l">Missed mates (people IDENT holds, not found)</td><td>${int(f.groundTruth.missedMates)} of ${int(f.groundTruth.matedSearches)}</td><td></td></tr>` : ""}
    </tbody></table>

    <h2>Disparity signals: ${int(report.disparity.flagged)} flagged of ${int(report.disparity.tested)} tested (${int(byDimension.race)} by race, ${int(byDimension.placeOfBirth)} by place of birth)</h2>
    <p class="method">${escapeHtml(report.disparity.method)}</p><p class="method"><b>Test.</b> ${escapeHtml(report.disparity.test)}</p>
    ${report.disparity.signals.length === 0 ? "<p>No group large enough to test.</p>" : `<h3>By race</h3>${signalTable(report.disparity.signals, "race")}<h3>By place of birth</h3><p class="method">IDENT holds people encountered by immigration authorities, most of them born abroad, so these differences in match rates are expected; they are listed apart so that they do not hide the ones above.</p>${signalTable(report.disparity.signals, "placeOfBirth")}`}

    <h2>Detainers on people with no conviction</h2><p class="method">${escapeHtml(nc.method)}</p>
    <table><thead><tr><th class="l">Rule set</th><th class="l">Level</th><th>Detainers</th><th>Without a conviction</th><th>Share</th></tr></thead><tbody>
    ${[...nc.byLevel, nc.total].map((l) => `<tr class="${l === nc.total ? "total" : ""}"><td class="l">${escapeHtml(l.ruleSet ? `${l.ruleSet} ${l.version}` : "")}</td><td class="l">${escapeHtml(l.label)}</td><td>${int(l.detainers)}</td><td>${int(l.withoutConviction)}</td><td>${pct(l.share)}</td></tr>`).join("")}
    </tbody></table>

    <h2>IDENT searches the jurisdiction did not agree to</h2><p class="method">${escapeHtml(u.method)}</p>
    ${
      u.jurisdictions.length === 0
        ? "<p>No booking was held back from IDENT in this period.</p>"
        : `<table><thead><tr><th class="l">Jurisdiction</th><th class="l">Status</th><th>Arrestees not searched</th><th>Searched later</th><th>At a facility: searches</th><th>matches</th><th>IAQs</th><th>detainers</th><th>In another county: searches</th><th>matches</th><th>IAQs</th><th>detainers</th><th>Citizens or residents found</th></tr></thead><tbody>${[
            ...u.jurisdictions.slice(0, 200),
            { jurisdictionId: "", name: "All jurisdictions", activationStatus: "", ...u.total },
          ]
            .map(
              (r) =>
                `<tr class="${r.jurisdictionId === "" ? "total" : ""}"><td class="l">${escapeHtml(r.name)}</td><td class="l">${escapeHtml(r.activationStatus)}</td><td>${int(r.arresteesNotSearched)}</td><td>${int(r.peopleSearchedLater)}</td><td>${int(r.atFacility.searches)}</td><td>${int(r.atFacility.identMatches)}</td><td>${int(r.atFacility.iaqs)}</td><td>${int(r.atFacility.detainers)}</td><td>${int(r.inOtherCounty.searches)}</td><td>${int(r.inOtherCounty.identMatches)}</td><td>${int(r.inOtherCounty.iaqs)}</td><td>${int(r.inOtherCounty.detainers)}</td><td>${int(r.atFacility.citizensOrResidents + r.inOtherCounty.citizensOrResidents)}</td></tr>`,
            )
            .join(
              "",
            )}</tbody></table>${u.jurisdictions.length > 200 ? `<p>… ${int(u.jurisdictions.length - 200)} more in the JSON and CSV.</p>` : ""}`
    }`;
  return page(report.title, body);
}
