import type { AddressInfo } from "node:net";
import { extractTemplate } from "@tenprint/afis";
import { encodeWsq, parseTransaction, serializeTransaction, textField, withField } from "@tenprint/nist";
import { engineRenderer } from "@tenprint/synth";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { identSubjectRecord } from "../../../demo/src/demo/subject-records.js";
import type { SignInAsCredential } from "../../../hub/src/api/demo-sign-in-route.js";
import { createApi, createHubStorage, type HubDatabaseHandle, HubRuntime } from "../../../hub/src/index.js";
import { bearer, issueRoleKeys, type RoleKeys, roleOris } from "../../../hub/test/api-harness.js";
import {
  bookingFile,
  enrolArrestee,
  immigrationRecordOf,
  knownBooking,
  personOf,
  seedDirectory,
} from "../../../hub/test/services-fixtures.js";
import { BACKENDS } from "../../../hub/test/storage-backends.js";
import { CONSOLE_BUILD_DIR } from "../../build-location.js";
import { ensureConsoleBuild } from "../../scripts/console-build.js";

/**
 * A real hub for the browser tests: PGlite in a temporary directory (the hub tests' initialised
 * template), the whole runtime with its workflow loops, the built console at `/`, and a small world:
 * an activated county with its SIB and ERO office, and one person IDENT holds with rendered prints.
 * `signInAs` makes it answer like `tenprint demo`; `serveMode()` is the same data as `tenprint serve`.
 */
export interface ConsoleHub {
  readonly url: string;
  /** The EBTS upload limit of this hub: small, so that a test can exceed it quickly. */
  readonly bodyLimit: number;
  readonly keys: RoleKeys;
  readonly runtime: HubRuntime;
  /** The same database served as `tenprint serve` would: no sign-in list. */
  serveMode(): Promise<string>;
  /** `count` open LESC reviews (no booking file behind them), enqueued 10 s apart going back in time. */
  seedOpenCases(count: number): Promise<void>;
  /** Alters one audit event's details in place, as an intruder with database access would. */
  tamperAuditEvent(seq: number): Promise<void>;
  /** GET on the hub's API with a role's key. */
  api<T>(role: keyof RoleKeys, path: string, purpose?: string): Promise<T>;
  close(): Promise<void>;
}

const LOAD_PROPOSAL = {
  status: "REM",
  rule: "PENDING_PROCEEDINGS",
  discrepancy: null,
  detainerBasis: "PENDING_PROCEEDINGS",
};

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Prints drawn by the quick sketch renderer (tests), or by the engine renderer the demo uses (screenshots). */
export type Rendering = "sketch" | "engine";

/** The known arrestee in IDENT with engine-rendered rolled prints, as the demo enrols its people. */
async function enrolRendered(runtime: HubRuntime): Promise<void> {
  const person = personOf(knownBooking());
  const render = engineRenderer();
  const images = person.fingers.map((finger) => ({
    position: finger.position,
    image: render({ finger, kind: "rolled", impression: 1 }),
  }));
  await runtime.ident.enrolMany([
    {
      record: identSubjectRecord(person, immigrationRecordOf("PENDING_PROCEEDINGS")),
      fingers: images.map(({ position, image }) => ({ position, template: extractTemplate(image) })),
      prints: images.map(({ position, image }) => ({ position, wsq: encodeWsq(image), ppi: image.ppi })),
    },
  ]);
}

/**
 * The agencies of the roles the hub tests' directory leaves out, so the console can name them (the
 * directory has no kind for an auditor: the console shows its ORI).
 */
async function nameAgencies(runtime: HubRuntime): Promise<void> {
  const directory = createHubStorage(runtime.db).directory;
  const oris = roleOris();
  const names = {
    LESC: "ICE Law Enforcement Support Center",
    CJIS: "FBI CJIS Division",
    IDENT: "DHS OBIM (IDENT)",
    PMO: "ICE Secure Communities PMO",
  } as const;
  for (const [role, name] of Object.entries(names))
    await directory.putAgency({ ori: oris[role as keyof typeof names], kind: role, name, parentOri: null });
}

/** Arlington County (FIPS 51013), planned and declining the IAR, with its sheriff: the PMO's county to schedule. */
export const PLANNED_COUNTY = { fips: "51013", name: "Arlington County", sheriff: "VA0130000" } as const;

/** A state reception facility in Fairfax County, activated on its own: the PMO map draws it as a point. */
export const FACILITY = {
  ori: "VADOC0100",
  name: "Northern Reception Center (synthetic)",
  fips: "51059",
} as const;

