import { join } from "node:path";
import {
  createHubStorage,
  DEMO_AUDIT_FILES,
  demoAuditSigningKey,
  type HubDatabaseHandle,
  openHubDatabase,
  writeAuditCheckpoint,
} from "@tenprint/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const POSTGRES_TEST_URL = process.env.TENPRINT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function appendEvents(databaseUrl: string | undefined, dataDir: string, count: number): Promise<void> {
  const handle = await openHubDatabase({ databaseUrl, dataDir });
  try {
    const audit = createHubStorage(handle.db).audit;
    for (let i = 0; i < count; i++)
      await audit.append({
        actor: "analyst",
        ori: "LESC00001",
        action: "read",
        purpose: "status",
        object: `t/${i}`,
      });
  } finally {
    await handle.close();
  }
}

async function tamper(
  databaseUrl: string | undefined,
  dataDir: string,
  change: (db: HubDatabaseHandle["db"]) => Promise<unknown>,
): Promise<void> {
  const handle = await openHubDatabase({ databaseUrl, dataDir, migrate: false });
  try {
    await change(handle.db);
  } finally {
    await handle.close();
  }
}

describe("tenprint audit verify on the embedded database", () => {
  const dataDir = join(scratchDirectory("audit-cli"), "db");

  it("reports an intact chain, then the altered event and exit 1", async () => {
    await appendEvents(undefined, dataDir, 4);
    const intact = await runTenprint(["audit", "verify", "--data", dataDir]);
    expect(intact).toMatchObject({ code: 0, stderr: "" });
    expect(intact.stdout).toMatch(
      /^audit chain ok: 4 events in .*db, head 4 [0-9a-f]{64}\nno signed checkpoints: .*itself only/,
    );
    await tamper(undefined, dataDir, (db) =>
      db.updateTable("audit_events").set({ actor: "someone" }).where("seq", "=", 2).execute(),
    );
    const broken = await runTenprint(["audit", "verify", "--data", dataDir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("audit chain BROKEN at event 2 (altered)");
  });

  it("detects the tail deleted after a signed checkpoint, which the chain alone passes", async () => {
    const signed = join(scratchDirectory("audit-cli-checkpoints"), "db");
    await appendEvents(undefined, signed, 6);
    const key = demoAuditSigningKey(
      join(signed, DEMO_AUDIT_FILES.key),
      join(signed, DEMO_AUDIT_FILES.publicKey),
    );
    await tamper(undefined, signed, (db) =>
      writeAuditCheckpoint(db, { file: join(signed, DEMO_AUDIT_FILES.checkpoints), key }),
    );
    const intact = await runTenprint(["audit", "verify", "--data", signed]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain("checkpoints ok: 1 signed checkpoints");
    await tamper(undefined, signed, async (db) => {
      await db.deleteFrom("audit_events").where("seq", ">", 4).execute();
      const row = await db
        .selectFrom("audit_events")
        .select("hash")
        .where("seq", "=", 4)
        .executeTakeFirstOrThrow();
      await db.updateTable("audit_head").set({ seq: 4, hash: row.hash }).where("id", "=", 1).execute();
    });
    const broken = await runTenprint(["audit", "verify", "--data", signed]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("audit chain ok: 4 events");
    expect(broken.stdout).toContain("DOES NOT MATCH its checkpoints at event 5 (tail-removed)");
  });

  it("refuses a directory that holds no database, without creating one", async () => {
    const missing = join(scratchDirectory("audit-cli-missing"), "nothing-here");
    const result = await runTenprint(["audit", "verify", "--data", missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no Tenprint database at ${missing}`);
  });
});

describe("tenprint audit verify with DATABASE_URL", () => {
  const schema = `cli_audit_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const previous = process.env.DATABASE_URL;
  let admin: HubDatabaseHandle | undefined;

  beforeAll(async () => {
    try {
      admin = await openHubDatabase({ databaseUrl: POSTGRES_TEST_URL, migrate: false, maxConnections: 1 });
      await admin.db.schema.createSchema(schema).execute();
    } catch (error) {
      throw new Error(`these tests need PostgreSQL at ${POSTGRES_TEST_URL}: ${String(error)}`);
    }
    process.env.DATABASE_URL = url.toString();
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    await admin?.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await admin?.close();
  });

  it("detects a removed event on the server", async () => {
    await appendEvents(url.toString(), "unused", 5);
    const intact = await runTenprint(["audit", "verify", "--json"]);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, events: 5, headSeq: 5 });
    await tamper(url.toString(), "unused", (db) =>
      db.deleteFrom("audit_events").where("seq", "=", 3).execute(),
    );
    const broken = await runTenprint(["audit", "verify"]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("audit chain BROKEN at event 4 (removed)");
    expect(broken.stdout).not.toContain("postgres://postgres:");
    const json = await runTenprint(["audit", "verify", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, seq: 4, problem: "removed" });
  });
});
