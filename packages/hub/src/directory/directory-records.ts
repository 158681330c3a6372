import type { ActivationStatus } from "../domain/jurisdiction-activation.js";
import type { DirectoryTable } from "./directory-format.js";

export const AGENCY_KINDS = ["LEA", "SIB", "CJIS", "IDENT", "LESC", "ERO", "PMO", "DOC"] as const;
export const SITE_KINDS = ["COUNTY", "FACILITY"] as const;

export interface DirectoryAgency {
  readonly ori: string;
  readonly kind: (typeof AGENCY_KINDS)[number];
  readonly name: string;
  readonly state: string;
  /** The deployment site whose activation routes its bookings: a county FIPS or a facility's ORI. */
  readonly jurisdiction: string | null;
  readonly parentOri: string | null;
  readonly attention: string | null;
  readonly phone: string | null;
  readonly timeZone: string | null;
}

export interface DirectoryJurisdiction {
  readonly id: string;
  readonly kind: (typeof SITE_KINDS)[number];
  readonly name: string;
  readonly state: string;
  /** A facility's county; a county's own FIPS is its id. */
  readonly countyFips: string | null;
  /** The ERO field office whose area of responsibility covers the site. */
  readonly eroOri: string | null;
  readonly status: ActivationStatus;
  readonly scheduledOn: string | null;
  readonly activatedOn: string | null;
  readonly deferredReason: string | null;
  readonly receiptIdr: boolean;
  readonly receiptIar: boolean;
}

export interface DirectoryAgreement {
  readonly sibOri: string;
  readonly state: string;
  readonly signedOn: string;
  readonly terminatedOn: string | null;
}

export interface DirectoryRegion {
  readonly id: string;
  readonly name: string;
  readonly coordinatorOri: string | null;
  readonly states: readonly string[];
}

/** A whole directory, or the part of it one import carries. */
export interface DirectoryContent {
  readonly agencies: readonly DirectoryAgency[];
  readonly jurisdictions: readonly DirectoryJurisdiction[];
  readonly agreements: readonly DirectoryAgreement[];
  readonly regions: readonly DirectoryRegion[];
}

export type DirectoryRecord<T extends DirectoryTable> = {
  agencies: DirectoryAgency;
  jurisdictions: DirectoryJurisdiction;
  agreements: DirectoryAgreement;
  regions: DirectoryRegion;
}[T];

/** A record's key within its table: what makes a second row a duplicate and an import an update. */
export function recordKey<T extends DirectoryTable>(table: T, record: DirectoryRecord<T>): string {
  switch (table) {
    case "agencies":
      return (record as DirectoryAgency).ori;
    case "jurisdictions":
      return (record as DirectoryJurisdiction).id;
    case "agreements": {
      const agreement = record as DirectoryAgreement;
      return `${agreement.sibOri}:${agreement.state}`;
    }
    default:
      return (record as DirectoryRegion).id;
  }
}

/** The audit log's object for a record, as the rest of the hub names it (`jurisdiction:51059`). */
export function recordObject<T extends DirectoryTable>(table: T, record: DirectoryRecord<T>): string {
  const prefix = {
    agencies: "agency",
    jurisdictions: "jurisdiction",
    agreements: "agreement",
    regions: "region",
  }[table];
  return `${prefix}:${recordKey(table, record)}`;
}

const text = (value: string | null) => value ?? "";

/** A record as its table's row of text: what export writes and what an import compares. */
export function recordRow<T extends DirectoryTable>(
  table: T,
  record: DirectoryRecord<T>,
): Record<string, string> {
  switch (table) {
    case "agencies": {
      const a = record as DirectoryAgency;
      return {
        ori: a.ori,
        kind: a.kind,
        name: a.name,
        state: a.state,
        jurisdiction: text(a.jurisdiction),
        parent_ori: text(a.parentOri),
        attention: text(a.attention),
        phone: text(a.phone),
        time_zone: text(a.timeZone),
      };
    }
    case "jurisdictions": {
      const j = record as DirectoryJurisdiction;
      return {
        id: j.id,
        kind: j.kind,
        name: j.name,
        state: j.state,
        county_fips: text(j.countyFips),
        ero_ori: text(j.eroOri),
        status: j.status,
        scheduled_on: text(j.scheduledOn),
        activated_on: text(j.activatedOn),
        deferred_reason: text(j.deferredReason),
        receipt_idr: String(j.receiptIdr),
        receipt_iar: String(j.receiptIar),
      };
    }
    case "agreements": {
      const g = record as DirectoryAgreement;
      return {
        sib_ori: g.sibOri,
        state: g.state,
        signed_on: g.signedOn,
        terminated_on: text(g.terminatedOn),
      };
    }
    default: {
      const r = record as DirectoryRegion;
      return { id: r.id, name: r.name, coordinator_ori: text(r.coordinatorOri), states: r.states.join(" ") };
    }
  }
}
