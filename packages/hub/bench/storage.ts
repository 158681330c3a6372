/**
 * Storage figures: PGlite start times and transitions/s on PGlite and PostgreSQL.
 * Run: npx tsx packages/hub/bench/storage.ts [--transitions N] [--concurrency C]
 * PostgreSQL: $DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (a scratch schema, dropped after).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type HubDatabaseHandle, openHubDatabase, verifyAuditChain } from "../src/index.js";
import { runTransition } from "../src/storage/hub-storage.js";

const { values } = parseArgs({
  options: { transitions: { type: "string", default: "300" }, concurrency: { type: "string", default: "8" } },
});
const transitions = Number(values.transitions);
const concurrency = Number(values.concurrency);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

/** One booking step as the hub does it: the TCN insert, a state change, two audit events, two messages. */
async function bookingTransition(handle: HubDatabaseHandle, n: number, run: string): Promise<void> {
  await runTransition(handle.db, async (storage) => {
    const { transaction } = await storage.transactions.createOrGet({
      tcn: `BENCH-${run}-${n}`,
      tot: "CAR",
      submitterOri: "TX0000001",
      jurisdictionId: "TX2270000",
      state: "RECEIVED",
      request: new Uint8Array(4096),
    });
    await storage.transactions.update(transaction.id, transaction.version, {
      state: "SRE_SENT",
      stateData: { n },
    });
    await storage.audit.append({
      actor: "intake",
      ori: "TX0000001",
      action: "submit",
      object: transaction.id,
    });
    await storage.audit.append({
      actor: "iafis",
      ori: "DCFBIWA00",
      action: "search",
      object: transaction.id,
    });
    await storage.outbox.enqueue({
      transactionId: transaction.id,
      type: "SRE",
      recipientOri: "TX0000001",
      payloadJson: { n },
    });
    await storage.outbox.enqueue({
      transactionId: transaction.id,
      type: "IDR",
      recipientOri: "TX0000001",
      suppressed: true,
    });
  });
}

async function throughput(handle: HubDatabaseHandle, inFlight: number, run: string): Promise<number> {
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < transitions; n = next++) await bookingTransition(handle, n, run);
  };
  const [, ms] = await timed(() => Promise.all(Array.from({ length: inFlight }, worker)));
  return (transitions / ms) * 1000;
}

async function benchBackend(handle: HubDatabaseHandle): Promise<void> {
  const sequential = await throughput(handle, 1, "seq");
  const parallel = await throughput(handle, concurrency, "par");
  const [verdict, verifyMs] = await timed(() => verifyAuditChain(handle.db));
  const events = verdict.events;
  console.log(
    `${handle.backend.padEnd(8)} transitions/s: ${sequential.toFixed(0)} (1 in flight), ${parallel.toFixed(0)} (${concurrency} in flight); ` +
      `audit verify ${events} events in ${verifyMs.toFixed(0)} ms (${verdict.ok ? "ok" : "BROKEN"})`,
  );
}

const dataDir = mkdtempSync(join(tmpdir(), "tenprint-bench-"));
try {
  const [, firstStart] = await timed(async () => (await PGlite.create(dataDir)).close());
  const [handle, laterStart] = await timed(() => openHubDatabase({ dataDir, migrate: false }));
  await handle.close();
  const [migrated, migrateMs] = await timed(() => openHubDatabase({ dataDir }));
  const [, memoryStart] = await timed(async () => (await PGlite.create()).close());
  console.log(
    `pglite   first start (initdb) ${firstStart.toFixed(0)} ms; later start ${laterStart.toFixed(0)} ms; ` +
      `in-memory start ${memoryStart.toFixed(0)} ms; start + migrations ${migrateMs.toFixed(0)} ms`,
  );
  await benchBackend(migrated);
  await migrated.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const schema = `hub_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: serverUrl });
try {
  await admin.connect();
} catch (error) {
  console.log(`postgres skipped: no server at ${serverUrl} (${String(error)})`);
  process.exit(0);
}
await admin.query(`create schema ${schema}`);
try {
  const url = new URL(serverUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const handle = await openHubDatabase({ databaseUrl: url.toString(), maxConnections: concurrency });
  await benchBackend(handle);
  await handle.close();
} finally {
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
