import { type Kysely, sql } from "kysely";

/**
 * The hub's first schema. Plain SQL so that a reviewer reads what Postgres gets. One statement per
 * string: PGlite's extended-protocol queries take a single statement.
 */
const up = [
  `create table agencies (
    ori         text primary key,
    kind        text not null check (kind in ('LEA', 'SIB', 'CJIS', 'IDENT', 'LESC', 'ERO', 'PMO')),
    name        text not null,
    parent_ori  text references agencies (ori),
    created_at  timestamptz not null default now()
  )`,
  `create table jurisdictions (
    ori                text primary key,
    name               text not null,
    state              text not null,
    activation_status  text not null default 'PLANNED'
                       check (activation_status in ('PLANNED', 'SCHEDULED', 'DEFERRED', 'ACTIVATED')),
    activated_at       timestamptz,
    receipt_idr        boolean not null default true,
    receipt_iar        boolean not null default true,
    -- The domain's whole activation record (schedule, deferral reason, …); the columns above index it.
    activation         jsonb not null default '{}',
    updated_at         timestamptz not null default now()
  )`,
  "create index jurisdictions_state on jurisdictions (state)",
  `create table sib_agreements (
    sib_ori        text not null,
    state          text not null,
    signed_on      date not null,
    terminated_on  date,
    primary key (sib_ori, state)
  )`,
  // One row per submission; the TCN is the submitter's idempotency key.
  `create table transactions (
    id                uuid primary key,
    tcn               text not null unique,
    tot               text not null,
    submitter_ori     text not null,
    jurisdiction_ori  text,
    state             text not null,
    state_data        jsonb not null default '{}',
    version           integer not null default 1,
    request           bytea,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
  )`,
  "create index transactions_state on transactions (state)",
  "create index transactions_jurisdiction on transactions (jurisdiction_ori, created_at)",
  // Transactional outbox: written in the same database transaction as the state change it announces.
  `create table messages (
    id               uuid primary key,
    transaction_id   uuid references transactions (id),
    type             text not null,
    recipient_ori    text not null,
    status           text not null check (status in ('pending', 'delivered', 'suppressed', 'failed')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    last_error       text,
    payload          bytea,
    payload_json     jsonb not null default '{}',
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz
  )`,
  "create index messages_due on messages (next_attempt_at) where status = 'pending'",
  "create index messages_transaction on messages (transaction_id, created_at)",
  "create index messages_recipient on messages (recipient_ori, created_at)",
  `create table jobs (
    id            uuid primary key,
    kind          text not null,
    payload       jsonb not null default '{}',
    dedupe_key    text unique,
    status        text not null check (status in ('pending', 'done', 'failed')),
    run_at        timestamptz not null,
    attempts      integer not null default 0,
    max_attempts  integer not null check (max_attempts > 0),
    locked_by     text,
    locked_until  timestamptz,
    last_error    text,
    created_at    timestamptz not null default now()
  )`,
  "create index jobs_due on jobs (run_at) where status = 'pending'",
  // Append-only, hash-chained. seq is assigned by the appender under the audit_head row lock, so a gap
  // means a removed event.
  `create table audit_events (
    seq        bigint primary key,
    at         timestamptz not null,
    actor      text not null,
    ori        text not null,
    action     text not null,
    purpose    text,
    object     text,
    details    jsonb not null default '{}',
    prev_hash  text not null,
    hash       text not null
  )`,
  "create index audit_events_object on audit_events (object)",
  "create index audit_events_ori_at on audit_events (ori, at)",
  // The chain's head: appends lock this single row, and removing the newest events shows as a mismatch.
  `create table audit_head (
    id    integer primary key check (id = 1),
    seq   bigint not null,
    hash  text not null
  )`,
  "insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64))",
  `create table gallery_templates (
    repository  text not null,
    identity    text not null,
    position    smallint not null,
    template    bytea not null,
    created_at  timestamptz not null default now(),
    primary key (repository, identity, position)
  )`,
  `create table api_keys (
    id          uuid primary key,
    ori         text not null,
    role        text not null,
    key_hash    text not null unique,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
  )`,
];

const down = [
  "drop table api_keys",
  "drop table gallery_templates",
  "drop table audit_head",
  "drop table audit_events",
  "drop table jobs",
  "drop table messages",
  "drop table transactions",
  "drop table sib_agreements",
  "drop table jurisdictions",
  "drop table agencies",
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const initialSchema = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
