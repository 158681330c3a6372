import { type Kysely, sql } from "kysely";

/**
 * What stays of a repository record after an expungement (court order) or a correction (redress): who
 * did it, why, on whose authority and reference, and when; the names of the fields a correction
 * changed, never their values, and no biometric data. An EXPUNGED row also keeps the identity from
 * being enrolled again by a later bulk load of an old export, and from being answered by a process
 * whose in-memory gallery has not heard of the expungement yet.
 */
const up = [
  `create table record_tombstones (
    id          bigserial primary key,
    repository  text not null check (repository in ('criminal', 'ident')),
    identity    text not null,
    action      text not null check (action in ('EXPUNGED', 'CORRECTED')),
    reason      text not null,
    authority   text not null,
    reference   text not null,
    actor       text not null,
    actor_ori   text not null,
    changed     jsonb not null default '[]'::jsonb,
    at          timestamptz not null default now()
  )`,
  "create index record_tombstones_identity on record_tombstones (repository, identity)",
  `create unique index record_tombstones_expunged on record_tombstones (repository, identity)
     where action = 'EXPUNGED'`,
];

const down = ["drop table record_tombstones"];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const recordTombstones = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
