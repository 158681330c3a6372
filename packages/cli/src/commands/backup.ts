import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type BackupManifest,
  createEmbeddedBackup,
  createEnvelopeCipher,
  DEFAULT_DATA_DIR,
  MASTER_KEY_FILE_ENV,
  masterKeyFromEnvironment,
  openHubDatabase,
  readBackupManifest,
  requestBackup,
  restoreEmbeddedBackup,
  StorageError,
} from "@tenprint/hub";
import type { Command } from "commander";
import { fileError, invalidInput, readInput, usageError } from "./cli-errors.js";

const PG_DUMP_HINT =
  'a PostgreSQL server is backed up with its own tools: pg_dump -Fc -f FILE "$DATABASE_URL", restored with pg_restore (docs/deploy.md)';

/** The backup of the embedded database in `dataDir`: from the running hub over its socket, or opened here. */
async function embeddedBackup(dataDir: string): Promise<Uint8Array> {
  if (!existsSync(join(dataDir, "PG_VERSION")))
    throw usageError(`no Tenprint database at ${dataDir} (give its directory with --data DIR)`);
  let handle: Awaited<ReturnType<typeof openHubDatabase>>;
  try {
    handle = await openHubDatabase({ dataDir, mustExist: true, migrate: false });
  } catch (error) {
    // A running hub holds the directory: it makes the copy itself, between two of its transactions.
    if (error instanceof StorageError && /in use by process/.test(error.message))
      return requestBackup(dataDir).catch((cause: unknown) => {
        throw usageError(cause instanceof Error ? cause.message : String(cause));
      });
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  try {
    return await createEmbeddedBackup(handle);
  } finally {
    await handle.close();
  }
}

/** Written beside its final name, then renamed: an interrupted backup never looks like a complete one. */
function writeBackup(path: string, bytes: Uint8Array): void {
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, bytes, { mode: 0o600 });
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw fileError(error, path);
  }
}

function keyAdvice(manifest: BackupManifest): string {
  if (manifest.masterKeyIds.length === 0) return "no sealed values: the database was kept in plain\n";
  return (
    `sealed values under master key ${manifest.masterKeyIds.join(", ")}: the key is NOT in the backup; ` +
    "keep it apart from the backup and give it to the restored hub (TENPRINT_MASTER_KEY_FILE)\n"
  );
}

export function registerBackupCommands(program: Command): void {
  program
    .command("backup")
    .description(
      "back up the embedded database to one file, consistent even while the hub runs (a server: pg_dump, docs/deploy.md)",
    )
    .requiredOption("-o, --output <file>", "the backup file to write (mode 0600)")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .action(async (options: { output: string; data?: string }) => {
      if (process.env.DATABASE_URL) throw usageError(`DATABASE_URL is set: ${PG_DUMP_HINT}`);
      const dataDir = options.data ?? DEFAULT_DATA_DIR;
      const started = performance.now();
      const backup = await embeddedBackup(dataDir);
      writeBackup(options.output, backup);
      const manifest = await readBackupManifest(backup, options.output);
      process.stdout.write(
        `backed up ${dataDir} to ${options.output}: ${manifest.files} files, ${(backup.length / 1e6).toFixed(1)} MB, ` +
          `${manifest.audit.events} audit events (head ${manifest.audit.headHash.slice(0, 16)}…), ` +
          `${manifest.counts.transactions ?? 0} transactions, schema ${manifest.schema}, in ${((performance.now() - started) / 1000).toFixed(1)} s\n` +
          keyAdvice(manifest),
      );
    });
  program
    .command("restore")
    .description("restore a backup into a new embedded database directory, then verify its audit chain")
    .argument("<file>", "a file written by tenprint backup")
    .option("--data <dir>", `the directory to restore into: absent or empty (default ${DEFAULT_DATA_DIR})`)
    .option(
      "--master-key-file <file>",
      `the master key the backed-up hub ran with, to check it against the backup (default ${MASTER_KEY_FILE_ENV})`,
    )
    .option("--json", "print {file, dataDir, manifest, audit, counts} as JSON")
    .action(async (file: string, options: { data?: string; masterKeyFile?: string; json?: boolean }) => {
      if (process.env.DATABASE_URL) throw usageError(`DATABASE_URL is set: ${PG_DUMP_HINT}`);
      const dataDir = options.data ?? DEFAULT_DATA_DIR;
      const bytes = await readInput(file);
      const masterKey = masterKeyFromEnvironment(process.env, options.masterKeyFile);
      let result: Awaited<ReturnType<typeof restoreEmbeddedBackup>>;
      try {
        result = await restoreEmbeddedBackup(bytes, {
          dataDir,
          source: file,
          ...(masterKey ? { masterKey, cipher: createEnvelopeCipher(masterKey) } : {}),
        });
      } catch (error) {
        if (error instanceof StorageError) throw invalidInput(error.message);
        throw error;
      }
      const { manifest, audit } = result;
      if (!audit.ok)
        throw invalidInput(
          `restored into ${dataDir}, but its audit chain is BROKEN at event ${audit.seq}: ${audit.message}`,
        );
      if (!result.auditMatchesBackup)
        throw invalidInput(
          `restored into ${dataDir}, but its audit head (${audit.events} events) is not the backup's (${manifest.audit.events} events, ${manifest.audit.headHash})`,
        );
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ file, dataDir, manifest, audit, counts: result.counts })}\n`,
        );
        return;
      }
      process.stdout.write(
        `restored ${file} (taken ${manifest.createdAt}) into ${dataDir}: schema ${manifest.schema}\n` +
          `audit chain ok: ${audit.events} events, head ${audit.headHash} (the backup's)\n` +
          `${Object.entries(result.counts)
            .map(([table, n]) => `${table} ${n}`)
            .join(", ")}\n` +
          keyAdvice(manifest) +
          "events after the backup was taken are not in it: signed checkpoints made since then will say the tail is missing (docs/decisions/0015-backup-and-restore.md)\n",
      );
    });
}