async function planSecondCounty(runtime: HubRuntime): Promise<void> {
  const directory = createHubStorage(runtime.db).directory;
  await directory.putJurisdiction({
    jurisdictionId: PLANNED_COUNTY.fips,
    name: PLANNED_COUNTY.name,
    state: "VA",
    activationStatus: "PLANNED",
    activatedAt: null,
    receiptIdr: true,
    receiptIar: false,
    activation: {},
    eroOri: roleOris().ERO,
  });
  await directory.putJurisdiction({
    jurisdictionId: FACILITY.ori,
    name: FACILITY.name,
    state: "VA",
    activationStatus: "ACTIVATED",
    activatedAt: new Date("2010-06-01T00:00:00Z"),
    receiptIdr: true,
    receiptIar: true,
    activation: {},
    eroOri: roleOris().ERO,
    siteKind: "FACILITY",
    locationFips: FACILITY.fips,
  });
  await directory.putAgency({
    ori: PLANNED_COUNTY.sheriff,
    kind: "LEA",
    name: "Arlington County Sheriff (synthetic)",
    parentOri: null,
    jurisdictionId: PLANNED_COUNTY.fips,
  });
}

export async function startConsoleHub(rendering: Rendering = "sketch"): Promise<ConsoleHub> {
  await ensureConsoleBuild();
  const handle: HubDatabaseHandle = await BACKENDS[0]!.open();
  const runtime = await HubRuntime.attach(handle, {
    searchThreads: 0,
    extractionThreads: 1,
    workflowLoops: 2,
  });
  await seedDirectory(runtime);
  await nameAgencies(runtime);
  await planSecondCounty(runtime);
  if (rendering === "engine") await enrolRendered(runtime);
  else await enrolArrestee(runtime, immigrationRecordOf("PENDING_PROCEEDINGS"));
  const keys = await issueRoleKeys(handle);
  const deps = {
    db: runtime.db,
    submissions: runtime.submissions,
    lesc: runtime.lesc,
    detainers: runtime.detainers,
    comparisons: runtime.comparisons,
  };
  const agencies = {
    LEA: "Synthetic County Sheriff",
    LESC: "ICE LESC",
    ERO: "ERO Washington",
    PMO: "ICE Secure Communities PMO",
    AUDITOR: "DHS OIG",
  } as const;
  const signInAs: SignInAsCredential[] = (Object.keys(agencies) as (keyof typeof agencies)[]).map((role) => ({
    role,
    ori: roleOris()[role],
    apiKey: keys[role],
    agency: agencies[role],
  }));
  const bodyLimit = 4 * 1024 * 1024;
  const demo = createApi(deps, { console: CONSOLE_BUILD_DIR, signInAs, bodyLimit });
  const url = await listen(demo);
  runtime.start();
  const served: FastifyInstance[] = [];
  return {
    url,
    bodyLimit,
    keys,
    runtime,
    async serveMode() {
      const app = createApi(deps, { console: CONSOLE_BUILD_DIR });
      served.push(app);
      return listen(app);
    },
    async seedOpenCases(count) {
      await sql`insert into transactions (id, tcn, tot, submitter_ori, state, state_data)
        select md5('load' || i)::uuid, 'SYNLOAD' || lpad(i::text, 8, '0'), 'CAR', 'VA0000001', 'IAQ_SENT', '{}'::jsonb
        from generate_series(1, ${count}) as i`.execute(runtime.db);
      await sql`insert into lesc_reviews (transaction_id, iaq_id, fin, proposal, status, enqueued_at)
        select md5('load' || i)::uuid, 'IAQLOAD' || lpad(i::text, 8, '0'), 'SYNFINLOAD' || i,
          ${JSON.stringify(LOAD_PROPOSAL)}::jsonb, 'pending', now() - i * interval '10 seconds'
        from generate_series(1, ${count}) as i`.execute(runtime.db);
    },
    async tamperAuditEvent(seq) {
      await sql`update audit_events set details = '{"tampered": true}'::jsonb where seq = ${seq}`.execute(
        runtime.db,
      );
    },
    async api(role, path, purpose) {
      const response = await demo.inject({
        url: path,
        headers: { ...bearer(keys[role]), ...(purpose ? { "x-purpose": purpose } : {}) },
      });
      if (response.statusCode !== 200)
        throw new Error(`GET ${path} as ${role}: ${response.statusCode} ${response.body}`);
      return response.json();
    },
    async close() {
      for (const app of served) await app.close();
      await demo.close();
      await runtime.close();
    },
  };
}

/** The known arrestee's booking (sketch-rendered prints) under another TCN: a second arrest. */
export function bookingWithTcn(tcn: string, rendering: Rendering = "sketch"): Uint8Array {
  const transaction = parseTransaction(bookingFile(rendering));
  const [header, ...rest] = transaction.records;
  if (header?.kind !== "tagged") throw new Error("the booking has no Type-1 record");
  return serializeTransaction({ ...transaction, records: [withField(header, textField(9, tcn)), ...rest] });
}

/** A booking that fails EBTS validation: the subject's name (2.018) and date of birth are removed. */
export function invalidBooking(rendering: Rendering = "sketch"): Uint8Array {
  const transaction = parseTransaction(bookingWithTcn("SYNBADFILE0000001", rendering));
  return serializeTransaction({
    ...transaction,
    records: transaction.records.map((record) =>
      record.kind === "tagged" && record.type === 2
        ? { ...record, fields: record.fields.filter((field) => field.number !== 18 && field.number !== 22) }
        : record,
    ),
  });
}
