import { type Kysely, sql } from "kysely";
import type { AgencyContact, HubDatabase } from "./database-schema.js";

export interface AgencyRecord {
  ori: string;
  /** LEA, SIB, CJIS, IDENT, LESC, ERO, PMO or DOC (a state department of corrections). */
  kind: string;
  name: string;
  parentOri: string | null;
  /** Two-letter state; by default the ORI's first two letters, as NCIC assigns them. */
  state?: string | null;
  /** IAQ attention and telephone, and the facility's time zone; absent fields are unknown. */
  contact?: AgencyContact;
  /** A booking agency's jurisdiction (county), whose activation routes its bookings. */
  jurisdictionId?: string | null;
}

export interface JurisdictionRecord {
  /** A county's five-digit FIPS code, or a correctional facility's ORI (column `ori`, an older name). */
  jurisdictionId: string;
  name: string;
  /** Two-letter state code. */
  state: string;
  /** PLANNED, SCHEDULED, DEFERRED or ACTIVATED. */
  activationStatus: string;
  activatedAt: Date | null;
  receiptIdr: boolean;
  receiptIar: boolean;
  /** The domain's full activation record, stored as given. */
  activation: Record<string, unknown>;
  /** The ERO field office whose area covers the jurisdiction; it receives every IAR. */
  eroOri?: string | null;
  /** The kind of deployment site: a county (default) or a state correctional reception facility. */
  siteKind?: SiteKind;
  /** A facility's county (FIPS), where the map draws it; null for a county. */
  locationFips?: string | null;
}

export type SiteKind = "COUNTY" | "FACILITY";

/** A programme region: states grouped under a coordinator (docs/decisions/0012-correctional-intake-and-deployment-plan.md). */
export interface RegionRecord {
  id: string;
  name: string;
  /** The ORI whose PMO keys are the region's coordinator: they see and manage only these states. */
  coordinatorOri: string | null;
  /** Two-letter state codes, sorted. */
  states: string[];
}

export interface SibAgreementRecord {
  sibOri: string;
  state: string;
  /** YYYY-MM-DD. */
  signedOn: string;
  terminatedOn: string | null;
}

/** Agencies, jurisdictions (activation and receipt preferences) and SIB agreements. */
export interface DirectoryRepository {
  putAgency(agency: AgencyRecord): Promise<void>;
  getAgency(ori: string): Promise<AgencyRecord | undefined>;
  listAgencies(kind?: string): Promise<AgencyRecord[]>;
  putJurisdiction(jurisdiction: JurisdictionRecord): Promise<void>;
  getJurisdiction(jurisdictionId: string): Promise<JurisdictionRecord | undefined>;
  listJurisdictions(state?: string): Promise<JurisdictionRecord[]>;
  putAgreement(agreement: SibAgreementRecord): Promise<void>;
  getAgreement(sibOri: string, state: string): Promise<SibAgreementRecord | undefined>;
  listAgreements(): Promise<SibAgreementRecord[]>;
  /** Creates or replaces a region; its states leave any other region. */
  putRegion(region: RegionRecord): Promise<void>;
  listRegions(): Promise<RegionRecord[]>;
  /** The region a coordinator ORI runs, if it is one. */
  regionOfCoordinator(ori: string): Promise<RegionRecord | undefined>;
}

export class PostgresDirectoryRepository implements DirectoryRepository {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async putAgency(agency: AgencyRecord): Promise<void> {
    const values = {
      kind: agency.kind,
      name: agency.name,
      state: agency.state ?? agency.ori.slice(0, 2),
      parent_ori: agency.parentOri,
      contact: JSON.stringify(agency.contact ?? {}),
      jurisdiction_id: agency.jurisdictionId ?? null,
    };
    await this.db
      .insertInto("agencies")
      .values({ ori: agency.ori, ...values })
      .onConflict((conflict) => conflict.column("ori").doUpdateSet(values))
      .execute();
  }

  async getAgency(ori: string): Promise<AgencyRecord | undefined> {
    const row = await this.db
      .selectFrom("agencies")
      .select([
        "ori",
        "kind",
        "name",
        "state",
        "parent_ori as parentOri",
        "contact",
        "jurisdiction_id as jurisdictionId",
      ])
      .where("ori", "=", ori)
      .executeTakeFirst();
    return row;
  }

  async listAgencies(kind?: string): Promise<AgencyRecord[]> {
    let query = this.db
      .selectFrom("agencies")
      .select([
        "ori",
        "kind",
        "name",
        "state",
        "parent_ori as parentOri",
        "contact",
        "jurisdiction_id as jurisdictionId",
      ]);
    if (kind !== undefined) query = query.where("kind", "=", kind);
    return query.orderBy("ori").execute();
  }

