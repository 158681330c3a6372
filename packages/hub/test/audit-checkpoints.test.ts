import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createApi,
  createHubStorage,
  type HubDatabaseHandle,
  HubRuntime,
  verifyAuditChain,
  verifyAuditCheckpoints,
  writeAuditCheckpoint,
} from "../src/index.js";
import { generateAuditSigningKey, signCheckpoint } from "../src/storage/audit-checkpoints.js";
import { auditEventHash } from "../src/storage/audit-log.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

describe.each(BACKENDS)("signed audit checkpoints on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let dir: string;
  let key: KeyObject;
  let publicKey: KeyObject;
  let file: string;

  beforeAll(async () => {
    handle = await backend.open();
    dir = mkdtempSync(join(tmpdir(), "tenprint-checkpoints-"));
    key = generateAuditSigningKey(join(dir, "key.pem"), join(dir, "key.pub.pem"));
    publicKey = createPublicKey(readFileSync(join(dir, "key.pub.pem")));
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetTables(handle);
    file = join(dir, `checkpoints-${Math.random().toString(36).slice(2)}.jsonl`);
  });

  async function appendEvents(count: number): Promise<void> {
    const audit = createHubStorage(handle.db).audit;
    for (let i = 0; i < count; i++)
      await audit.append({ actor: "analyst", ori: "LESC00001", action: "read", object: `transaction/${i}` });
  }

  /** 30 events, a checkpoint after every 10th. */
  async function checkpointedLog(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await appendEvents(10);
      await writeAuditCheckpoint(handle.db, { file, key });
    }
  }

  const verify = () => verifyAuditCheckpoints(handle.db, readFileSync(file, "utf8"), publicKey);

  /** What an insider with the database, but not the key or the file, does: recompute with the hub's function. */
  async function rechainFrom(seq: number): Promise<void> {
    const events = await createHubStorage(handle.db).audit.query({ afterSeq: seq - 1 });
    let prevHash = events[0]?.prevHash as string;
    for (const event of events) {
      const hash = auditEventHash(prevHash, event);
      await handle.db
        .updateTable("audit_events")
        .set({ prev_hash: prevHash, hash, details: JSON.stringify(event.details) })
        .where("seq", "=", event.seq)
        .execute();
      prevHash = hash;
    }
    await handle.db.updateTable("audit_head").set({ hash: prevHash }).where("id", "=", 1).execute();
  }

  it("writes the key 0600 and agrees with an untouched log", async () => {
    expect(statSync(join(dir, "key.pem")).mode & 0o777).toBe(0o600);
    await checkpointedLog();
    expect(await writeAuditCheckpoint(handle.db, { file, key, after: 30 })).toBeUndefined();
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines.map((line) => JSON.parse(line).seq)).toEqual([10, 20, 30]);
    expect(JSON.parse(lines[0] as string)).toEqual({
      seq: 10,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      at: expect.any(String),
      signature: expect.any(String),
    });
    expect(await verify()).toEqual({ ok: true, checkpoints: 3, lastSeq: 30, lastAt: expect.any(String) });
  });

  it("detects the tail deleted and the head rolled back, and names the first missing event", async () => {
    await checkpointedLog();
    await handle.db.deleteFrom("audit_events").where("seq", ">", 24).execute();
    const last = await handle.db
      .selectFrom("audit_events")
      .select("hash")
      .where("seq", "=", 24)
      .executeTakeFirstOrThrow();
    await handle.db.updateTable("audit_head").set({ seq: 24, hash: last.hash }).where("id", "=", 1).execute();
    // The chain alone cannot tell: it is a shorter, consistent chain.
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, headSeq: 24 });
    expect(await verify()).toMatchObject({
      ok: false,
      problem: "tail-removed",
      seq: 25,
      intactThrough: 20,
      message: expect.stringContaining("events from 25 were removed"),
    });
  });

  it("has GET /v1/audit/verify check the chain against the checkpoints when the hub has the public key", async () => {
    const app = createApi(
      {
        db: handle.db,
        submissions: { submit: () => Promise.reject(new Error("no submissions in this test")) },
        auditCheckpoints: { file, publicKey },
      },
      { rateLimit: false },
    );
    try {
      await checkpointedLog();
      const auditor = (await createHubStorage(handle.db).apiKeys.issue("DCOIG0000", "AUDITOR")).apiKey;
      const get = async () =>
        (
          await app.inject({ url: "/v1/audit/verify", headers: { authorization: `Bearer ${auditor}` } })
        ).json();
      expect(await get()).toMatchObject({ ok: true, checkpoints: { ok: true, lastSeq: 30 } });
      await handle.db.deleteFrom("audit_events").where("seq", ">", 24).execute();
      const last = await handle.db
        .selectFrom("audit_events")
        .select("hash")
        .where("seq", "=", 24)
        .executeTakeFirstOrThrow();
      await handle.db
        .updateTable("audit_head")
        .set({ seq: 24, hash: last.hash })
        .where("id", "=", 1)
        .execute();
      // The links alone pass; the signed checkpoints do not.
      const body = await get();
      expect(body).toMatchObject({ ok: false, checkpoints: { ok: false, problem: "tail-removed", seq: 25 } });
      const [event] = await createHubStorage(handle.db).audit.query({
        action: "AUDIT_VERIFIED",
        afterSeq: 24,
      });
      expect(event?.details).toMatchObject({
        ok: false,
        checkpointProblem: "tail-removed",
        checkpointSeq: 25,
      });
    } finally {
      await app.close();
    }
  });

  it("detects an edited event rechained with the hub's own hash function, located between two checkpoints", async () => {
    await checkpointedLog();
    await handle.db
      .updateTable("audit_events")
      .set({ object: "transaction/someone-else" })
      .where("seq", "=", 15)
      .execute();
    await rechainFrom(15);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, headSeq: 30 });
    const result = await verify();
    expect(result).toMatchObject({ ok: false, problem: "rewritten", seq: 11, intactThrough: 10 });
    expect(result.ok || result.message).toMatch(/rewritten after event 10 .* at or before event 20/);
  });

  it("refuses a checkpoint file forged with another key or edited by hand", async () => {
    await checkpointedLog();
    const other = generateKeyPairSync("ed25519").privateKey;
    const head = await handle.db.selectFrom("audit_head").selectAll().executeTakeFirstOrThrow();
    const forged = signCheckpoint(other, Number(head.seq), head.hash, new Date());
    writeFileSync(file, `${readFileSync(file, "utf8")}${JSON.stringify(forged)}\n`);
    expect(await verify()).toMatchObject({ ok: false, problem: "bad-checkpoint", seq: 4 });
    const lines = readFileSync(file, "utf8").trim().split("\n").slice(0, 3);
    const edited = JSON.parse(lines[1] as string);
    writeFileSync(file, [lines[0], JSON.stringify({ ...edited, seq: 19 }), lines[2]].join("\n"));
    expect(await verify()).toMatchObject({ ok: false, problem: "bad-checkpoint", seq: 2 });
  });

  it("has the runtime checkpoint the head while it runs and once more at close", async () => {
    const runtime = await HubRuntime.attach(
      { ...handle, close: async () => undefined },
      {
        searchThreads: 0,
        extractionThreads: 0,
        workflowLoops: 1,
        auditCheckpoints: { file, key, everyEvents: 5 },
      },
    );
    const lines = () => readFileSync(file, "utf8").trim().split("\n");
    await appendEvents(7);
    // The first checkpoint anchors the chain as found at start; the next waits for 5 new events.
    runtime.start();
    await expect.poll(() => lines().length, { timeout: 10_000 }).toBe(1);
    await appendEvents(6);
    await expect.poll(() => lines().length, { timeout: 10_000 }).toBe(2);
    await appendEvents(1);
    await runtime.close();
    expect(lines().map((line) => JSON.parse(line).seq)).toEqual([7, 13, 14]);
    expect(await verify()).toMatchObject({ ok: true, lastSeq: 14 });
  });
});
