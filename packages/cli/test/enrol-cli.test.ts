import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeAnsi378 } from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTenprint } from "./run-tenprint.js";

/**
 * `tenprint enrol` killed (SIGKILL) midway and run again: every record enrolled once, none twice; then
 * `tenprint record expunge` and `history`. On PostgreSQL, in a database of its own.
 */
const BIN = fileURLToPath(new URL("../bin/tenprint.js", import.meta.url));
const SERVER = process.env.TENPRINT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DATABASE = `enrol_cli_${process.pid}_${randomBytes(3).toString("hex")}`;
const RECORDS = 3000;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

describe("tenprint enrol and record on PostgreSQL", () => {
  const folder = mkdtempSync(join(tmpdir(), "tenprint-enrol-cli-"));
  const url = new URL(SERVER);
  url.pathname = `/${DATABASE}`;
  const database = url.toString();

  beforeAll(async () => {
    await admin(`create database ${DATABASE}`);
    const lines = Array.from({ length: RECORDS }, (_, i) =>
      JSON.stringify({
        identity: `CLI${String(i).padStart(6, "0")}`,
        synthetic: true,
        name: { surname: "CLI", given: `PERSON ${i}` },
        dateOfBirth: "19700101",
        sex: "X",
        prints: [1, 2, 3, 4].map((position) => ({
          position,
          base64: Buffer.from(
            writeAnsi378(syntheticTemplate({ seed: 5, identity: i, finger: position, impression: 1 }), {
              position,
            }),
          ).toString("base64"),
        })),
      }),
    );
    lines.splice(10, 0, '{"identity": "BROKEN", "prints": []}');
    writeFileSync(join(folder, "records.jsonl"), `${lines.join("\n")}\n`);
  }, 120_000);
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await admin(`drop database if exists ${DATABASE} with (force)`);
  });

  it("resumes after kill -9: nothing lost, nothing doubled, the reject located", async () => {
    const rejects = join(folder, "rejects.jsonl");
    const args = [BIN, "enrol", "--repository", "criminal", join(folder, "records.jsonl")];
    const options = [
      "--database",
      database,
      "--batch",
      "50",
      "--progress-every",
      "100",
      "--rejects",
      rejects,
    ];
    const child = spawn(process.execPath, [...args, ...options], { stdio: ["ignore", "pipe", "pipe"] });
    let progress = "";
    child.stderr.on("data", (chunk: Buffer) => {
      progress += chunk.toString("utf8");
      // Killed once it has committed some batches and far from the end.
      const read = [...progress.matchAll(/(\d+)\/\d+ read/g)].map((match) => Number(match[1]));
      if ((read.at(-1) ?? 0) >= 500) child.kill("SIGKILL");
    });
    const [, signal] = await once(child, "exit");
    expect(signal, progress).toBe("SIGKILL");
    const partial = await count(database, "select count(*) as n from subject_records");
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(RECORDS);

    const run = await runTenprint([
      "enrol",
      "--repository",
      "criminal",
      join(folder, "records.jsonl"),
      ...options,
    ]);
    expect(run.code, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ enrolled: RECORDS - partial, alreadyEnrolled: partial, rejected: 1 });
    expect(await count(database, "select count(*) as n from subject_records")).toBe(RECORDS);
    expect(await count(database, "select count(*) as n from gallery_templates")).toBe(RECORDS * 4);
    const [reject] = readFileSync(rejects, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(reject).toMatchObject({ recordId: "BROKEN", location: "$.name" });
    expect(reject.path).toMatch(/records\.jsonl:11$/);
  }, 300_000);

  it("expunges a record with an audited tombstone and shows its history", async () => {
    const order = ["--reason", "expungement", "--authority", "Circuit Court", "--reference", "CL-7"];
    const expunged = await runTenprint([
      "record",
      "expunge",
      "--repository",
      "criminal",
      "CLI000007",
      "--database",
      database,
      ...order,
    ]);
    expect(expunged.code, expunged.stderr).toBe(0);
    expect(JSON.parse(expunged.stdout)).toMatchObject({
      action: "EXPUNGED",
      identity: "CLI000007",
      reference: "CL-7",
    });
    expect(
      await count(database, "select count(*) as n from gallery_templates where identity = 'CLI000007'"),
    ).toBe(0);
    const again = await runTenprint([
      "record",
      "expunge",
      "--repository",
      "criminal",
      "CLI000007",
      "--database",
      database,
      ...order,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/was expunged on/);
    // A correction of another record's name, from a JSON record without prints: the prints stay.
    const corrected = join(folder, "corrected.json");
    writeFileSync(
      corrected,
      JSON.stringify({
        identity: "CLI000008",
        name: { surname: "CLI", given: "CORRECTED" },
        dateOfBirth: "19700101",
        sex: "X",
        synthetic: true,
      }),
    );
    const correction = await runTenprint([
      "record",
      "correct",
      "--repository",
      "criminal",
      "CLI000008",
      "--from",
      corrected,
      "--database",
      database,
      ...order,
    ]);
    expect(correction.code, correction.stderr).toBe(0);
    expect(JSON.parse(correction.stdout)).toMatchObject({ action: "CORRECTED", changed: ["name"] });
    expect(
      await count(database, "select count(*) as n from gallery_templates where identity = 'CLI000008'"),
    ).toBe(4);
    const history = await runTenprint([
      "record",
      "history",
      "--repository",
      "criminal",
      "CLI000007",
      "--database",
      database,
    ]);
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout)).toMatchObject({ authority: "Circuit Court", changed: [] });
  }, 120_000);
});
