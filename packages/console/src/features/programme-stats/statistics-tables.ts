import type { Jurisdiction, Statistics } from "../../lib/api/types.js";

export type Counts = Statistics["overall"];

/** The figures the programme is reported by, in the order of ICE's monthly report. */
export const FIGURES = [
  { key: "bookings", label: "Bookings" },
  { key: "sreIdent", label: "SRE idents" },
  { key: "identMatches", label: "IDENT matches" },
  { key: "iaq", label: "IAQ" },
  { key: "iar", label: "IAR" },
  { key: "detainers", label: "Detainers" },
] as const satisfies readonly { key: keyof Counts; label: string }[];

export type FigureKey = (typeof FIGURES)[number]["key"];

function empty(): Record<FigureKey, number> {
  return { bookings: 0, sreIdent: 0, identMatches: 0, iaq: 0, iar: 0, detainers: 0 };
}

/**
 * The statistics' jurisdictions summed by state (the hub counts per jurisdiction); a jurisdiction the
 * directory does not list is counted under "unknown" rather than dropped.
 */
export function byState(
  stats: Pick<Statistics, "byJurisdiction">,
  jurisdictions: readonly Pick<Jurisdiction, "ori" | "state">[],
): { state: string; counts: Record<FigureKey, number> }[] {
  const stateOf = new Map(jurisdictions.map((j) => [j.ori, j.state]));
  const totals = new Map<string, Record<FigureKey, number>>();
  for (const [ori, counts] of Object.entries(stats.byJurisdiction)) {
    const state = stateOf.get(ori) ?? "unknown";
    const sum = totals.get(state) ?? empty();
    for (const { key } of FIGURES) sum[key] += counts[key];
    totals.set(state, sum);
  }
  return [...totals.entries()]
    .map(([state, counts]) => ({ state, counts }))
    .sort((a, b) => a.state.localeCompare(b.state));
}

/** Months in order, with their counts (months without bookings are absent from the hub's answer). */
export function monthly(stats: Pick<Statistics, "byMonth">): { month: string; counts: Counts }[] {
  return Object.entries(stats.byMonth)
    .map(([month, counts]) => ({ month, counts }))
    .sort((a, b) => a.month.localeCompare(b.month));
}
