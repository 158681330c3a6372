import { type Kysely, sql } from "kysely";

/**
 * The enrolment log of a farm (see src/farm/enrolment-log.ts): every enrolment, replacement and deletion
 * of a gallery identity, written in the transaction that changes gallery_templates, then published to the
 * repository's JetStream stream. `stream_seq` is null until the stream acknowledged it; the row id is the
 * event's order and, with the repository, its Nats-Msg-Id, so a republished event is stored once.
 */
const up = [
  `create table gallery_events (
    id          bigserial primary key,
    repository  text not null check (repository in ('criminal', 'ident')),
    kind        text not null check (kind in ('enrol', 'delete')),
    identity    text not null,
    payload     bytea not null,
    created_at  timestamptz not null default now(),
    stream_seq  bigint,
    published_at timestamptz
  )`,
  "create index gallery_events_unpublished on gallery_events (repository, id) where stream_seq is null",
];

const down = ["drop table gallery_events"];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const galleryEvents = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
