import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createEnvelopeCipher,
  createHubStorage,
  masterKeyFromEnvironment,
  openHubDatabase,
  readMasterKeyFile,
} from "@tenprint/hub";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureConsoleBuild } from "../../console/scripts/console-build.js";
import { runTenprint } from "./run-tenprint.js";

const BIN = fileURLToPath(new URL("../bin/tenprint.js", import.meta.url));
const SERVER = process.env.TENPRINT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = `serve_test_${process.pid}`;
const MASTER_KEY = randomBytes(32).toString("base64");

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`tenprint serve's test needs PostgreSQL at ${SERVER}: ${String(error)}`);
  }
  await client.query(statement);
  await client.end();
}

describe("tenprint serve and keys", () => {
  beforeAll(() => admin(`create schema if not exists ${SCHEMA}`));
  afterAll(() => admin(`drop schema if exists ${SCHEMA} cascade`));

  it("runs the hub on DATABASE_URL with the console, never lists keys, and stops cleanly on SIGTERM", async () => {
    await ensureConsoleBuild();
    const url = new URL(SERVER);
    url.searchParams.set("options", `-c search_path=${SCHEMA}`);
    const child = spawn(
      process.execPath,
      [BIN, "serve", "--host", "127.0.0.1", "--port", "0", "--workers", "2"],
      {
        env: { ...process.env, DATABASE_URL: url.toString(), TENPRINT_MASTER_KEY: MASTER_KEY },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const deadline = Date.now() + 60_000;
    let port: string | undefined;
    while (!port) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`serve did not start:\n${output}`);
      port = /serving on 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(output).toMatch(/postgres/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const unauthenticated = await fetch(`http://127.0.0.1:${port}/v1/stats`);
    expect(unauthenticated.status).toBe(401);
    // The request log is JSON lines on stdout too (packages/hub/docs/api.md); the first line for a person
    // is the console's address.
    const forPeople = stdout.split("\n").filter((line) => line && !line.startsWith("{"));
    expect(forPeople[0]).toBe(`Tenprint console: http://127.0.0.1:${port}/`);
    const page = await fetch(`http://127.0.0.1:${port}/lesc/queue`, { headers: { accept: "text/html" } });
    expect(await page.text()).toContain('<div id="root">');
    // A deployment never hands out keys: the demo's sign-in list does not exist here.
    expect((await fetch(`http://127.0.0.1:${port}/demo/credentials`)).status).toBe(404);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  }, 90_000);

  it("refuses to start without a master key, naming both ways to give one", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };
    delete env.TENPRINT_MASTER_KEY;
    delete env.TENPRINT_MASTER_KEY_FILE;
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const [code] = await once(child, "exit");
    expect(code).not.toBe(0);
    expect(output).toContain("no master key for encryption at rest");
    expect(output).toContain("TENPRINT_MASTER_KEY_FILE");
    expect(output).toContain("TENPRINT_MASTER_KEY to");
    expect(output).toContain("--insecure-no-encryption");
  }, 90_000);

  it("issues, lists and revokes agency API keys; a key is shown only when issued", async () => {
    const url = new URL(SERVER);
    url.searchParams.set("options", `-c search_path=${SCHEMA}`);
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url.toString();
    try {
      const issued = await runTenprint(["keys", "issue", "--ori", "VA0290000", "--role", "lea"]);
      expect(issued.code).toBe(0);
      const key = JSON.parse(issued.stdout) as { id: string; ori: string; role: string; apiKey: string };
      expect(key).toMatchObject({ ori: "VA0290000", role: "LEA" });
      const listed = await runTenprint(["keys", "list", "--ori", "VA0290000"]);
      expect(listed.stdout).toContain(`${key.id}  VA0290000  LEA      active`);
      expect(listed.stdout).not.toContain(key.apiKey);
      const listedJson = await runTenprint(["keys", "list", "--ori", "VA0290000", "--json"]);
      expect(JSON.parse(listedJson.stdout)).toEqual([
        expect.objectContaining({ id: key.id, ori: "VA0290000", role: "LEA", revokedAt: null }),
      ]);
      expect(listedJson.stdout).not.toContain(key.apiKey);
      expect((await runTenprint(["keys", "revoke", key.id])).code).toBe(0);
      expect((await runTenprint(["keys", "list"])).stdout).toContain("revoked");
      const wrong = await runTenprint(["keys", "issue", "--ori", "VA0290000", "--role", "SHERIFF"]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/--role must be one of LEA, SIB/);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  }, 60_000);

  it("rotates the master key: every sealed value re-wrapped under the new key, audited", async () => {
    const url = new URL(SERVER);
    url.searchParams.set("options", `-c search_path=${SCHEMA}`);
    const oldKey = masterKeyFromEnvironment({ TENPRINT_MASTER_KEY: MASTER_KEY });
    if (!oldKey) throw new Error("no key");
    const seeded = await openHubDatabase({
      databaseUrl: url.toString(),
      cipher: createEnvelopeCipher(oldKey),
    });
    await createHubStorage(seeded.db).webhooks.put("VA0290000", "https://lea.example/", "rotate-me-secret-1");
    await seeded.close();
    const dir = mkdtempSync(join(tmpdir(), "tenprint-rotate-"));
    const newKeyFile = join(dir, "new.key");
    writeFileSync(newKeyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
    const saved = { ...process.env };
    process.env.DATABASE_URL = url.toString();
    process.env.TENPRINT_MASTER_KEY = MASTER_KEY;
    try {
      const rotated = await runTenprint(["keys", "rotate", "--new-key-file", newKeyFile]);
      expect(rotated.stderr).toBe("");
      expect(rotated.code).toBe(0);
      const newKey = readMasterKeyFile(newKeyFile);
      expect(JSON.parse(rotated.stdout.split("\n")[0] ?? "")).toMatchObject({
        from: oldKey.id,
        to: newKey.id,
        rewrapped: { "webhooks.secret": 1 },
      });
      const after = await openHubDatabase({
        databaseUrl: url.toString(),
        cipher: createEnvelopeCipher(newKey),
      });
      try {
        const storage = createHubStorage(after.db);
        expect((await storage.webhooks.get("VA0290000"))?.secret).toBe("rotate-me-secret-1");
        expect(await storage.audit.query({ action: "MASTER_KEY_ROTATED" })).toHaveLength(1);
      } finally {
        await after.close();
      }
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
