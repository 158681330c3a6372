import { type Kysely, sql } from "kysely";

/**
 * Files the hub rejected with an ERRT. A rejected file never becomes a transaction, so without this table
 * nothing could count it (`errt` in the statistics). One row per submitter and file, as a booking is one
 * row per TCN: sending the same broken file again is answered again but counted once.
 */
const up = [
  `create table rejected_submissions (
    submitter_ori    text not null,
    file_sha256      text not null,
    -- The booking agency's jurisdiction, where the file could be read far enough to name a known agency.
    jurisdiction_id  text,
    tcn              text,
    problems         integer not null check (problems >= 0),
    errt_message_id  text not null,
    received_at      timestamptz not null,
    primary key (submitter_ori, file_sha256)
  )`,
  "create index rejected_submissions_received on rejected_submissions (received_at)",
];

const down = ["drop table rejected_submissions"];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const rejectedSubmissions = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