  async putJurisdiction(jurisdiction: JurisdictionRecord): Promise<void> {
    const values = {
      name: jurisdiction.name,
      state: jurisdiction.state,
      activation_status: jurisdiction.activationStatus,
      activated_at: jurisdiction.activatedAt,
      receipt_idr: jurisdiction.receiptIdr,
      receipt_iar: jurisdiction.receiptIar,
      activation: JSON.stringify(jurisdiction.activation),
      ero_ori: jurisdiction.eroOri ?? null,
      site_kind: jurisdiction.siteKind ?? "COUNTY",
      location_fips: jurisdiction.locationFips ?? null,
      updated_at: this.clock(),
    };
    await this.db
      .insertInto("jurisdictions")
      .values({ ori: jurisdiction.jurisdictionId, ...values })
      .onConflict((conflict) => conflict.column("ori").doUpdateSet(values))
      .execute();
  }

  async getJurisdiction(jurisdictionId: string): Promise<JurisdictionRecord | undefined> {
    return (await this.jurisdictions({ jurisdictionId }))[0];
  }

  async listJurisdictions(state?: string): Promise<JurisdictionRecord[]> {
    return this.jurisdictions(state === undefined ? {} : { state });
  }

  async putAgreement(agreement: SibAgreementRecord): Promise<void> {
    const values = { signed_on: agreement.signedOn, terminated_on: agreement.terminatedOn };
    await this.db
      .insertInto("sib_agreements")
      .values({ sib_ori: agreement.sibOri, state: agreement.state, ...values })
      .onConflict((conflict) => conflict.columns(["sib_ori", "state"]).doUpdateSet(values))
      .execute();
  }

  async getAgreement(sibOri: string, state: string): Promise<SibAgreementRecord | undefined> {
    return (await this.agreements({ sibOri, state }))[0];
  }

  async listAgreements(): Promise<SibAgreementRecord[]> {
    return this.agreements({});
  }

  private async agreements(filter: { sibOri?: string; state?: string }): Promise<SibAgreementRecord[]> {
    let query = this.db
      .selectFrom("sib_agreements")
      .select([
        "sib_ori as sibOri",
        "state",
        sql<string>`to_char(signed_on, 'YYYY-MM-DD')`.as("signedOn"),
        sql<string | null>`to_char(terminated_on, 'YYYY-MM-DD')`.as("terminatedOn"),
      ])
      .orderBy("sib_ori")
      .orderBy("state");
    if (filter.sibOri !== undefined) query = query.where("sib_ori", "=", filter.sibOri);
    if (filter.state !== undefined) query = query.where("state", "=", filter.state);
    return query.execute();
  }

  async putRegion(region: RegionRecord): Promise<void> {
    if (!this.db.isTransaction)
      return this.db
        .transaction()
        .execute((trx) => new PostgresDirectoryRepository(trx, this.clock).putRegion(region));
    const values = { name: region.name, coordinator_ori: region.coordinatorOri };
    await this.db
      .insertInto("regions")
      .values({ id: region.id, ...values })
      .onConflict((conflict) => conflict.column("id").doUpdateSet(values))
      .execute();
    await this.db.deleteFrom("region_states").where("region_id", "=", region.id).execute();
    if (region.states.length === 0) return;
    await this.db
      .insertInto("region_states")
      .values(region.states.map((state) => ({ state, region_id: region.id })))
      .onConflict((conflict) => conflict.column("state").doUpdateSet({ region_id: region.id }))
      .execute();
  }

  async listRegions(): Promise<RegionRecord[]> {
    const regions = await this.db.selectFrom("regions").selectAll().orderBy("id").execute();
    const states = await this.db.selectFrom("region_states").selectAll().orderBy("state").execute();
    return regions.map((row) => ({
      id: row.id,
      name: row.name,
      coordinatorOri: row.coordinator_ori,
      states: states.filter((s) => s.region_id === row.id).map((s) => s.state),
    }));
  }

  async regionOfCoordinator(ori: string): Promise<RegionRecord | undefined> {
    return (await this.listRegions()).find((region) => region.coordinatorOri === ori);
  }

  private async jurisdictions(filter: {
    jurisdictionId?: string;
    state?: string;
  }): Promise<JurisdictionRecord[]> {
    let query = this.db.selectFrom("jurisdictions").selectAll();
    if (filter.jurisdictionId !== undefined) query = query.where("ori", "=", filter.jurisdictionId);
    if (filter.state !== undefined) query = query.where("state", "=", filter.state);
    const rows = await query.orderBy("ori").execute();
    return rows.map((row) => ({
      jurisdictionId: row.ori,
      name: row.name,
      state: row.state,
      activationStatus: row.activation_status,
      activatedAt: row.activated_at,
      receiptIdr: row.receipt_idr,
      receiptIar: row.receipt_iar,
      activation: (row.activation ?? {}) as Record<string, unknown>,
      eroOri: row.ero_ori,
      siteKind: row.site_kind as SiteKind,
      locationFips: row.location_fips,
    }));
  }
}
