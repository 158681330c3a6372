import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ProbeFinger,
  readTenprintTemplate,
  type SearchResult,
  TenprintGallery,
  writeTenprintTemplate,
} from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";
import type { Kysely } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticStateDirectory } from "../../demo/src/index.js";
import {
  backupSocketPath,
  createEnvelopeCipher,
  DIRECTORY_TABLES,
  type DirectorySource,
  directoryCsv,
  directoryJson,
  exportDirectory,
  HubRuntime,
  importDirectory,
  openHubDatabase,
  readBackupManifest,
  requestBackup,
  restoreEmbeddedBackup,
  verifyAuditChain,
} from "../src/index.js";
import { StoredBiometricRepository } from "../src/services/stored-repository.js";
import type { HubDatabase } from "../src/storage/database-schema.js";
import { masterKeyFrom } from "../src/storage/envelope-cipher.js";
import { createHubStorage } from "../src/storage/hub-storage.js";
import { initialisedDataDir, POSTGRES_TEST_URL } from "./storage-backends.js";

/**
 * Issue 19: import a state's directory, enrol a gallery, search; back up (the embedded database while
 * its hub runs and writes; a server with pg_dump), restore into a fresh database: the audit chain
 * verifies, ends where the backup's did, and the same probe gets the same answer.
 */
const SEED = 19;
const IDENTITIES = 60;
const POSITIONS = [1, 2, 3, 6, 7];
const by = { actor: "test", ori: "VASIB0000" };
const directory = syntheticStateDirectory("VA");
const sources: DirectorySource[] = DIRECTORY_TABLES.map((table) => ({
  file: `va-${table}.csv`,
  text: directoryCsv(directory, table),
  format: "csv",
}));

function template(identity: number, position: number, impression: number) {
  return readTenprintTemplate(
    writeTenprintTemplate(syntheticTemplate({ seed: SEED, identity, finger: position, impression })),
  );
}

const enrolments = Array.from({ length: IDENTITIES }, (_, i) => ({
  record: {
    synthetic: true,
    identity: `criminal-${i}`,
    fbiNumber: `FBI${String(i).padStart(6, "0")}`,
    name: { surname: "SYNTHETIC", given: `PERSON ${i}` },
    dateOfBirth: "19800101",
    sex: "M" as const,
    criminalHistory: [],
  },
  fingers: POSITIONS.map((position) => ({ position, template: template(i, position, 1) })),
}));
const probe: ProbeFinger[] = POSITIONS.map((position) => ({ position, template: template(17, position, 2) }));

function answer(result: SearchResult) {
  return result.candidates.slice(0, 5).map((c) => [c.identity, c.fusedScore]);
}

async function searchStored(db: Kysely<HubDatabase>): Promise<SearchResult> {
  const repository = new StoredBiometricRepository(db, "criminal", new TenprintGallery({ workers: 0 }));
  expect(await repository.load()).toBe(IDENTITIES);
  return repository.identify(probe);
}

