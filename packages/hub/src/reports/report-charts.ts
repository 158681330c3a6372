import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { TimesByMonth } from "./accountability-report.js";
import type { TrendPoint } from "./monthly-report.js";

/**
 * The reports' charts: Vega-Lite specifications rendered to SVG on the server (no browser, no canvas),
 * so the same picture goes into the HTML and, through it, the PDF.
 */

const CONFIG = {
  // Debian's fonts-liberation (installed by .ci/run): the same glyphs on every machine, so pages compare as images.
  font: "Liberation Sans, Arial, sans-serif",
  axis: { labelFontSize: 10, titleFontSize: 11 },
  legend: { labelFontSize: 10, titleFontSize: 11, orient: "bottom" },
  title: { fontSize: 13, anchor: "start" },
  view: { stroke: null },
} as const;

export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  const compiled = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Submissions (bars) with IDENT matches and detainers issued (lines), by month. */
export function monthlyTrendChart(state: string, trend: readonly TrendPoint[]): Promise<string> {
  const values = trend.flatMap((point) => [
    { month: point.month, series: "Submissions", count: point.submissions },
    { month: point.month, series: "IDENT matches", count: point.identMatches },
    { month: point.month, series: "Detainers issued", count: point.detainersIssued },
  ]);
  return renderVegaLite({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${state}: submissions, IDENT matches and detainers by month`,
    width: 330,
    height: 180,
    data: { values },
    encoding: { x: { field: "month", type: "ordinal", title: "Month", axis: { labelAngle: -45 } } },
    layer: [
      {
        transform: [{ filter: "datum.series === 'Submissions'" }],
        mark: { type: "bar", color: "#c6dbef" },
        encoding: { y: { field: "count", type: "quantitative", title: "Submissions" } },
      },
      {
        transform: [{ filter: "datum.series !== 'Submissions'" }],
        mark: { type: "line", point: true },
        encoding: {
          y: { field: "count", type: "quantitative", title: "Matches, detainers", axis: { orient: "right" } },
          color: {
            field: "series",
            type: "nominal",
            title: null,
            scale: { domain: ["IDENT matches", "Detainers issued"], range: ["#08519c", "#a50f15"] },
          },
        },
      },
    ],
    resolve: { scale: { y: "independent" } },
  } as TopLevelSpec);
}

/** Match rate by month, as a percentage. */
export function matchRateChart(state: string, trend: readonly TrendPoint[]): Promise<string> {
  const values = trend
    .filter((p) => p.matchRate !== null)
    .map((p) => ({ month: p.month, rate: (p.matchRate ?? 0) * 100 }));
  return renderVegaLite({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${state}: IDENT match rate per search, by month`,
    width: 330,
    height: 180,
    data: { values },
    mark: { type: "line", point: true, color: "#08519c" },
    encoding: {
      x: { field: "month", type: "ordinal", title: "Month", axis: { labelAngle: -45 } },
      y: { field: "rate", type: "quantitative", title: "Match rate (%)" },
    },
  } as TopLevelSpec);
}

/** p50, p90 and p99 of a time by month, in hours. */
export function timePercentilesChart(title: string, times: TimesByMonth): Promise<string> {
  const values = times.byMonth.flatMap((m) =>
    (["p50", "p90", "p99"] as const).flatMap((p) =>
      m[p] === null ? [] : [{ month: m.month, percentile: p, hours: (m[p] ?? 0) / 3_600_000 }],
    ),
  );
  return renderVegaLite({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 330,
    height: 180,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "month", type: "ordinal", title: "Month of the IAQ", axis: { labelAngle: -45 } },
      y: { field: "hours", type: "quantitative", title: "Hours" },
      color: {
        field: "percentile",
        type: "nominal",
        title: "Percentile",
        scale: { domain: ["p50", "p90", "p99"], range: ["#08519c", "#6baed6", "#a50f15"] },
      },
    },
  } as TopLevelSpec);
}

/** Horizontal bars of named counts (lift reasons, levels). */
export function countBarsChart(
  title: string,
  bars: readonly { label: string; count: number }[],
): Promise<string> {
  return renderVegaLite({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 360,
    height: Math.max(40, 22 * bars.length),
    data: { values: bars.map((b) => ({ ...b })) },
    mark: { type: "bar", color: "#6baed6" },
    encoding: {
      y: { field: "label", type: "nominal", title: null, sort: "-x" },
      x: { field: "count", type: "quantitative", title: "Count" },
    },
  } as TopLevelSpec);
}
