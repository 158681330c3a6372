import { sql } from "kysely";
import { HubRuntime } from "../../src/index.js";
import { webhookTargetPolicy } from "../../src/services/webhook-target-policy.js";
import {
  HUB_PROCESS_CONFIG_ENV,
  type HubCounts,
  type HubProcessConfig,
  type HubProcessLine,
} from "./hub-process-protocol.js";

/**
 * The hub as its own process, for the kill -9 test: opens the database, runs the workflow loops and the
 * deliverer, and reports progress on stdout as JSON lines. It exits by itself once no transaction is in a
 * non-terminal state and no job or message is pending, so that the parent may open an embedded database
 * (single process) afterwards; it exits with code 2 if that has not happened within `maxMs`.
 */
function emit(line: HubProcessLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function counts(runtime: HubRuntime): Promise<HubCounts> {
  const { rows } = await sql<Record<keyof HubCounts, string>>`
    select
      (select count(*) from transactions where state not in ('CLOSED', 'REJECTED')) as "open",
      (select count(*) from transactions where state = 'CLOSED') as "closed",
      (select count(*) from jobs where status = 'pending') as "pendingJobs",
      (select count(*) from jobs where status = 'failed') as "failedJobs",
      (select count(*) from messages where status = 'pending') as "pendingMessages",
      (select count(*) from messages where status = 'delivered') as "delivered"`.execute(runtime.db);
  const row = rows[0];
  if (!row) throw new Error("the progress query returned no row");
  return {
    open: Number(row.open),
    closed: Number(row.closed),
    pendingJobs: Number(row.pendingJobs),
    failedJobs: Number(row.failedJobs),
    pendingMessages: Number(row.pendingMessages),
    delivered: Number(row.delivered),
  };
}

async function main(): Promise<number> {
  const raw = process.env[HUB_PROCESS_CONFIG_ENV];
  if (!raw) throw new Error(`${HUB_PROCESS_CONFIG_ENV} must hold the hub process configuration as JSON`);
  const config = JSON.parse(raw) as HubProcessConfig;
  const started = Date.now();
  const runtime = await HubRuntime.open({
    database: config.database,
    autoConfirm: true,
    autoReview: true,
    ruleSet: "PEP_2014",
    // The galleries hold a few dozen identities: searching on the main thread spares two thread boots per
    // restart on a two-core machine; the kill semantics do not depend on where a search runs.
    searchThreads: 0,
    clock: () => new Date(Date.now() + config.clockOffsetMs),
    // The test's receiver listens on loopback over plain http.
    webhookTargets: webhookTargetPolicy({ allow: ["127.0.0.1"], allowHttp: true }),
  });
  runtime.start();
  emit({ event: "ready", openMs: Date.now() - started });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, config.progressEveryMs));
    const now = await counts(runtime);
    const done = now.open === 0 && now.pendingJobs === 0 && now.pendingMessages === 0;
    const timedOut = Date.now() - started > config.maxMs;
    emit({ event: done ? "done" : timedOut ? "timeout" : "progress", at: Date.now() - started, counts: now });
    if (done || timedOut) {
      await runtime.close();
      return done ? 0 : 2;
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `hub process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
