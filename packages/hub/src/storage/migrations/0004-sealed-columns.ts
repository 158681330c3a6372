import { type Kysely, sql } from "kysely";

/**
 * Encryption at rest (decision 0009): subject records and webhook secrets move to bytea columns that hold
 * an envelope (storage/envelope-cipher.ts). Rows written before keep their plain column until
 * `tenprint keys rotate` seals them; the byte columns (prints, templates, files, messages) hold envelopes
 * in place.
 */
const up = [
  "alter table subject_records add column sealed bytea",
  "alter table subject_records alter column record drop not null",
  "alter table webhooks add column sealed_secret bytea",
  "alter table webhooks alter column secret drop not null",
];

const down = [
  "alter table webhooks drop column sealed_secret",
  "alter table subject_records drop column sealed",
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const sealedColumns = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
