import { type Kysely, sql } from "kysely";

/**
 * An agency's state, which the directory's exchange format carries (docs/directory-format.md): the state
 * of its jurisdiction where it has one, else the ORI's first two letters, which NCIC assigns by state.
 */
const up = [
  "alter table agencies add column state text",
  `update agencies set state = coalesce(
     (select jurisdictions.state from jurisdictions where jurisdictions.ori = agencies.jurisdiction_id),
     substr(agencies.ori, 1, 2))`,
  "create index agencies_state on agencies (state)",
];

const down = ["drop index agencies_state", "alter table agencies drop column state"];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const directoryImport = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
