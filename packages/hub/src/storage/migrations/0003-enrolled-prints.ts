import { type Kysely, sql } from "kysely";

/**
 * The images behind enrolled templates, where the enrolment had them: an LESC analyst compares the
 * booking's prints with the candidate's enrolled prints side by side before confirming a status.
 * Template-level identities (seeded distractors) have none. Kept apart from gallery_templates so that
 * loading the search structure never reads an image.
 */
const up = [
  `create table enrolled_prints (
    repository  text not null check (repository in ('criminal', 'ident')),
    identity    text not null,
    position    smallint not null check (position between 1 and 10),
    -- WSQ, as the booking carried it: about 15 times smaller than the pixels.
    wsq         bytea not null,
    ppi         integer not null check (ppi > 0),
    created_at  timestamptz not null default now(),
    primary key (repository, identity, position)
  )`,
];

const down = ["drop table enrolled_prints"];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const enrolledPrints = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
