import { type Kysely, sql } from "kysely";

/**
 * What the steps after an IDENT match need (subject records behind the galleries, the LESC queue,
 * detainers) and what delivery needs (webhooks, acknowledgements, agency contact details for the IAQ).
 */
const up = [
  // The records a repository holds beside its prints: FBI number, FIN, identity, criminal history,
  // immigration record. Synthetic data says so inside the record.
  `create table subject_records (
    repository  text not null check (repository in ('criminal', 'ident')),
    identity    text not null,
    record      jsonb not null,
    created_at  timestamptz not null default now(),
    primary key (repository, identity)
  )`,
  // One review per IAQ: the rules' proposal waits here until an analyst (or the demo) determines it.
  `create table lesc_reviews (
    transaction_id  uuid primary key references transactions (id),
    iaq_id          text not null unique,
    fin             text not null,
    proposal        jsonb not null,
    status          text not null check (status in ('pending', 'determined')),
    enqueued_at     timestamptz not null,
    determined_at   timestamptz,
    determination   jsonb
  )`,
  "create index lesc_reviews_pending on lesc_reviews (enqueued_at) where status = 'pending'",
  `create table detainers (
    id              uuid primary key,
    transaction_id  uuid not null unique references transactions (id),
    lea_ori         text not null,
    ero_ori         text not null,
    status          text not null,
    state           jsonb not null,
    -- The priority assessment with its rule set, version and inputs, so the level can be re-derived.
    priority        jsonb not null,
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
  )`,
  "create index detainers_ero on detainers (ero_ori, status)",
  "create index detainers_lea on detainers (lea_ori, status)",
  `create table webhooks (
    ori         text primary key,
    url         text not null,
    secret      text not null,
    updated_at  timestamptz not null default now()
  )`,
  "alter table messages add column acknowledged_at timestamptz",
  // ATN and PHN of the IAQ, and the facility time zone the detainer clock counts days in.
  "alter table agencies add column contact jsonb not null default '{}'",
  // A booking agency's county: the jurisdiction whose activation and preferences route its bookings.
  "alter table agencies add column jurisdiction_id text",
  // An LEA lists its own bookings by the booking agency the workflow state records.
  "create index transactions_lea on transactions ((state_data->>'leaOri'), created_at)",
  // The ICE ERO field office whose area of responsibility covers the jurisdiction.
  "alter table jurisdictions add column ero_ori text",
];

const down = [
  "alter table jurisdictions drop column ero_ori",
  "alter table agencies drop column jurisdiction_id",
  "alter table agencies drop column contact",
  "alter table messages drop column acknowledged_at",
  "drop table webhooks",
  "drop table detainers",
  "drop table lesc_reviews",
  "drop table subject_records",
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const immigrationAndDelivery = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
