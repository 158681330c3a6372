import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { type Kysely, sql } from "kysely";
import { type AuditChainVerification, verifyAuditChain } from "./audit-chain-verification.js";
import type { HubDatabase } from "./database-schema.js";
import { isPostgresDataPath, writePostgresFiles } from "./embedded-snapshot.js";
import type { EnvelopeCipher, MasterKey } from "./envelope-cipher.js";
import { type HubDatabaseHandle, openHubDatabase } from "./open-database.js";
import { StorageError } from "./storage-error.js";
import { readTar, type TarEntry, TarError, writeTar } from "./tar-archive.js";

/**
 * Backup and restore of the embedded database (docs/decisions/0015-backup-and-restore.md). A backup is a
 * gzip'd tar: `tenprint-backup.json` (what it holds, the audit head, the master keys its sealed values
 * are under) and `pgdata/`, the data directory's PostgreSQL files at one moment between transactions.
 * The master key is never in it. A server's database is backed up with pg_dump (docs/deploy.md).
 */
export const BACKUP_FORMAT = "tenprint-backup/1";
const MANIFEST = "tenprint-backup.json";
const DATA_PREFIX = "pgdata/";

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly createdAt: string;
  readonly backend: "pglite";
  /** PostgreSQL's major version of the files (PG_VERSION): a restore needs the same. */
  readonly postgresVersion: string;
  /** The last migration applied: a newer hub migrates a restored database on open. */
  readonly schema: string | null;
  readonly audit: { readonly events: number; readonly headHash: string };
  readonly counts: Readonly<Record<string, number>>;
  /**
   * Ids of the master keys the sealed values are under (first 8 bytes of the key's SHA-256, as every
   * sealed value names it): the key to keep with the backup. Empty for a database kept in plain.
   */
  readonly masterKeyIds: readonly string[];
  readonly files: number;
}

/** Columns sealed by the envelope cipher (decision 0009): one value of each names its master key. */
const SEALED_COLUMNS = [
  ["gallery_templates", "template"],
  ["enrolled_prints", "wsq"],
  ["subject_records", "sealed"],
  ["transactions", "request"],
  ["messages", "payload"],
  ["webhooks", "sealed_secret"],
] as const;

const COUNTED = [
  "transactions",
  "gallery_templates",
  "subject_records",
  "agencies",
  "jurisdictions",
  "audit_events",
] as const;

