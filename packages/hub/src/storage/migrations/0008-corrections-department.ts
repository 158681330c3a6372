import { type Kysely, sql } from "kysely";

/**
 * A state department of corrections is an agency of its own kind, DOC: the parent of its reception
 * facilities, which book as LEAs (docs/decisions/0012-correctional-intake-and-deployment-plan.md).
 */
const up = [
  "alter table agencies drop constraint agencies_kind_check",
  `alter table agencies add constraint agencies_kind_check
     check (kind in ('LEA', 'SIB', 'CJIS', 'IDENT', 'LESC', 'ERO', 'PMO', 'DOC'))`,
];

const down = [
  "alter table agencies drop constraint agencies_kind_check",
  `alter table agencies add constraint agencies_kind_check
     check (kind in ('LEA', 'SIB', 'CJIS', 'IDENT', 'LESC', 'ERO', 'PMO'))`,
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const correctionsDepartment = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
