import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TarEntry } from "./tar-archive.js";

/**
 * PostgreSQL's own files in a data directory. Everything else there is the hub's and stays out of a
 * backup: the demo's master key (a backup must not carry the key to its own sealed data), its API keys,
 * audit signing key and checkpoints, the lock, the log and the backup socket. postmaster.pid is the
 * running server's, not data.
 */
const POSTGRES_PATH =
  /^(PG_VERSION|base|global|pg_[a-z_]+|postgresql\.conf|postgresql\.auto\.conf|pg_hba\.conf|pg_ident\.conf)(\/|$)/;

export function isPostgresDataPath(name: string): boolean {
  return POSTGRES_PATH.test(name) && !name.startsWith("postmaster.");
}

/**
 * The data directory's PostgreSQL files, read from disk. Consistent only while nothing writes: the caller
 * holds the embedded database's one session after a CHECKPOINT (PGlite runs no background writer, and its
 * file system writes through), so the files are exactly the committed state.
 */
export function readPostgresFiles(dataDir: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const walk = (relative: string) => {
    for (const item of readdirSync(join(dataDir, relative), { withFileTypes: true })) {
      const name = relative ? `${relative}/${item.name}` : item.name;
      if (!isPostgresDataPath(name)) continue;
      const path = join(dataDir, name);
      const mode = lstatSync(path).mode & 0o777;
      if (item.isDirectory()) {
        entries.push({ name, type: "directory", mode, data: new Uint8Array() });
        walk(name);
      } else if (item.isFile()) entries.push({ name, type: "file", mode, data: readFileSync(path) });
    }
  };
  walk("");
  return entries;
}

/** Writes the entries under `dataDir` (which the caller has checked is empty), owner-only like the hub's. */
export function writePostgresFiles(entries: readonly TarEntry[], dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const entry of entries) {
    const path = join(dataDir, entry.name);
    if (entry.type === "directory") mkdirSync(path, { recursive: true, mode: 0o700 });
    else {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, entry.data, { mode: 0o600 });
    }
  }
}