async function manifestFacts(db: Kysely<HubDatabase>) {
  const head = await db
    .selectFrom("audit_head")
    .select(["seq", "hash"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  const migration = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`
    .execute(db)
    .catch(() => ({ rows: [] as { name: string }[] }));
  const counts: Record<string, number> = {};
  for (const table of COUNTED) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counts[table] = rows[0]?.n ?? 0;
  }
  const keyIds = new Set<string>();
  for (const [table, column] of SEALED_COLUMNS) {
    // One sealed value per column names its key: a rotation re-wraps every value before it ends, and a
    // full scan would hold the running hub's only session for as long as it took.
    const { rows } = await sql<{ id: string }>`
      select convert_from(substring(${sql.ref(column)} from 6 for get_byte(${sql.ref(column)}, 4)), 'SQL_ASCII') as id
      from ${sql.table(table)}
      where ${sql.ref(column)} is not null and substring(${sql.ref(column)} from 1 for 4) = 'TPE1'::bytea
      limit 1`.execute(db);
    for (const row of rows) keyIds.add(row.id);
  }
  return {
    audit: { events: Number(head.seq), headHash: head.hash },
    schema: migration.rows[0]?.name ?? null,
    counts,
    masterKeyIds: [...keyIds].sort(),
  };
}

/** The backup of an open embedded database, taken between two transactions; the hub keeps running. */
export async function createEmbeddedBackup(
  handle: HubDatabaseHandle,
  clock: () => Date = () => new Date(),
): Promise<Uint8Array> {
  if (!handle.snapshot)
    throw new StorageError(
      `${handle.location} is a PostgreSQL server: back it up with pg_dump (docs/deploy.md), not tenprint backup`,
    );
  const { facts, files } = await handle.snapshot(manifestFacts);
  const version = files.find((f) => f.name === "PG_VERSION");
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: clock().toISOString(),
    backend: "pglite",
    postgresVersion: version ? new TextDecoder().decode(version.data).trim() : "unknown",
    ...facts,
    files: files.filter((f) => f.type === "file").length,
  };
  const entries: TarEntry[] = [
    {
      name: MANIFEST,
      type: "file",
      mode: 0o600,
      data: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    },
    ...files.map((f) => ({ ...f, name: `${DATA_PREFIX}${f.name}` })),
  ];
  return gzipSync(await writeTar(entries, clock().getTime()), { level: 6 });
}

async function unpack(
  backup: Uint8Array,
  source: string,
): Promise<{ manifest: BackupManifest; data: TarEntry[] }> {
  let entries: TarEntry[];
  try {
    entries = await readTar(gunzipSync(backup));
  } catch (error) {
    throw new StorageError(
      `${source} is not a Tenprint backup (a gzip'd tar): ${error instanceof TarError ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const head = entries.find((e) => e.name === MANIFEST);
  if (!head) throw new StorageError(`${source} has no ${MANIFEST}: not a Tenprint backup`);
  const manifest = JSON.parse(new TextDecoder().decode(head.data)) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT)
    throw new StorageError(
      `${source} is a ${String(manifest.format)} backup; this hub reads ${BACKUP_FORMAT}`,
    );
  const data = entries
    .filter((e) => e.name.startsWith(DATA_PREFIX))
    .map((e) => ({ ...e, name: e.name.slice(DATA_PREFIX.length) }))
    .filter((e) => e.name !== "");
  const stray = data.find((e) => !isPostgresDataPath(e.name));
  if (stray) throw new StorageError(`${source}: ${DATA_PREFIX}${stray.name} is not a PostgreSQL data file`);
  if (data.filter((e) => e.type === "file").length !== manifest.files)
    throw new StorageError(
      `${source} holds ${data.length} data files where its manifest says ${manifest.files}: truncated?`,
    );
  return { manifest, data };
}

export async function readBackupManifest(backup: Uint8Array, source = "the backup"): Promise<BackupManifest> {
  return (await unpack(backup, source)).manifest;
}

export interface RestoreResult {
  readonly manifest: BackupManifest;
  readonly audit: AuditChainVerification;
  /** The restored chain ends where the backup's did (same number of events, same head hash). */
  readonly auditMatchesBackup: boolean;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Writes a backup's files into `dataDir` (absent or empty: a restore never overwrites a database), opens
 * it (migrating it if the backup is from an older hub), verifies the audit chain and compares its head
 * with the backup's. With `masterKey`, refuses a backup whose sealed values are under another key.
 */
export async function restoreEmbeddedBackup(
  backup: Uint8Array,
  options: { dataDir: string; source?: string; masterKey?: MasterKey; cipher?: EnvelopeCipher },
): Promise<RestoreResult> {
  const source = options.source ?? "the backup";
  const { manifest, data } = await unpack(backup, source);
  if (options.masterKey && manifest.masterKeyIds.some((id) => id !== options.masterKey?.id))
    throw new StorageError(
      `${source}: its sealed values are under master key ${manifest.masterKeyIds.join(", ")}, the key given is ${options.masterKey.id}; give the key the backed-up hub ran with (TENPRINT_MASTER_KEY_FILE)`,
    );
  if (existsSync(options.dataDir) && readdirSync(options.dataDir).length > 0)
    throw new StorageError(
      `${options.dataDir} is not empty: restore into a new or empty directory (a restore never overwrites a database)`,
    );
  writePostgresFiles(data, options.dataDir);
  const written = readFileSync(join(options.dataDir, "PG_VERSION"), "utf8").trim();
  if (written !== manifest.postgresVersion)
    throw new StorageError(
      `${source}: PG_VERSION ${written} differs from its manifest's ${manifest.postgresVersion}`,
    );
  const handle = await openHubDatabase({ dataDir: options.dataDir, cipher: options.cipher });
  try {
    const audit = await verifyAuditChain(handle.db);
    const facts = await manifestFacts(handle.db);
    return {
      manifest,
      audit,
      auditMatchesBackup:
        facts.audit.events === manifest.audit.events && facts.audit.headHash === manifest.audit.headHash,
      counts: facts.counts,
    };
  } finally {
    await handle.close();
  }
}
