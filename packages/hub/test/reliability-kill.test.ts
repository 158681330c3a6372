import { randomInt } from "node:crypto";
import { rmSync } from "node:fs";
import { LESC_ORI } from "@tenprint/nist";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SubmissionState } from "../src/domain/submission-workflow.js";
import {
  type DatabaseOptions,
  type HubDatabaseHandle,
  HubRuntime,
  openHubDatabase,
  verifyAuditChain,
} from "../src/index.js";
import { establishedFbiNumber } from "../src/services/arrest-enrolment.js";
import { SERVICE_PARAMETERS } from "../src/services/service-parameters.js";
import { initialisedDataDir, POSTGRES_TEST_URL } from "./storage-backends.js";
import { HubProcess } from "./support/hub-process-runner.js";
import { BOOKINGS, prepareReliabilityDatabase, reliabilityWorld } from "./support/reliability-bookings.js";
import { WebhookReceiver } from "./support/webhook-receiver.js";

/**
 * Issue 5, reliability: kill -9 the hub at random moments while 500 bookings are in flight, restart; every
 * booking reaches its terminal state, no message is lost, none is delivered twice. The kill moments come
 * from a seeded generator: rerun a failure with TENPRINT_RELIABILITY_SEED=<the printed seed>. Processes
 * are killed with SIGKILL, so nothing in them runs on the way out: no close, no flush, no lock release.
 */
const SEED = Number(process.env.TENPRINT_RELIABILITY_SEED ?? randomInt(2 ** 31));
/** More kills for a longer soak: TENPRINT_RELIABILITY_KILLS=30. */
const KILLS = Number(process.env.TENPRINT_RELIABILITY_KILLS ?? 5);
const RUN_MS = { min: 500, max: 3000 };
/** Each restart's clock is past every lease a killed process can hold (see HubProcessConfig.clockOffsetMs). */
const RESTART_STEP_MS = SERVICE_PARAMETERS.worker.leaseMs + SERVICE_PARAMETERS.delivery.leaseMs;
const FINAL_RUN_MAX_MS = 150_000;
/** A hub that has committed nothing this long after starting is killed anyway. */
const WORK_WAIT_MS = 20_000;
const TEST_TIMEOUT_MS = 270_000 + KILLS * 15_000;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Backend {
  readonly name: "pglite" | "postgres";
  /** Where parent and child processes find the database. */
  create(): Promise<DatabaseOptions>;
  dispose(): Promise<void>;
}