const key = masterKeyFrom(randomBytes(32));
const cipher = createEnvelopeCipher(key);
const scratch = mkdtempSync(join(tmpdir(), "tenprint-backup-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("backup and restore of the embedded database while its hub runs", () => {
  it("restores a consistent copy taken under load: audit verifies, directory and searches answer as before", async () => {
    const dataDir = await initialisedDataDir();
    const runtime = await HubRuntime.open({
      database: { dataDir, cipher },
      searchThreads: 0,
      extractionThreads: 0,
      backupSocket: backupSocketPath(dataDir),
    });
    let backup: Uint8Array;
    let before: SearchResult;
    let exported: string;
    try {
      await importDirectory(runtime.db, sources, { by });
      await runtime.criminal.enrolMany(enrolments);
      before = await runtime.criminal.identify(probe);
      expect(before.candidates[0]?.identity).toBe("criminal-17");
      exported = directoryJson(await exportDirectory(runtime.db));

      // Writers keep committing while the backup is taken over the socket, as a running hub's requests
      // would (each arriving on its own turn of the event loop: PGlite answers within microtasks, so a
      // loop that never yields would starve every socket, the backup's included).
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          await createHubStorage(runtime.db).audit.append({
            actor: "load",
            ori: "VASIB0000",
            action: "LOAD",
          });
          written++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      backup = await requestBackup(dataDir);
      writing = false;
      await writer;
      expect(written).toBeGreaterThan(0);
    } finally {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const manifest = await readBackupManifest(backup);
    // GNU tar reads the format: the manifest first, then PostgreSQL's files under pgdata/.
    const archive = join(scratch, "backup.tar.gz");
    writeFileSync(archive, backup);
    const listed = execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }).trim().split("\n");
    expect(listed[0]).toBe("tenprint-backup.json");
    expect(listed.filter((name) => name.startsWith("pgdata/") && !name.endsWith("/"))).toHaveLength(
      manifest.files,
    );
    expect(manifest.masterKeyIds).toEqual([key.id]);
    expect(manifest.counts.gallery_templates).toBe(IDENTITIES * POSITIONS.length);

    // Not into a directory that holds anything, nor with another master key.
    const occupied = join(scratch, "occupied");
    rmSync(occupied, { recursive: true, force: true });
    execFileSync("mkdir", ["-p", occupied]);
    writeFileSync(join(occupied, "keep"), "x");
    await expect(restoreEmbeddedBackup(backup, { dataDir: occupied })).rejects.toThrow(/not empty/);
    const other = masterKeyFrom(randomBytes(32));
    await expect(
      restoreEmbeddedBackup(backup, { dataDir: join(scratch, "x"), masterKey: other }),
    ).rejects.toThrow(/master key/);

    const restoredDir = join(scratch, "restored");
    const restored = await restoreEmbeddedBackup(backup, { dataDir: restoredDir, masterKey: key, cipher });
    expect(restored.audit.ok).toBe(true);
    expect(restored.auditMatchesBackup).toBe(true);
    const handle = await openHubDatabase({ dataDir: restoredDir, cipher });
    try {
      expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, events: manifest.audit.events });
      expect(directoryJson(await exportDirectory(handle.db))).toBe(exported);
      expect(answer(await searchStored(handle.db))).toEqual(answer(before));
      expect((await createHubStorage(handle.db).subjects.get("criminal", "criminal-17"))?.fbiNumber).toBe(
        "FBI000017",
      );
    } finally {
      await handle.close();
    }
  }, 300_000);
});

describe("backup and restore of a PostgreSQL server with pg_dump and pg_restore", () => {
  const suffix = `${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const names = { source: `tenprint_backup_src_${suffix}`, target: `tenprint_backup_dst_${suffix}` };
  const urlOf = (database: string) => {
    const url = new URL(POSTGRES_TEST_URL);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    for (const name of Object.values(names)) await admin(`drop database if exists ${name} with (force)`);
  });

  it("restores into a fresh database: audit verifies, directory and searches answer as before", async () => {
    await admin(`create database ${names.source}`);
    const source = await openHubDatabase({ databaseUrl: urlOf(names.source), cipher });
    let before: SearchResult;
    let exported: string;
    let head: Awaited<ReturnType<typeof verifyAuditChain>>;
    try {
      await importDirectory(source.db, sources, { by });
      await new StoredBiometricRepository(
        source.db,
        "criminal",
        new TenprintGallery({ workers: 0 }),
      ).enrolMany(enrolments);
      before = await searchStored(source.db);
      expect(before.candidates[0]?.identity).toBe("criminal-17");
      exported = directoryJson(await exportDirectory(source.db));
      head = await verifyAuditChain(source.db);
    } finally {
      await source.close();
    }
    // What docs/deploy.md tells the operator to run.
    const file = join(scratch, "hub.dump");
    execFileSync("pg_dump", ["-Fc", "-f", file, urlOf(names.source)]);
    await admin(`create database ${names.target}`);
    execFileSync("pg_restore", ["--no-owner", "--exit-on-error", "-d", urlOf(names.target), file]);

    const target = await openHubDatabase({ databaseUrl: urlOf(names.target), cipher });
    try {
      const audit = await verifyAuditChain(target.db);
      expect(audit).toEqual(head);
      expect(audit.ok).toBe(true);
      expect(directoryJson(await exportDirectory(target.db))).toBe(exported);
      expect(answer(await searchStored(target.db))).toEqual(answer(before));
    } finally {
      await target.close();
    }
  }, 300_000);
});
