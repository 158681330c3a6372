import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { type HubDatabaseHandle, migrateToLatest, openHubDatabase } from "../src/index.js";
import { embeddedHandle } from "../src/storage/open-database.js";

/**
 * The two backends every storage test runs on. PGlite's initdb takes ~10–20 s, so one initialised and
 * migrated data directory is kept in the temp dir and copied per test file (~1 s). PostgreSQL gets a fresh schema per
 * test file, dropped afterwards.
 */
export interface TestBackend {
  name: "pglite" | "postgres";
  open(): Promise<HubDatabaseHandle>;
}

export const POSTGRES_TEST_URL =
  process.env.TENPRINT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const MIGRATIONS_DIR = fileURLToPath(new URL("../src/storage/migrations/", import.meta.url));

/** The template is initialised and migrated; its name changes whenever a migration file does. */
function templatePath(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(MIGRATIONS_DIR).sort())
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return join(tmpdir(), `tenprint-pglite-template-0.5.17-${hash.digest("hex").slice(0, 12)}`);
}

const PGLITE_TEMPLATE = templatePath();

async function pgliteTemplate(): Promise<string> {
  if (existsSync(join(PGLITE_TEMPLATE, "PG_VERSION"))) return PGLITE_TEMPLATE;
  const building = mkdtempSync(join(tmpdir(), "tenprint-pglite-init-"));
  const handle = embeddedHandle(await PGlite.create(building), building);
  await migrateToLatest(handle.db as Kysely<unknown>);
  await handle.close();
  try {
    renameSync(building, PGLITE_TEMPLATE);
  } catch {
    // Another test file built the template at the same moment: use theirs.
    rmSync(building, { recursive: true, force: true });
  }
  return PGLITE_TEMPLATE;
}

/** A fresh, initialised and migrated PGlite data directory; the caller removes it. */
export async function initialisedDataDir(): Promise<string> {
  const template = await pgliteTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), "tenprint-pglite-test-"));
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

async function openPglite(): Promise<HubDatabaseHandle> {
  const dataDir = await initialisedDataDir();
  const handle = await openHubDatabase({ dataDir });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<HubDatabaseHandle> {
  const schema = `hub_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a server at ${POSTGRES_TEST_URL} (set TENPRINT_TEST_DATABASE_URL to use another): ${String(error)}`,
    );
  }
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const handle = await openHubDatabase({ databaseUrl: url.toString(), maxConnections: 8 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_TEST_URL });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/** Creates a schema of its own for a test that runs hub processes on the PostgreSQL server. */
export async function createTestSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 5000 });
  await admin.connect().catch((error) => {
    throw new Error(`these tests need PostgreSQL at ${POSTGRES_TEST_URL}: ${String(error)}`);
  });
  await admin.query(`create schema ${schema}`);
  await admin.end();
}

export async function dropTestSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
}

export const BACKENDS: TestBackend[] = [
  { name: "pglite", open: openPglite },
  { name: "postgres", open: openPostgres },
];

/** Empties every table and resets the audit chain, between tests that share one database. */
export async function resetTables(handle: HubDatabaseHandle): Promise<void> {
  await sql`truncate rejected_submissions, detainers, lesc_reviews, subject_records, webhooks, messages, jobs, audit_events, gallery_templates, enrolled_prints, transactions, api_keys, sib_agreements, region_states, regions, jurisdictions, agencies`.execute(
    handle.db,
  );
  await sql`update audit_head set seq = 0, hash = repeat('0', 64)`.execute(handle.db);
}
