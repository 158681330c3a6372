import { type Kysely, sql } from "kysely";
import type { AgencyContact, HubDatabase } from "./database-schema.js";

export interface AgencyRecord {
  ori: string;
  /** LEA, SIB, CJIS, IDENT, LESC, ERO or PMO. */
  kind: string;
  name: string;
  parentOri: string | null;
  /** IAQ attention and telephone, and the facility's time zone; absent fields are unknown. */
  contact?: AgencyContact;
  /** A booking agency's jurisdiction (county), whose activation routes its bookings. */
  jurisdictionId?: string | null;
}

export interface JurisdictionRecord {
  /** The county's five-digit FIPS code (stored in the `ori` column, an older name). */
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
    return this.db
      .selectFrom("sib_agreements")
      .select([
        "sib_ori as sibOri",
        "state",
        sql<string>`to_char(signed_on, 'YYYY-MM-DD')`.as("signedOn"),
        sql<string | null>`to_char(terminated_on, 'YYYY-MM-DD')`.as("terminatedOn"),
      ])
      .where("sib_ori", "=", sibOri)
      .where("state", "=", state)
      .executeTakeFirst();
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
    }));
  }
}
