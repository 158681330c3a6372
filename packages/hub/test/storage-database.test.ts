import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle, openHubDatabase, StorageError } from "../src/index.js";
import { initialisedDataDir } from "./storage-backends.js";

describe("embedded database directory", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await initialisedDataDir();
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("is locked while open and released on close", async () => {
    const handle = await openHubDatabase({ dataDir });
    await expect(openHubDatabase({ dataDir })).rejects.toThrow(/already open in this process/);
    expect(existsSync(join(dataDir, "tenprint.lock"))).toBe(true);
    await handle.close();
    expect(existsSync(join(dataDir, "tenprint.lock"))).toBe(false);
    await (await openHubDatabase({ dataDir })).close();
  });

  it("names the live process that holds it, and takes over a dead one's lock", async () => {
    writeFileSync(join(dataDir, "tenprint.lock"), String(process.ppid));
    const refused = openHubDatabase({ dataDir });
    await expect(refused).rejects.toThrow(StorageError);
    await expect(refused).rejects.toThrow(`in use by process ${process.ppid}`);
    // Past the kernel's pid_max: certainly no such process.
    writeFileSync(join(dataDir, "tenprint.lock"), "99999999");
    await (await openHubDatabase({ dataDir })).close();
  });

  it("keeps data across restarts", async () => {
    const first = await openHubDatabase({ dataDir });
    await createHubStorage(first.db).transactions.createOrGet({
      tcn: "KEEP",
      tot: "CAR",
      submitterOri: "X",
      state: "RECEIVED",
    });
    await first.close();
    const second = await openHubDatabase({ dataDir, mustExist: true });
    expect(await createHubStorage(second.db).transactions.getByTcn("X", "KEEP")).toMatchObject({
      state: "RECEIVED",
    });
    await second.close();
  });

  it("refuses to create a database where one must exist", async () => {
    const empty = mkdtempSync(join(tmpdir(), "tenprint-empty-"));
    await expect(openHubDatabase({ dataDir: join(empty, "db"), mustExist: true })).rejects.toThrow(
      /no Tenprint database at .*db/,
    );
    expect(existsSync(join(empty, "db"))).toBe(false);
    rmSync(empty, { recursive: true, force: true });
  });
});

describe("PGlite dialect session", () => {
  let handle: HubDatabaseHandle;

  beforeAll(async () => {
    handle = await openHubDatabase({ dataDir: await initialisedDataDir() });
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(handle.location, { recursive: true, force: true });
  });

  it("makes outside queries wait for an open transaction, so they never see its uncommitted rows", async () => {
    const storage = createHubStorage(handle.db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const insertedRow = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const transition = handle.db.transaction().execute(async (trx) => {
      await createHubStorage(trx).transactions.createOrGet({
        tcn: "UNCOMMITTED",
        tot: "CAR",
        submitterOri: "X",
        state: "A",
      });
      inserted();
      await gate;
      throw new Error("abandoned");
    });
    await insertedRow;
    // Issued while the transaction holds PGlite's only session: it must queue, not run inside it.
    const outside = storage.transactions.getByTcn("X", "UNCOMMITTED");
    // Give an unguarded query the chance to run inside the open transaction before it ends.
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(transition).rejects.toThrow("abandoned");
    expect(await outside).toBeUndefined();
  });

  it("rolls back a failed transaction and keeps serving queries", async () => {
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await createHubStorage(trx).transactions.createOrGet({
          tcn: "GONE",
          tot: "CAR",
          submitterOri: "X",
          state: "A",
        });
        await trx
          .selectFrom("no_such_table" as "transactions")
          .selectAll()
          .execute();
      }),
    ).rejects.toThrow(/no_such_table/);
    const storage = createHubStorage(handle.db);
    expect(await storage.transactions.getByTcn("X", "GONE")).toBeUndefined();
    expect(await storage.transactions.list()).toEqual([]);
  });
});

describe("server database", () => {
  it("names the unreachable server without its password", async () => {
    const refused = openHubDatabase({ databaseUrl: "postgres://hub:secret@127.0.0.1:1/none" });
    await expect(refused).rejects.toThrow(StorageError);
    await expect(refused).rejects.toThrow(
      /cannot reach PostgreSQL at postgres:\/\/hub:\*\*\*@127\.0\.0\.1:1\/none/,
    );
  });
});
