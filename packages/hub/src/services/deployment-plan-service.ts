import type { Kysely } from "kysely";
import {
  changePlan,
  deploymentProgress,
  PLAN_AUDIT_ACTIONS,
  type PlanChange,
  type PlanSite,
  type RegionProgress,
} from "../domain/deployment-plan.js";
import type { ActivationStatus, JurisdictionActivation } from "../domain/jurisdiction-activation.js";
import type { HubDatabase } from "../storage/database-schema.js";
import type { JurisdictionRecord, RegionRecord, SiteKind } from "../storage/directory-repository.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import { countyCentroid } from "./county-centroid.js";
import { applyEffects } from "./effect-application.js";
import { ConflictError, ForbiddenError, NotFoundError } from "./service-error.js";

/** The states a caller may see and manage: all of them, or a regional coordinator's. */
export type StateScope = "ALL" | readonly string[];

export interface PlanHistoryEntry {
  readonly at: string;
  readonly action: string;
  readonly actor: string;
  readonly detail: Record<string, unknown>;
}

export interface PlanEntry {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly kind: SiteKind;
  /** The county a facility sits in; a county's own FIPS. */
  readonly countyFips: string | null;
  readonly status: ActivationStatus;
  readonly scheduledAt: string | null;
  readonly activatedAt: string | null;
  readonly deferredReason: string | null;
  readonly receiptIdr: boolean;
  readonly receiptIar: boolean;
  readonly history: readonly PlanHistoryEntry[];
}

export interface FacilityPoint {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly countyFips: string | null;
  /** The county's centroid (degrees), null when the county is unknown to the map. */
  readonly lon: number | null;
  readonly lat: number | null;
  readonly status: ActivationStatus;
  readonly scheduledAt: string | null;
  readonly activatedAt: string | null;
  readonly receiptIdr: boolean;
  readonly receiptIar: boolean;
}

export interface PlanActor {
  readonly actor: string;
  readonly ori: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A site's activation as the domain sees it; the columns are authoritative for status and receipt. */
export function siteActivationOf(record: JurisdictionRecord): JurisdictionActivation {
  const stored = record.activation;
  const scheduledAt = text(stored.scheduledAt);
  const activatedAt = text(stored.activatedAt) ?? record.activatedAt?.toISOString().slice(0, 10);
  const deferredReason = text(stored.deferredReason);
  return {
    jurisdictionId: record.jurisdictionId,
    status: record.activationStatus as ActivationStatus,
    ...(scheduledAt !== undefined ? { scheduledAt } : {}),
    ...(activatedAt !== undefined ? { activatedAt } : {}),
    ...(deferredReason !== undefined ? { deferredReason } : {}),
    receipt: { idr: record.receiptIdr, iar: record.receiptIar },
  };
}

function inScope(scope: StateScope, state: string): boolean {
  return scope === "ALL" || scope.includes(state);
}

/**
 * The programme office's deployment work: regions, each state's plan of sites (counties and correctional
 * reception facilities) with their history, changes to it (each one audited), progress figures and the
 * facilities as points for the map. The scope is enforced here, so the API and the CLI share it.
 */
export class DeploymentPlanService {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async regions(scope: StateScope = "ALL"): Promise<RegionRecord[]> {
    const regions = await createHubStorage(this.db).directory.listRegions();
    return scope === "ALL" ? regions : regions.filter((r) => r.states.some((s) => scope.includes(s)));
  }

  async setRegion(region: RegionRecord, by: PlanActor): Promise<RegionRecord> {
    const states = [...new Set(region.states.map((s) => s.toUpperCase()))].sort();
    const stored = { ...region, states };
    await runTransition(
      this.db,
      async (storage) => {
        // One coordinator runs one region (a unique column): a second region for it is the caller's conflict.
        const coordinated =
          region.coordinatorOri === null
            ? undefined
            : await storage.directory.regionOfCoordinator(region.coordinatorOri);
        if (coordinated && coordinated.id !== region.id)
          throw new ConflictError(
            `region:${region.id}`,
            `${region.coordinatorOri} already coordinates region ${coordinated.id}: give that region another coordinator first`,
          );
        await storage.directory.putRegion(stored);
        await storage.audit.append({
          actor: by.actor,
          ori: by.ori,
          action: "REGION_SET",
          object: `region:${region.id}`,
          details: { name: region.name, states, coordinatorOri: region.coordinatorOri },
        });
      },
      { clock: this.clock },
    );
    return stored;
  }

