import { createPublicKey } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { readTenprintTemplate } from "@tenprint/afis";
import type { HubDatabase, SignInAsCredential } from "@tenprint/hub";
import {
  backupSocketPath,
  createApi,
  createEnvelopeCipher,
  createHubStorage,
  DEFAULT_DATA_DIR,
  DEMO_AUDIT_FILES,
  demoAuditSigningKey,
  demoMasterKey,
  HubRuntime,
  hubLogger,
  isApiRole,
} from "@tenprint/hub";
import { sibOriOf } from "@tenprint/synth";
import { type Kysely, sql } from "kysely";
import { BookingProducer } from "./booking-producer.js";
import { waitsForPerson } from "./demo-automation.js";
import { seedCorrections } from "./demo-corrections.js";
import { DEMO_PARAMETERS as P } from "./demo-parameters.js";
import {
  CREDENTIALS_FILE,
  type DemoCredential,
  demoCredentials,
  seedDirectory,
  seedDistractors,
} from "./demo-seed.js";
import { demoSummary, formatSummary } from "./demo-summary.js";
import { type DemoSizes, demoWorld } from "./demo-world.js";

export interface DemoOptions {
  readonly dataDir?: string;
  readonly port?: number;
  readonly host?: string;
  /** Bookings per second the stream aims at. */
  readonly rate?: number;
  readonly seed?: string;
  readonly state?: string;
  readonly print: (line: string) => void;
  /** Smaller worlds for tests; the defaults are DEMO_PARAMETERS'. */
  readonly sizes?: Partial<DemoSizes>;
  /** Aborting it stops the demo cleanly (the CLI wires SIGTERM and SIGINT to it). */
  readonly signal: AbortSignal;
  /** Folder of the built web console, served at `/` with the demo's "sign in as" list. */
  readonly console?: string;
  /**
   * Decide every LESC case and ERO review by the rules at once (tests and benches). By default a share
   * of each (DEMO_PARAMETERS.waitForPerson) waits for a person in the console.
   */
  readonly automateAll?: boolean;
  /** Tests: other shares of LESC cases and ERO reviews that wait for a person (0 to 1). */
  readonly waitForPerson?: { readonly lesc?: number; readonly ero?: number };
}

/** The demo's port is taken: says which option picks another. */
export class DemoPortBusyError extends Error {
  override readonly name = "DemoPortBusyError";
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `port ${port} on ${host} is already in use (another tenprint demo or another server): ` +
        `start on a free one with --port, e.g. \`npm start -- --port ${port === 65_535 ? 8081 : port + 1}\` ` +
        `or \`tenprint demo --port ${port === 65_535 ? 8081 : port + 1}\``,
    );
  }
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "EADDRINUSE";
}

/**
 * Fails at once, before the database opens and seeds (a minute on the first start), when the port is
 * taken. The API binds it for good right after the database opens, still before any seeding.
 */
async function requirePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) => reject(isAddressInUse(error) ? new DemoPortBusyError(host, port) : error));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Identities enrolled with rendered prints (not the template-level distractors). */
async function renderedIdentities(db: Kysely<HubDatabase>): Promise<string[]> {
  const rows = await db
    .selectFrom("subject_records")
    .select("identity")
    .where("identity", "not like", `${P.distractorPrefix}%`)
    .execute();
  return rows.map((row) => row.identity);
}