function pgliteBackend(): Backend {
  let dataDir: string | undefined;
  return {
    name: "pglite",
    async create() {
      dataDir = await initialisedDataDir();
      return { dataDir };
    },
    async dispose() {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A schema of its own, reached by every process through the URL's search_path (as storage-backends does). */
function postgresBackend(): Backend {
  const schema = `hub_reliability_${process.pid}_${randomInt(1e9)}`;
  let created = false;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL tests need a server at ${POSTGRES_TEST_URL} (set TENPRINT_TEST_DATABASE_URL to use another): ${String(error)}`,
      );
    }
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: "postgres",
    async create() {
      await admin((client) => client.query(`create schema ${schema}`));
      created = true;
      const url = new URL(POSTGRES_TEST_URL);
      url.searchParams.set("options", `-c search_path=${schema}`);
      return { databaseUrl: url.toString(), maxConnections: 8 };
    },
    async dispose() {
      if (created) await admin((client) => client.query(`drop schema ${schema} cascade`));
    },
  };
}

interface RunRecord {
  readonly run: number;
  readonly pid: number | undefined;
  readonly readyAfterMs: number | undefined;
  readonly killedAfterMs: number | undefined;
  readonly killedWhileWorking: boolean;
  readonly exit: string;
  readonly lastCounts: string;
}

/** Spawns the hub `KILLS` times and SIGKILLs it after a random time, then lets a last one finish the work. */
async function killAndRestart(
  database: DatabaseOptions,
  receiver: WebhookReceiver,
  random: () => number,
): Promise<{ runs: RunRecord[]; final: HubProcess }> {
  const runs: RunRecord[] = [];
  for (let run = 0; run <= KILLS; run++) {
    const clockOffsetMs = run * RESTART_STEP_MS;
    receiver.senderClockOffsetMs = clockOffsetMs;
    const started = Date.now();
    const hub = new HubProcess({ database, clockOffsetMs, maxMs: FINAL_RUN_MAX_MS, progressEveryMs: 250 });
    let readyAfterMs: number | undefined;
    void hub.ready.then(() => {
      readyAfterMs = Date.now() - started;
    });
    if (run === KILLS) {
      await hub.exited;
      runs.push(record(run, hub, readyAfterMs, undefined, await hub.exited, false));
      return { runs, final: hub };
    }
    // Most kills land while the loops commit work (a restart spends seconds opening the database and
    // booting threads before its first commit); some while the process is still opening (recovery).
    const fromSpawn = run % 2 === 1 && random() < 0.5;
    if (!fromSpawn)
      await Promise.race([
        hub.working,
        hub.exited,
        new Promise((resolve) => setTimeout(resolve, WORK_WAIT_MS)),
      ]);
    const runMs = RUN_MS.min + random() * (RUN_MS.max - RUN_MS.min);
    await Promise.race([new Promise((resolve) => setTimeout(resolve, runMs)), hub.exited]);
    const killedAfterMs = hub.running ? Date.now() - started : undefined;
    const killedWhileWorking = hub.running && hub.hasWorked;
    const exit = await hub.killHard();
    runs.push(record(run, hub, readyAfterMs, killedAfterMs, exit, killedWhileWorking));
    if (exit.code !== null && exit.code !== 0)
      throw new Error(`hub run ${run} failed by itself (exit ${exit.code}):\n${hub.stderr.slice(-3000)}`);
  }
  throw new Error("unreachable: the last run returns");
}

function record(
  run: number,
  hub: HubProcess,
  readyAfterMs: number | undefined,
  killedAfterMs: number | undefined,
  exit: { code: number | null; signal: string | null },
  killedWhileWorking: boolean,
): RunRecord {
  return {
    run,
    pid: hub.pid,
    readyAfterMs,
    killedAfterMs,
    killedWhileWorking,
    exit: exit.signal ?? `code ${exit.code}`,
    lastCounts: JSON.stringify(hub.lastCounts() ?? null),
  };
}

/**
 * Every way the stored outcome of a booking differs from what its routing and enrolment call for, and how
 * many bookings took each path (so that a change of the world cannot leave a path untested).
 */
async function bookingProblems(
  handle: HubDatabaseHandle,
  sibOri: string,
): Promise<{ problems: string[]; paths: Record<string, number> }> {
  const world = reliabilityWorld();
  const personByTcn = new Map(world.bookings.map((b) => [b.tcn, b.personId]));
  const transactions = await handle.db
    .selectFrom("transactions")
    .select(["id", "tcn", "state", "state_data"])
    .execute();
  const messages = await handle.db
    .selectFrom("messages")
    .select(["id", "transaction_id", "type", "recipient_ori", "status"])
    .execute();
  const detainers = await handle.db.selectFrom("detainers").select(["transaction_id", "status"]).execute();
  const messagesOf = new Map<string, string[]>();
  for (const m of messages) {
    const list = messagesOf.get(m.transaction_id ?? "") ?? [];
    list.push(`${m.type}->${m.recipient_ori}:${m.status}`);
    messagesOf.set(m.transaction_id ?? "", list);
  }
  const detainerOf = new Map(detainers.map((d) => [d.transaction_id, d.status]));
  const redress = await handle.db
    .selectFrom("audit_events")
    .select("details")
    .where("action", "=", "REDRESS_OPENED")
    .execute();
  const redressCount = new Map<string, number>();
  for (const { details } of redress) {
    const id = String((details as { transactionId?: string }).transactionId);
    redressCount.set(id, (redressCount.get(id) ?? 0) + 1);
  }
  const paths: Record<string, number> = {};
  const took = (path: string) => {
    paths[path] = (paths[path] ?? 0) + 1;
  };
  const establishedByPerson = new Map<string, Map<string, string>>();
  for (const t of transactions) {
    const personId = personByTcn.get(t.tcn) ?? "";
    const numbers = establishedByPerson.get(personId) ?? new Map<string, string>();
    numbers.set(t.id, establishedFbiNumber(t.id));
    establishedByPerson.set(personId, numbers);
  }
  const problems: string[] = [];
  if (transactions.length !== BOOKINGS)
    problems.push(`${transactions.length} transactions, expected ${BOOKINGS}`);
  for (const t of transactions) {
    const state = t.state_data as unknown as SubmissionState;
    const personId = personByTcn.get(t.tcn) ?? "";
    const fbiNumber = world.criminal.get(personId);
    const ident = world.ident.get(personId);
    const where = `${t.tcn} (${t.id})`;
    if (t.state !== "CLOSED") {
      problems.push(`${where}: state ${t.state}, expected CLOSED`);
      continue;
    }
    // A person not enrolled by the test is in the criminal repository once the hub has enrolled one of their
    // other (non-ident) arrests; whether that happened before this search depends on the loops' order.
    const established = [...(establishedByPerson.get(personId) ?? new Map<string, string>())]
      .filter(([id]) => id !== t.id)
      .map(([, number]) => number);
    const criminalMatch = state.criminalMatch?.identity ?? null;
    const allowed = fbiNumber ? [fbiNumber] : [null, ...established];
    if (!allowed.includes(criminalMatch))
      problems.push(`${where}: criminal match ${criminalMatch}, expected one of ${allowed.join(", ")}`);
    const delivered = (wanted: boolean) => (wanted ? "delivered" : "suppressed");
    const expected = [`SRE->${sibOri}:delivered`];
    let outcome: SubmissionState["outcome"] = "NOT_ACTIVATED";
    let detainer: string | undefined;
    if (state.routing.identSearch) {
      expected.push(`IDR->${sibOri}:${delivered(state.routing.receipt.idr)}`);
      outcome = ident ? "ERO_REVIEWED" : "IDENT_NO_MATCH";
      if (ident) {
        if (state.identMatch?.identity !== ident.fin)
          problems.push(`${where}: IDENT match ${state.identMatch?.identity} expected ${ident.fin}`);
        expected.push(
          `IAQ->${LESC_ORI}:delivered`,
          `IAR->${state.leaOri}:${delivered(state.routing.receipt.iar)}`,
          `IAR->${state.routing.eroOri}:delivered`,
        );
        if (ident.case === "FINAL_ORDER") {
          // autoReview issues and serves at once: SERVED is where a booking's detainer must rest.
          detainer = "SERVED";
          expected.push(`DETAINER_ISSUED->${state.leaOri}:delivered`);
        }
        took(ident.case);
      }
    }
    const redressWanted = ident?.case === "CITIZEN_NOT_UPDATED" && state.routing.identSearch ? 1 : 0;
    if ((redressCount.get(t.id) ?? 0) !== redressWanted)
      problems.push(
        `${where}: ${redressCount.get(t.id) ?? 0} redress cases opened, expected ${redressWanted}`,
      );
    took(outcome);
    if (fbiNumber) took("criminal ident");
    if (state.routing.identSearch && !state.routing.receipt.idr) took("receipt off");
    if (state.outcome !== outcome) problems.push(`${where}: outcome ${state.outcome}, expected ${outcome}`);
    if (detainerOf.get(t.id) !== detainer)
      problems.push(`${where}: detainer ${detainerOf.get(t.id)}, expected ${detainer}`);
    const actual = (messagesOf.get(t.id) ?? []).sort();
    if (JSON.stringify(actual) !== JSON.stringify(expected.sort()))
      problems.push(`${where}: messages ${actual.join(", ")}; expected ${expected.join(", ")}`);
  }
  return { problems, paths };
}

describe.each([pgliteBackend, postgresBackend])("kill -9 while 500 bookings are in flight", (makeBackend) => {
  const backend = makeBackend();
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    reliabilityWorld();
    receiver = await WebhookReceiver.start(`reliability-secret-${SEED}`);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([...HubProcess.live].map((hub) => hub.killHard()));
    await receiver?.close();
    await backend.dispose();
  });

  it(
    `${backend.name}: every booking ends once, every message is delivered, none lost (seed ${SEED})`,
    async () => {
      console.log(`[reliability ${backend.name}] seed ${SEED} (rerun: TENPRINT_RELIABILITY_SEED=${SEED})`);
      const { sibOri } = reliabilityWorld();
      const started = Date.now();
      const database = await backend.create();
      const parent = await HubRuntime.open({ database, searchThreads: 0, extractionThreads: 0 });
      try {
        await prepareReliabilityDatabase(parent, { url: receiver.url, secret: receiver.secret });
      } finally {
        // An embedded database admits one process: the hubs below need it to themselves.
        await parent.close();
      }

      const prepared = Date.now();
      const { runs, final } = await killAndRestart(database, receiver, mulberry32(SEED));
      for (const run of runs) console.log(`[reliability ${backend.name}] ${JSON.stringify(run)}`);
      const finalLine = final.lines.at(-1);
      console.log(
        `[reliability ${backend.name}] prepare ${prepared - started} ms; kills and restarts until done ` +
          `${Date.now() - prepared} ms (last run ${finalLine && "at" in finalLine ? finalLine.at : "?"} ms)`,
      );
      expect(
        finalLine?.event,
        `the last hub run did not finish the work: ${JSON.stringify(finalLine)}\n${final.stderr.slice(-3000)}`,
      ).toBe("done");
      const killedWorking = runs.filter((r) => r.killedWhileWorking);
      expect(killedWorking.length, "no kill landed while the hub was committing work").toBeGreaterThan(0);

      const handle = await openHubDatabase({ ...database, migrate: false });
      try {
        const { problems, paths } = await bookingProblems(handle, sibOri);
        expect(problems).toEqual([]);
        console.log(`[reliability ${backend.name}] paths ${JSON.stringify(paths)}`);
        for (const path of [
          "NOT_ACTIVATED",
          "IDENT_NO_MATCH",
          "ERO_REVIEWED",
          "FINAL_ORDER",
          "CITIZEN_NOT_UPDATED",
          "LAWFUL_RESIDENT",
          "criminal ident",
          "receipt off",
        ])
          expect(paths[path] ?? 0, `no booking took the path ${path}`).toBeGreaterThan(0);

        const statuses = await handle.db
          .selectFrom("messages")
          .select(["status", (eb) => eb.fn.countAll<string>().as("count")])
          .groupBy("status")
          .execute();
        const byStatus = Object.fromEntries(statuses.map((s) => [s.status, Number(s.count)]));
        expect(Object.keys(byStatus).sort()).toEqual(["delivered", "suppressed"]);
        const repeated = await sql<{ n: string }>`
          select count(*) as n from (
            select transaction_id, type, recipient_ori from messages
            group by transaction_id, type, recipient_ori having count(*) > 1) repeated`.execute(handle.db);
        expect(Number(repeated.rows[0]?.n)).toBe(0);

        // One recorded delivery per message, whatever the kills interrupted.
        const recordedTwice = await sql<{ n: string }>`
          select count(*) as n from (
            select object from audit_events where action = 'MESSAGE_DELIVERED'
            group by object having count(*) > 1) twice`.execute(handle.db);
        expect(Number(recordedTwice.rows[0]?.n)).toBe(0);

        const sibDelivered = await handle.db
          .selectFrom("messages")
          .select("id")
          .where("recipient_ori", "=", sibOri)
          .where("status", "=", "delivered")
          .execute();
        const expectedIds = sibDelivered.map((m) => m.id).sort();
        const distinct = [...new Set(receiver.received)].sort();
        expect(receiver.problems).toEqual([]);
        expect(distinct).toEqual(expectedIds);
        // At least once: a hub killed between a successful POST and recording it posts the message again
        // after restarting. The receiver saw those twice and dedupes them by Tenprint-Message-Id; the
        // count is reported, not hidden.
        const duplicates = receiver.received.length - distinct.length;
        console.log(
          `[reliability ${backend.name}] webhook: ${receiver.received.length} POSTs, ${distinct.length} distinct ` +
            `(${duplicates} duplicate POSTs); messages ${JSON.stringify(byStatus)}`,
        );

        const jobs = await handle.db
          .selectFrom("jobs")
          .select(["status", (eb) => eb.fn.countAll<string>().as("count")])
          .groupBy("status")
          .execute();
        expect(Object.fromEntries(jobs.map((j) => [j.status, Number(j.count)]))).toEqual({
          done: expect.any(Number),
        });
        const audit = await verifyAuditChain(handle.db);
        expect(audit.ok, JSON.stringify(audit)).toBe(true);
      } finally {
        await handle.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
