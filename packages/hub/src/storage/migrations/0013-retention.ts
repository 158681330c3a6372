import { type Kysely, sql } from "kysely";

/**
 * Retention (decision 0016): a policy per repository for a booking's prints (does the repository that
 * searched the booking retain them?) and per message type (how many days a message is kept), and the
 * moment a booking's prints were deleted under it. The defaults keep what the hub kept before: the
 * criminal repository retains the arrest prints it searches (a CAR is a retained submission), IDENT does
 * not, and no message type expires.
 */
const up = [
  `create table retention_policies (
    kind        text not null check (kind in ('BOOKING_PRINTS', 'MESSAGES')),
    subject     text not null,
    retain      boolean,
    keep_days   integer check (keep_days is null or keep_days >= 1),
    updated_at  timestamptz not null default now(),
    primary key (kind, subject),
    check ((kind = 'BOOKING_PRINTS' and retain is not null and keep_days is null)
        or (kind = 'MESSAGES' and retain is null))
  )`,
  `insert into retention_policies (kind, subject, retain) values
    ('BOOKING_PRINTS', 'criminal', true), ('BOOKING_PRINTS', 'ident', false)`,
  "alter table transactions add column prints_purged_at timestamptz",
  "create index messages_type_created on messages (type, created_at)",
];

const down = [
  "drop index messages_type_created",
  "alter table transactions drop column prints_purged_at",
  "drop table retention_policies",
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const retention = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