  async plan(scope: StateScope, state?: string): Promise<PlanEntry[]> {
    if (state !== undefined && !inScope(scope, state))
      throw new ForbiddenError(`state:${state}`, `state ${state} is outside the caller's region`);
    const storage = createHubStorage(this.db);
    const sites = (await storage.directory.listJurisdictions(state)).filter((s) => inScope(scope, s.state));
    const history = new Map<string, PlanHistoryEntry[]>();
    for (const action of PLAN_AUDIT_ACTIONS) {
      for (const event of await storage.audit.query({ action, limit: 100_000 })) {
        const id = event.object?.replace(/^jurisdiction:/, "") ?? "";
        const entry = { at: event.at.toISOString(), action, actor: event.actor, detail: event.details };
        history.set(id, [...(history.get(id) ?? []), entry]);
      }
    }
    return sites.map((site) => this.#entry(site, history.get(site.jurisdictionId) ?? []));
  }

  async change(scope: StateScope, siteId: string, change: PlanChange, by: PlanActor): Promise<PlanEntry> {
    return runTransition(
      this.db,
      async (storage, trx) => {
        await trx.selectFrom("jurisdictions").select("ori").where("ori", "=", siteId).forUpdate().execute();
        const record = await storage.directory.getJurisdiction(siteId);
        // A site outside the coordinator's region is as absent as an unknown one.
        if (!record || !inScope(scope, record.state)) throw new NotFoundError(`deployment site ${siteId}`);
        const next = changePlan(siteActivationOf(record), change);
        const updated: JurisdictionRecord = {
          ...record,
          activationStatus: next.state.status,
          activatedAt: next.state.activatedAt ? new Date(`${next.state.activatedAt}T00:00:00Z`) : null,
          receiptIdr: next.state.receipt.idr,
          receiptIar: next.state.receipt.iar,
          activation: { ...next.state },
        };
        await storage.directory.putJurisdiction(updated);
        await applyEffects(storage, next.effects, { actor: by.actor, ori: by.ori, transactionId: null });
        const history = (await storage.audit.query({ object: `jurisdiction:${siteId}`, limit: 10_000 }))
          .filter((event) => (PLAN_AUDIT_ACTIONS as readonly string[]).includes(event.action))
          .map((event) => ({
            at: event.at.toISOString(),
            action: event.action,
            actor: event.actor,
            detail: event.details,
          }));
        return this.#entry(updated, history);
      },
      { clock: this.clock },
    );
  }

  async progress(scope: StateScope): Promise<RegionProgress[]> {
    const storage = createHubStorage(this.db);
    const sites: PlanSite[] = (await storage.directory.listJurisdictions())
      .filter((site) => inScope(scope, site.state))
      .map((site) => {
        const activation = siteActivationOf(site);
        return {
          id: site.jurisdictionId,
          state: site.state,
          kind: site.siteKind ?? "COUNTY",
          status: activation.status,
          ...(activation.scheduledAt ? { scheduledAt: activation.scheduledAt } : {}),
        };
      });
    const regions = await this.regions(scope);
    return deploymentProgress(sites, regions, this.clock().toISOString().slice(0, 10));
  }

  async facilities(scope: StateScope, state?: string): Promise<FacilityPoint[]> {
    return (await this.plan(scope, state))
      .filter((site) => site.kind === "FACILITY")
      .map((site) => {
        const centroid = site.countyFips ? countyCentroid(site.countyFips) : undefined;
        return {
          id: site.id,
          name: site.name,
          state: site.state,
          countyFips: site.countyFips,
          lon: centroid?.[0] ?? null,
          lat: centroid?.[1] ?? null,
          status: site.status,
          scheduledAt: site.scheduledAt,
          activatedAt: site.activatedAt,
          receiptIdr: site.receiptIdr,
          receiptIar: site.receiptIar,
        };
      });
  }

  #entry(site: JurisdictionRecord, history: readonly PlanHistoryEntry[]): PlanEntry {
    const activation = siteActivationOf(site);
    const kind = site.siteKind ?? "COUNTY";
    return {
      id: site.jurisdictionId,
      name: site.name,
      state: site.state,
      kind,
      countyFips: kind === "FACILITY" ? (site.locationFips ?? null) : site.jurisdictionId,
      status: activation.status,
      scheduledAt: activation.scheduledAt ?? null,
      activatedAt: activation.activatedAt ?? null,
      deferredReason: activation.deferredReason ?? null,
      receiptIdr: site.receiptIdr,
      receiptIar: site.receiptIar,
      history,
    };
  }
}
