import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.js";
import type { HubDatabase } from "./database-schema.js";
import { readPostgresFiles } from "./embedded-snapshot.js";
import { bindCipher, type EnvelopeCipher } from "./envelope-cipher.js";
import { migrateToLatest } from "./migrations.js";
import { PGliteDialect } from "./pglite-dialect.js";
import { StorageError } from "./storage-error.js";
import type { TarEntry } from "./tar-archive.js";

export const DEFAULT_DATA_DIR = "./.tenprint";

export interface DatabaseOptions {
  /** A PostgreSQL URL; when set, the server is used and `dataDir` is ignored. */
  databaseUrl?: string | undefined;
  /** PGlite data directory (created, and initialised on first start, which takes seconds). */
  dataDir?: string | undefined;
  /** Refuse to create a new embedded database: for commands that only read an existing one. */
  mustExist?: boolean;
  /** Pool size for a server; PGlite always has one session. */
  maxConnections?: number;
  /** Skip migrations (the caller migrates, or only reads). */
  migrate?: boolean;
  /**
   * Seals biometrics, subject records, submitted files and webhook secrets (storage/envelope-cipher.ts); bound
   * to the handle's Kysely instance, so every repository built on it uses it. Without one, values are stored
   * as given.
   */
  cipher?: EnvelopeCipher | undefined;
}

export interface HubDatabaseHandle {
  db: Kysely<HubDatabase>;
  backend: "pglite" | "postgres";
  /** Where the data lives: the data directory, or the URL without its password. */
  location: string;
  close(): Promise<void>;
  /**
   * An embedded database's files at one moment between transactions (storage/hub-backup.ts): `read` runs on
   * the one session first, so what it reads describes exactly the files returned.
   */
  snapshot?: <T>(
    read: (session: Kysely<HubDatabase>) => Promise<T>,
  ) => Promise<{ facts: T; files: TarEntry[] }>;
}

/**
 * Opens the hub database: the PostgreSQL server at `databaseUrl` (the caller passes `process.env.DATABASE_URL`)
 * or the embedded PGlite database in `dataDir`, then migrates it to the latest schema.
 */
export async function openHubDatabase(options: DatabaseOptions = {}): Promise<HubDatabaseHandle> {
  const handle = options.databaseUrl
    ? await openServer(options.databaseUrl, options)
    : await openEmbedded(options);
  if (options.cipher) bindCipher(handle.db, options.cipher);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(handle.db as Kysely<unknown>);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

async function openServer(url: string, options: DatabaseOptions): Promise<HubDatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  const db = new Kysely<HubDatabase>({ dialect: new PostgresDialect({ pool }) });
  const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new StorageError(`cannot reach PostgreSQL at ${location} (DATABASE_URL): ${String(error)}`, {
      cause: error,
    });
  }
  return { db, backend: "postgres", location, close: () => db.destroy() };
}

async function openEmbedded(options: DatabaseOptions): Promise<HubDatabaseHandle> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (options.mustExist && !existsSync(join(dataDir, "PG_VERSION")))
    throw new StorageError(`no Tenprint database at ${dataDir} (give its directory with --data DIR)`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  ownerOnly(dataDir);
  // In Node, PGlite writes through to the data directory and runs with fsync off (-F) whatever this flag
  // says; the flag only stops each query from awaiting a no-op sync, which halves a transition's latency.
  const unlock = lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(dataDir, { relaxedDurability: true });
    // initdb unpacks its files with mode 0666 whatever the umask says.
    ownerOnly(dataDir);
    const handle = embeddedHandle(pglite, dataDir);
    return {
      ...handle,
      // Holding the session, no transaction is open and none can start; CHECKPOINT writes every committed
      // page, and PGlite has no background writer: the files are the committed state until we let go.
      snapshot: (read) =>
        handle.db.connection().execute(async (session) => {
          const facts = await read(session);
          await sql`checkpoint`.execute(session);
          return { facts, files: readPostgresFiles(dataDir) };
        }),
      close: async () => {
        try {
          await handle.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * The embedded database's files hold bookings, biographics, prints and the audit log: readable by the
 * hub's account only. Everything already there is set to 0700/0600, and the process's umask drops group
 * and other bits so that the files PostgreSQL creates later (relations, WAL segments) are 0600 too. The
 * umask is process-wide and stays so: a hub process writes nothing that others should read. Worker
 * threads cannot change it; there the chmod at open is all.
 */
function ownerOnly(dataDir: string): void {
  if (isMainThread) process.umask(process.umask() | 0o077);
  const pending = [dataDir];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    chmodSync(dir, 0o700);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (!lstatSync(path).isSymbolicLink() && (lstatSync(path).mode & 0o077) !== 0)
        chmodSync(path, 0o600);
    }
  }
}

/** Wraps an already created PGlite instance (tests, in-memory databases). */
export function embeddedHandle(pglite: PGlite, location: string): HubDatabaseHandle {
  const db = new Kysely<HubDatabase>({ dialect: new PGliteDialect(pglite) });
  return { db, backend: "pglite", location, close: () => db.destroy() };
}
