import { type Kysely, sql } from "kysely";

/**
 * A TCN is the submitter's idempotency key, not a global one: unique per (submitter, TCN), so one agency
 * cannot claim another's TCNs in advance, and the SHA-256 of the file tells a resubmission (same bytes)
 * from a different booking reusing the TCN (refused with 409). Rows from before have no hash (their
 * request may be sealed, migration 0004): a resubmission of one is answered as before.
 */
const up = [
  "alter table transactions add column request_sha256 text",
  "alter table transactions drop constraint transactions_tcn_key",
  "alter table transactions add constraint transactions_submitter_tcn_key unique (submitter_ori, tcn)",
  "create index transactions_tcn on transactions (tcn)",
];

const down = [
  "drop index transactions_tcn",
  "alter table transactions drop constraint transactions_submitter_tcn_key",
  "alter table transactions add constraint transactions_tcn_key unique (tcn)",
  "alter table transactions drop column request_sha256",
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const submitterIdempotency = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
