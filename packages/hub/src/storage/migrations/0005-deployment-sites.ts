import { type Kysely, sql } from "kysely";

/**
 * Deployment as the programme ran it (docs/decisions/0012-correctional-intake-and-deployment-plan.md):
 * a jurisdiction row is a deployment site — a county, or a state correctional reception facility with
 * its own activation and receipt preferences and the county it sits in; regions group states under a
 * coordinator (a PMO key whose ORI is the region's coordinator ORI sees and manages only those states);
 * an intake booking records the county of its arrest and whether that county's IDENT search applied on
 * the arrest day, which the accountability report counts.
 */
const up = [
  `alter table jurisdictions add column site_kind text not null default 'COUNTY'
     check (site_kind in ('COUNTY', 'FACILITY'))`,
  "alter table jurisdictions add column location_fips text",
  `create table regions (
    id               text primary key,
    name             text not null,
    coordinator_ori  text unique
  )`,
  `create table region_states (
    state      text primary key,
    region_id  text not null references regions (id) on delete cascade
  )`,
  "alter table transactions add column arrest_jurisdiction_ori text",
  "alter table transactions add column arrest_ident_search boolean",
  `create index transactions_arrest_jurisdiction on transactions (arrest_jurisdiction_ori)
     where arrest_jurisdiction_ori is not null`,
];

const down = [
  "drop index transactions_arrest_jurisdiction",
  "alter table transactions drop column arrest_ident_search",
  "alter table transactions drop column arrest_jurisdiction_ori",
  "drop table region_states",
  "drop table regions",
  "alter table jurisdictions drop column location_fips",
  "alter table jurisdictions drop column site_kind",
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const deploymentSites = {
  up: (db: Kysely<unknown>) => run(db, up),
  down: (db: Kysely<unknown>) => run(db, down),
};
