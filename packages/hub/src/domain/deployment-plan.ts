import type { AuditEffect, Transition } from "./domain-effects.js";
import { DomainInputError, IllegalTransitionError, requireIsoDay } from "./domain-error.js";
import { type JurisdictionActivation, transitionJurisdiction } from "./jurisdiction-activation.js";

/**
 * The deployment plan as the programme office works it: each site (a county or a correctional reception
 * facility) is scheduled, moved to another date or deferred — a move and a deferral always with the
 * reason, as the August 2010 procedure asked of a jurisdiction not wanting its date — and
 * activated. Every change is one audited transition of the site's activation.
 */
export type PlanChange =
  | { readonly action: "SCHEDULE"; readonly date: string; readonly reason?: string }
  | { readonly action: "MOVE"; readonly date: string; readonly reason: string }
  | { readonly action: "DEFER"; readonly reason: string }
  | { readonly action: "ACTIVATE"; readonly date: string };

export const PLAN_ACTIONS = ["SCHEDULE", "MOVE", "DEFER", "ACTIVATE"] as const;

/** The audit actions that make up a site's plan history. */
export const PLAN_AUDIT_ACTIONS = [
  "JURISDICTION_SCHEDULED",
  "JURISDICTION_DATE_MOVED",
  "JURISDICTION_DEFERRED",
  "JURISDICTION_ACTIVATED",
] as const;

function requireReason(reason: string | undefined, action: string): string {
  const trimmed = reason?.trim() ?? "";
  if (trimmed === "") throw new DomainInputError("change.reason", `${action} needs a reason`);
  return trimmed;
}

export function changePlan(
  site: JurisdictionActivation,
  change: PlanChange,
): Transition<JurisdictionActivation> {
  switch (change.action) {
    case "SCHEDULE": {
      // A date already set is moved, with a reason; SCHEDULE only gives a first (or re-)schedule.
      if (site.status === "SCHEDULED")
        throw new IllegalTransitionError(
          "deployment-plan",
          site.status,
          "SCHEDULE",
          "use MOVE with a reason",
        );
      const next = transitionJurisdiction(site, { type: "SCHEDULE", date: change.date });
      return withDetail(next, change.reason ? { reason: change.reason.trim() } : {});
    }
    case "MOVE": {
      if (site.status !== "SCHEDULED" && site.status !== "DEFERRED")
        throw new IllegalTransitionError(
          "deployment-plan",
          site.status,
          "MOVE",
          "only a scheduled or deferred site has a date to move",
        );
      const reason = requireReason(change.reason, "MOVE");
      const date = requireIsoDay("change.date", change.date);
      if (date === site.scheduledAt)
        throw new DomainInputError("change.date", `${date} is already the scheduled date`);
      const next = transitionJurisdiction(site, { type: "SCHEDULE", date });
      const effect: AuditEffect = {
        kind: "audit",
        action: "JURISDICTION_DATE_MOVED",
        object: `jurisdiction:${site.jurisdictionId}`,
        detail: { from: site.scheduledAt ?? null, scheduledAt: date, status: site.status, reason },
      };
      return { state: next.state, effects: [effect] };
    }
    case "DEFER":
      return transitionJurisdiction(site, { type: "DEFER", reason: requireReason(change.reason, "DEFER") });
    case "ACTIVATE":
      return transitionJurisdiction(site, { type: "ACTIVATE", date: change.date });
  }
}

function withDetail(
  transition: Transition<JurisdictionActivation>,
  detail: Record<string, unknown>,
): Transition<JurisdictionActivation> {
  return {
    state: transition.state,
    effects: transition.effects.map((effect) =>
      effect.kind === "audit" ? { ...effect, detail: { ...effect.detail, ...detail } } : effect,
    ),
  };
}

/** One site as the progress figures see it. */
export interface PlanSite {
  readonly id: string;
  readonly state: string;
  readonly kind: "COUNTY" | "FACILITY";
  readonly status: JurisdictionActivation["status"];
  /** YYYY-MM-DD. */
  readonly scheduledAt?: string;
}

export interface ProgressFigures {
  readonly sites: number;
  readonly activated: number;
  readonly scheduled: number;
  readonly deferred: number;
  readonly planned: number;
  /** Scheduled for a day before today and still not activated. */
  readonly overdue: number;
  readonly facilities: number;
  readonly facilitiesActivated: number;
  /** activated / sites, or null without sites. */
  readonly activatedShare: number | null;
  /** The earliest scheduled date from today on (YYYY-MM-DD), or null. */
  readonly nextScheduled: string | null;
}

export interface RegionProgress extends ProgressFigures {
  /** The region's id, or null for states in no region. */
  readonly region: string | null;
  readonly name: string;
  readonly states: readonly (ProgressFigures & { readonly state: string })[];
}

export function progressOf(sites: readonly PlanSite[], today: string): ProgressFigures {
  requireIsoDay("today", today);
  const count = (test: (site: PlanSite) => boolean) => sites.filter(test).length;
  const activated = count((s) => s.status === "ACTIVATED");
  const upcoming = sites
    .filter((s) => s.status === "SCHEDULED" && s.scheduledAt !== undefined && s.scheduledAt >= today)
    .map((s) => s.scheduledAt as string)
    .sort();
  return {
    sites: sites.length,
    activated,
    scheduled: count((s) => s.status === "SCHEDULED"),
    deferred: count((s) => s.status === "DEFERRED"),
    planned: count((s) => s.status === "PLANNED"),
    overdue: count((s) => s.status === "SCHEDULED" && s.scheduledAt !== undefined && s.scheduledAt < today),
    facilities: count((s) => s.kind === "FACILITY"),
    facilitiesActivated: count((s) => s.kind === "FACILITY" && s.status === "ACTIVATED"),
    activatedShare: sites.length === 0 ? null : activated / sites.length,
    nextScheduled: upcoming[0] ?? null,
  };
}

/**
 * The plan's progress by region and, within each, by state; states with sites but in no region come
 * last under `region: null`. Regions list all their states, with zero figures where a state has no sites.
 */
export function deploymentProgress(
  sites: readonly PlanSite[],
  regions: readonly { readonly id: string; readonly name: string; readonly states: readonly string[] }[],
  today: string,
): RegionProgress[] {
  const byState = new Map<string, PlanSite[]>();
  for (const site of sites) byState.set(site.state, [...(byState.get(site.state) ?? []), site]);
  const grouped = new Set(regions.flatMap((region) => region.states));
  const unassigned = [...byState.keys()].filter((state) => !grouped.has(state)).sort();
  const groups = [
    ...regions.map((region) => ({ region: region.id, name: region.name, states: [...region.states].sort() })),
    ...(unassigned.length > 0 ? [{ region: null, name: "No region", states: unassigned }] : []),
  ];
  return groups.map((group) => ({
    region: group.region,
    name: group.name,
    ...progressOf(
      group.states.flatMap((state) => byState.get(state) ?? []),
      today,
    ),
    states: group.states.map((state) => ({ state, ...progressOf(byState.get(state) ?? [], today) })),
  }));
}