async function submittedBookings(db: Kysely<HubDatabase>): Promise<number> {
  const { rows } = await sql<{
    n: string | number;
  }>`select count(*) as n from transactions where tcn like 'SYN%'`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** The demo's keys with their agencies' names, for the console's "sign in as" list. */
async function signInList(
  runtime: HubRuntime,
  credentials: readonly DemoCredential[],
): Promise<SignInAsCredential[]> {
  const directory = createHubStorage(runtime.db).directory;
  const list: SignInAsCredential[] = [];
  for (const credential of credentials) {
    if (!isApiRole(credential.role)) continue;
    const agency = await directory.getAgency(credential.ori);
    list.push({
      role: credential.role,
      ori: credential.ori,
      apiKey: credential.apiKey,
      ...(agency ? { agency: agency.name } : {}),
    });
  }
  return list;
}

/**
 * `tenprint demo`: the whole hub on the embedded database with a synthetic state streaming bookings
 * through it. The first start seeds the state and the galleries; later starts reuse them.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { print, signal } = options;
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const started = performance.now();
  const runStartedAt = new Date();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? P.port;
  if (options.console !== undefined && port !== 0)
    print(`Tenprint console: http://${host}:${port}/ (open it once "serving" appears below)`);
  print("Tenprint demo. Every person, record and fingerprint here is SYNTHETIC.");
  await requirePortFree(host, port);
  const share = options.automateAll ? { lesc: 0, ero: 0 } : { ...P.waitForPerson, ...options.waitForPerson };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const masterKey = demoMasterKey(dataDir);
  if (masterKey.generated)
    print(`generated the master key for encryption at rest in ${masterKey.generated} (mode 0600)`);
  // The demo plays the operator: its signing key (0600) and checkpoints sit beside the database. A
  // deployment keeps both where the database's administrators cannot write (decision 0010).
  const auditKey = demoAuditSigningKey(
    join(dataDir, DEMO_AUDIT_FILES.key),
    join(dataDir, DEMO_AUDIT_FILES.publicKey),
  );
  const runtime = await HubRuntime.open({
    database: { dataDir, cipher: createEnvelopeCipher(masterKey.key) },
    auditCheckpoints: { file: join(dataDir, DEMO_AUDIT_FILES.checkpoints), key: auditKey },
    autoConfirm: (id) => !waitsForPerson("lesc", id, share.lesc),
    autoReview: (id) => !waitsForPerson("ero", id, share.ero),
    ruleSet: P.ruleSet,
    loadInBackground: true,
    backupSocket: backupSocketPath(dataDir),
  });
  print(`database ${runtime.handle.location} open at ${elapsed()}; loading the galleries in the background`);
  let api: ReturnType<typeof createApi> | undefined;
  let producer: BookingProducer | undefined;
  try {
    let signIn: SignInAsCredential[] | undefined;
    api = createApi(
      {
        db: runtime.db,
        submissions: runtime.submissions,
        lesc: runtime.lesc,
        detainers: runtime.detainers,
        comparisons: runtime.comparisons,
        auditCheckpoints: {
          file: join(dataDir, DEMO_AUDIT_FILES.checkpoints),
          publicKey: createPublicKey(auditKey),
        },
        cluster: runtime,
        records: runtime.records,
      },
      {
        // The terminal shows the live summary; the request log goes beside the database.
        logger: hubLogger({ destination: join(dataDir, "hub.log") }),
        ...(options.console === undefined ? {} : { console: options.console, signInAs: () => signIn }),
      },
    );
    try {
      await api.listen({ port, host });
    } catch (error) {
      throw isAddressInUse(error) ? new DemoPortBusyError(host, port) : error;
    }
    const bound = api.server.address();
    const address = `http://${host}:${typeof bound === "object" && bound ? bound.port : port}`;
    print(
      `serving ${address} (${options.console === undefined ? "" : "web console at /, "}OpenAPI at /docs) at ${elapsed()}`,
    );
    const world = demoWorld({
      ...(options.seed ? { seed: options.seed } : {}),
      ...(options.state ? { state: options.state } : {}),
      ...options.sizes,
    });
    // Seeded once: later changes (a PMO activating a county through the API) must survive a restart.
    const sibOri = sibOriOf(world.state);
    if (!(await createHubStorage(runtime.db).directory.getAgency(sibOri)))
      await seedDirectory(runtime, world);
    if ((await createHubStorage(runtime.db).directory.listRegions()).length === 0)
      await seedCorrections(runtime, world);
    const credentials = await demoCredentials(runtime, world, dataDir);
    signIn = await signInList(runtime, credentials);
    print(
      `API keys per role in ${dataDir}/${CREDENTIALS_FILE} at ${elapsed()}: ${credentials
        .map((c) => `${c.role} ${c.ori}`)
        .join(", ")}`,
    );
    print(
      options.automateAll
        ? "every LESC case and ERO review is decided by the rules (--automate-all)"
        : `about ${Math.round(share.lesc * 100)} % of LESC cases and ${Math.round(share.ero * 100)} % of ERO reviews wait for a person in the console; --automate-all decides all by the rules`,
    );
    let lastProgress = 0;
    await seedDistractors(
      runtime,
      world,
      world.sizes,
      (repository, done, total) => {
        if (done === total || performance.now() - lastProgress > 5000) {
          lastProgress = performance.now();
          print(`seeding ${repository} gallery: ${done}/${total} template-level identities (${elapsed()})`);
        }
      },
      signal,
    );
    if (signal.aborted) return;
    const activated = world.jurisdictions.jurisdictions.filter(
      (j) => j.activation.status === "ACTIVATED",
    ).length;
    const optedOut = world.jurisdictions.jurisdictions.filter((j) => !j.receipt.idr).length;
    print(
      `${world.state}: ${world.jurisdictions.jurisdictions.length} counties, ${activated} activated, ${optedOut} declining IDR/IAR receipt`,
    );
    runtime.start();
    runtime.ready.then(
      () =>
        print(
          `galleries loaded: ${runtime.criminal.size} criminal, ${runtime.ident.size} IDENT identities at ${elapsed()}`,
        ),
      (error) => print(`the galleries did not load: ${String(error)}`),
    );
    const stopped = new Promise<undefined>((resolve) =>
      signal.addEventListener("abort", () => resolve(undefined), { once: true }),
    );
    // Rendering would take a core from the gallery load, and every booking would wait for it anyway.
    await Promise.race([runtime.ready.catch(() => undefined), stopped]);
    if (signal.aborted) return;
    producer = new BookingProducer({
      seed: world.seed,
      state: world.state,
      people: world.sizes.people,
      skip: await submittedBookings(runtime.db),
      enrolled: await renderedIdentities(runtime.db),
    });
    const summaries = (async () => {
      while (!signal.aborted) {
        await sleep(P.summaryEverySeconds * 1000, signal);
        if (!signal.aborted) print(formatSummary(await demoSummary(runtime.db, runStartedAt)));
      }
    })();
    const rate = options.rate ?? P.rate;
    while (!signal.aborted) {
      const due = performance.now() + 1000 / rate;
      const booking = await Promise.race([producer.next(), stopped]);
      if (!booking) break;
      for (const enrolment of booking.enrolments) {
        const repository = enrolment.repository === "criminal" ? runtime.criminal : runtime.ident;
        await repository.enrolMany([
          {
            record: enrolment.record,
            fingers: enrolment.templates.map((t) => ({
              position: t.position,
              template: readTenprintTemplate(t.bytes),
            })),
            prints: enrolment.prints,
          },
        ]);
      }
      await runtime.submissions.submit(booking.car, { submitterOri: booking.sibOri, actor: "demo-stream" });
      await sleep(Math.max(0, due - performance.now()), signal);
    }
    await summaries;
  } finally {
    print("stopping: finishing the current steps");
    await producer?.close();
    await api?.close();
    await runtime.close();
    print(`stopped after ${elapsed()}`);
  }
}
