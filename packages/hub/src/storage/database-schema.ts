import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** Row types of the hub's tables, as Kysely sees them. The SQL is in migrations/. */

type Timestamp = ColumnType<Date, Date, Date>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** Postgres returns int8 as a string (pg) or a number/bigint (PGlite): read it through `Number()`. */
type Int8 = ColumnType<string | number | bigint, number, number>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface AgencyTable {
  ori: string;
  kind: string;
  name: string;
  /** Two-letter state (migration 0011). */
  state: ColumnType<string | null, string | null | undefined, string | null>;
  parent_ori: string | null;
  contact: ColumnType<AgencyContact, string | undefined, string>;
  jurisdiction_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

/** How the LESC reaches the requester (IAQ ATN/PHN) and the zone the facility's hold clock counts in. */
export interface AgencyContact {
  attention?: string;
  phone?: string;
  timeZone?: string;
}

export interface JurisdictionTable {
  ori: string;
  name: string;
  state: string;
  activation_status: string;
  activated_at: Date | null;
  receipt_idr: boolean;
  receipt_iar: boolean;
  activation: Json;
  ero_ori: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: Timestamp;
  /** COUNTY or FACILITY (a state correctional reception facility). */
  site_kind: ColumnType<string, string | undefined, string>;
  /** A facility's county (FIPS); null for a county. */
  location_fips: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RegionTable {
  id: string;
  name: string;
  coordinator_ori: string | null;
}

export interface RegionStateTable {
  state: string;
  region_id: string;
}

export interface SibAgreementTable {
  sib_ori: string;
  state: string;
  /** A `date`: written as YYYY-MM-DD; read through to_char, since pg would turn it into a local-midnight Date. */
  signed_on: string;
  terminated_on: string | null;
}

export interface TransactionTable {
  id: string;
  tcn: string;
  tot: string;
  submitter_ori: string;
  jurisdiction_ori: string | null;
  state: string;
  state_data: Json;
  version: number;
  request: Uint8Array | null;
  /** Hex SHA-256 of `request`: tells a resubmission from another file reusing the TCN. */
  request_sha256: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** An intake booking's county of arrest (the arresting agency's jurisdiction). */
  arrest_jurisdiction_ori: ColumnType<string | null, string | null | undefined, string | null>;
  /** Whether that county's IDENT search applied on the arrest day. */
  arrest_ident_search: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
}

export interface MessageTable {
  id: string;
  transaction_id: string | null;
  type: string;
  recipient_ori: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  payload: Uint8Array | null;
  payload_json: Json;
  created_at: CreatedAt;
  delivered_at: Date | null;
  acknowledged_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface JobTable {
  id: string;
  kind: string;
  payload: Json;
  dedupe_key: string | null;
  status: string;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: number;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: CreatedAt;
}

export interface AuditEventTable {
  seq: Int8;
  at: Timestamp;
  actor: string;
  ori: string;
  action: string;
  purpose: string | null;
  object: string | null;
  details: Json;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: Int8;
  hash: string;
}

export interface GalleryTemplateTable {
  repository: string;
  identity: string;
  position: number;
  template: Uint8Array;
  created_at: CreatedAt;
}

export interface GalleryEventTable {
  id: Generated<Int8>;
  repository: string;
  kind: string;
  identity: string;
  payload: Uint8Array;
  created_at: CreatedAt;
  stream_seq: ColumnType<string | number | bigint | null, number | null | undefined, number | null>;
  published_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface EnrolledPrintTable {
  repository: string;
  identity: string;
  position: number;
  wsq: Uint8Array;
  ppi: number;
  created_at: CreatedAt;
}

export interface RecordTombstoneTable {
  id: Generated<Int8>;
  repository: string;
  identity: string;
  action: "EXPUNGED" | "CORRECTED";
  reason: string;
  authority: string;
  reference: string;
  actor: string;
  actor_ori: string;
  changed: ColumnType<unknown, string | undefined, string>;
  at: CreatedAt;
}

export interface ApiKeyTable {
  id: string;
  ori: string;
  role: string;
  key_hash: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface SubjectRecordTable {
  repository: string;
  identity: string;
  /** Written before encryption at rest; null once `sealed` holds the record. */
  record: ColumnType<unknown, string | null | undefined, string | null>;
  /** The record's JSON in an envelope (envelope-cipher.ts). */
  sealed: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  created_at: CreatedAt;
}

export interface LescReviewTable {
  transaction_id: string;
  iaq_id: string;
  fin: string;
  proposal: Json;
  status: string;
  enqueued_at: Timestamp;
  determined_at: Date | null;
  determination: Json | null;
}

export interface DetainerTable {
  id: string;
  transaction_id: string;
  lea_ori: string;
  ero_ori: string;
  status: string;
  state: Json;
  priority: Json;
  version: number;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WebhookTable {
  ori: string;
  url: string;
  /** Written before encryption at rest; null once `sealed_secret` holds it. */
  secret: ColumnType<string | null, string | null | undefined, string | null>;
  sealed_secret: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  updated_at: Timestamp;
}

export interface RejectedSubmissionTable {
  submitter_ori: string;
  file_sha256: string;
  jurisdiction_id: string | null;
  tcn: string | null;
  problems: number;
  errt_message_id: string;
  received_at: Date;
}

export interface HubDatabase {
  agencies: AgencyTable;
  jurisdictions: JurisdictionTable;
  regions: RegionTable;
  region_states: RegionStateTable;
  sib_agreements: SibAgreementTable;
  transactions: TransactionTable;
  rejected_submissions: RejectedSubmissionTable;
  messages: MessageTable;
  jobs: JobTable;
  audit_events: AuditEventTable;
  audit_head: AuditHeadTable;
  gallery_templates: GalleryTemplateTable;
  enrolled_prints: EnrolledPrintTable;
  gallery_events: GalleryEventTable;
  api_keys: ApiKeyTable;
  subject_records: SubjectRecordTable;
  record_tombstones: RecordTombstoneTable;
  lesc_reviews: LescReviewTable;
  detainers: DetainerTable;
  webhooks: WebhookTable;
}

export type TransactionRow = Selectable<TransactionTable>;
export type MessageRow = Selectable<MessageTable>;
export type JobRow = Selectable<JobTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type NewAgency = Insertable<AgencyTable>;
