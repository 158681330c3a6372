import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_ROLES, type ApiRole, createHubStorage, type HubDatabaseHandle } from "../src/index.js";
import {
  bearer,
  issueRoleKeys,
  JURISDICTION,
  OTHER_LEA_ORI,
  OTHER_SIB_ORI,
  type RoleKeys,
  SIB_ORI,
  seedPlannedJurisdiction,
  testApi,
} from "./api-harness.js";
import { bookingFile, ERO_ORI, knownBooking, seedDirectory } from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const MISSING = "00000000-0000-4000-8000-000000000000";
/** A regional coordinator's agency: PMO keys with this ORI run region R3. */
const COORDINATOR_ORI = "DCICER300";
const ALL = API_ROLES;
const READERS: ApiRole[] = ["LEA", "SIB", "CJIS", "IDENT", "AUDITOR"];

interface Endpoint {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** OpenAPI path; `{…}` parameters are filled with ids that do not exist (or the test jurisdiction). */
  path: string;
  allowed: readonly ApiRole[];
  body?: unknown;
  headers?: Record<string, string>;
  /** A regional coordinator's PMO key may call it (its region only). */
  regional?: true;
}

/** The authorisation matrix: every endpoint under /v1 and the roles admitted to it. */
const MATRIX: Endpoint[] = [
  { method: "GET", path: "/v1/me", allowed: ALL, regional: true },
  {
    method: "POST",
    path: "/v1/transactions",
    allowed: ["LEA", "SIB"],
    body: Buffer.from("not an EBTS file"),
    headers: { "content-type": "application/octet-stream" },
  },
  { method: "GET", path: "/v1/transactions", allowed: READERS },
  { method: "GET", path: "/v1/transactions/{id}", allowed: READERS },
  {
    method: "GET",
    path: "/v1/transactions/{id}/request",
    allowed: READERS,
    headers: { "x-purpose": "matrix" },
  },
  {
    method: "GET",
    path: "/v1/transactions/{id}/prints/{position}",
    allowed: READERS,
    headers: { "x-purpose": "matrix" },
  },
  { method: "GET", path: "/v1/inbox", allowed: ALL },
  { method: "GET", path: "/v1/messages/{id}", allowed: ALL },
  { method: "GET", path: "/v1/messages/{id}/ebts", allowed: ALL },
  { method: "POST", path: "/v1/messages/{id}/ack", allowed: ALL },
  {
    method: "PUT",
    path: "/v1/webhook",
    allowed: ALL,
    body: { url: "https://agency.example/hook", secret: "0123456789abcdef0123" },
  },
  { method: "GET", path: "/v1/webhook", allowed: ALL },
  { method: "GET", path: "/v1/metrics", allowed: ["CJIS", "PMO"] },
  { method: "DELETE", path: "/v1/webhook", allowed: ALL },
  { method: "GET", path: "/v1/jurisdictions", allowed: ["PMO", "SIB", "CJIS", "AUDITOR"] },
  { method: "GET", path: "/v1/jurisdictions/{jurisdictionId}", allowed: ["PMO", "SIB", "CJIS", "AUDITOR"] },
  {
    method: "POST",
    path: "/v1/jurisdictions/{jurisdictionId}/activation",
    allowed: ["PMO"],
    body: { event: "SCHEDULE", date: "2026-06-01" },
  },
  {
    method: "PUT",
    path: "/v1/jurisdictions/{jurisdictionId}/preferences",
    allowed: ["PMO"],
    body: { receiptIdr: false },
  },
  { method: "GET", path: "/v1/regions", allowed: ["PMO", "AUDITOR"], regional: true },
  {
    method: "PUT",
    path: "/v1/regions/{id}",
    allowed: ["PMO"],
    body: { name: "Mid-Atlantic", states: ["VA", "MD"], coordinatorOri: null },
  },
  { method: "GET", path: "/v1/deployment/plan", allowed: ["PMO", "AUDITOR"], regional: true },
  {
    method: "POST",
    path: "/v1/deployment/sites/{id}/changes",
    allowed: ["PMO"],
    body: { action: "SCHEDULE", date: "2026-06-01" },
    regional: true,
  },
  { method: "GET", path: "/v1/deployment/progress", allowed: ["PMO", "AUDITOR"], regional: true },
  {
    method: "GET",
    path: "/v1/deployment/facilities",
    allowed: ["PMO", "SIB", "CJIS", "AUDITOR"],
    regional: true,
  },
  { method: "GET", path: "/v1/directory", allowed: ["PMO", "AUDITOR"] },
  {
    method: "POST",
    path: "/v1/directory/import?dryRun=true",
    allowed: ["PMO"],
    body: { format: "tenprint-directory/1", regions: [] },
  },
  { method: "GET", path: "/v1/audit", allowed: ["AUDITOR"] },
  { method: "GET", path: "/v1/audit/verify", allowed: ["AUDITOR"] },
  { method: "GET", path: "/v1/stats", allowed: ["PMO", "CJIS", "IDENT", "AUDITOR"] },
  { method: "GET", path: "/v1/reports/monthly?month=2026-05", allowed: ["PMO", "AUDITOR"] },
  { method: "GET", path: "/v1/reports/accountability", allowed: ["PMO", "AUDITOR"] },
  { method: "GET", path: "/v1/lesc/queue", allowed: ["LESC"] },
  {
    method: "POST",
    path: "/v1/lesc/reviews/{transactionId}/determination",
    allowed: ["LESC"],
    body: { analyst: "analyst-1" },
  },
  { method: "GET", path: "/v1/lesc/cases/{transactionId}", allowed: ["LESC"] },
  {
    method: "GET",
    path: "/v1/lesc/cases/{transactionId}/comparison",
    allowed: ["LESC"],
    headers: { "x-purpose": "matrix" },
  },
  {
    method: "GET",
    path: "/v1/lesc/cases/{transactionId}/prints/{side}/{position}",
    allowed: ["LESC"],
    headers: { "x-purpose": "matrix" },
  },
  { method: "GET", path: "/v1/ero/reviews", allowed: ["ERO"] },
  {
    method: "POST",
    path: "/v1/ero/reviews/{transactionId}",
    allowed: ["ERO"],
    body: { issueDetainer: false },
  },
  { method: "GET", path: "/v1/detainers", allowed: ["ERO", "LEA", "PMO", "AUDITOR"] },
  { method: "GET", path: "/v1/detainers/{id}", allowed: ["ERO", "LEA", "PMO", "AUDITOR"] },
  {
    method: "POST",
    path: "/v1/detainers/{id}/actions",
    allowed: ["ERO", "LEA", "LESC"],
    body: { type: "SERVE" },
  },
  {
    method: "POST",
    path: "/v1/records/criminal/{identity}/expunge",
    allowed: ["CJIS"],
    body: { reason: "court order", authority: "Circuit Court", reference: "CL-1" },
  },
  {
    method: "POST",
    path: "/v1/records/criminal/{identity}/correct",
    allowed: ["CJIS"],
    body: { reason: "wrong", authority: "CJIS", reference: "R-1", record: { identity: "x" } },
  },
  {
    method: "POST",
    path: "/v1/records/ident/{identity}/expunge",
    allowed: ["IDENT"],
    body: { reason: "court order", authority: "Circuit Court", reference: "CL-1" },
  },
  {
    method: "POST",
    path: "/v1/records/ident/{identity}/correct",
    allowed: ["IDENT"],
    body: { reason: "redress", authority: "DHS TRIP", reference: "TRIP-1", record: { identity: "x" } },
  },
  // Last: it replaces the key the loop uses.
  { method: "POST", path: "/v1/api-keys/rotate", allowed: ALL, regional: true },
];

function urlOf(endpoint: Endpoint): string {
  return endpoint.path
    .replace("{jurisdictionId}", JURISDICTION)
    .replace("/regions/{id}", "/regions/R3")
    .replace("/sites/{id}/", `/sites/${JURISDICTION}/`)
    .replace("{position}", "1")
    .replace("{side}", "booking")
    .replace(/\{[^}]+\}/g, MISSING);
}

function inject(app: FastifyInstance, endpoint: Endpoint, apiKey?: string) {
  const { body } = endpoint;
  return app.inject({
    method: endpoint.method,
    url: urlOf(endpoint),
    headers: { ...endpoint.headers, ...(apiKey ? bearer(apiKey) : {}) },
    ...(body === undefined ? {} : Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
  });
}

describe.each(BACKENDS)("API authorisation on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;

  beforeAll(async () => {
    handle = await backend.open();
    app = testApi(handle);
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    keys = await issueRoleKeys(handle);
    await seedPlannedJurisdiction(handle);
    await seedDirectory(handle);
  });

  it("lists every /v1 endpoint of the OpenAPI document in the matrix", async () => {
    const document = (await app.inject({ url: "/docs/json" })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith("/v1/"))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(MATRIX.map((e) => `${e.method} ${e.path.split("?")[0]}`).sort());
  });

  it("refuses every endpoint without a key, with a malformed header and with an unknown key (401)", async () => {
    for (const endpoint of MATRIX) {
      for (const apiKey of [undefined, "tp_not-a-key"]) {
        const response = await inject(app, endpoint, apiKey);
        expect(response.statusCode, `${endpoint.method} ${endpoint.path} key=${apiKey}`).toBe(401);
        expect(response.json().error).toBe("unauthenticated");
        expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
      }
      const basic = await app.inject({
        method: endpoint.method,
        url: urlOf(endpoint),
        headers: { authorization: "Basic dXNlcjpwYXNz" },
      });
      expect(basic.statusCode).toBe(401);
    }
  });

  it.each(API_ROLES)("admits %s exactly to the endpoints of its role (403 elsewhere)", async (role) => {
    let apiKey = keys[role];
    const outcomes: string[] = [];
    for (const endpoint of MATRIX) {
      const response = await inject(app, endpoint, apiKey);
      const allowed = endpoint.allowed.includes(role);
      const denied = response.statusCode === 403 && response.json().error === "forbidden";
      outcomes.push(`${endpoint.method} ${endpoint.path} → ${response.statusCode}`);
      expect(response.statusCode, `${role} ${endpoint.method} ${endpoint.path}`).not.toBe(401);
      expect(denied, `${role} ${endpoint.method} ${endpoint.path}: ${response.body}`).toBe(!allowed);
      if (endpoint.path === "/v1/api-keys/rotate") apiKey = response.json().apiKey;
    }
    expect(outcomes).toHaveLength(MATRIX.length);
  });

  it("admits a regional coordinator's PMO key only to the region-scoped endpoints", async () => {
    const storage = createHubStorage(handle.db);
    await storage.directory.putRegion({
      id: "R3",
      name: "Mid-Atlantic",
      coordinatorOri: COORDINATOR_ORI,
      states: ["VA"],
    });
    let apiKey = (await storage.apiKeys.issue(COORDINATOR_ORI, "PMO")).apiKey;
    for (const endpoint of MATRIX) {
      const response = await inject(app, endpoint, apiKey);
      const allowed = endpoint.allowed.includes("PMO") && endpoint.regional === true;
      const denied = response.statusCode === 403 && response.json().error === "forbidden";
      expect(denied, `coordinator ${endpoint.method} ${endpoint.path}: ${response.body}`).toBe(!allowed);
      if (endpoint.path === "/v1/api-keys/rotate") apiKey = response.json().apiKey;
    }
  });

  describe("regional coordinators", () => {
    const TEXAS_SITE = "48201";
    let coordinator: string;

    beforeEach(async () => {
      const storage = createHubStorage(handle.db);
      await storage.directory.putRegion({
        id: "R3",
        name: "Mid-Atlantic",
        coordinatorOri: COORDINATOR_ORI,
        states: ["VA", "MD"],
      });
      await storage.directory.putRegion({
        id: "R6",
        name: "South Central",
        coordinatorOri: "DCICER600",
        states: ["TX"],
      });
      await storage.directory.putJurisdiction({
        jurisdictionId: TEXAS_SITE,
        name: "Harris County, TX",
        state: "TX",
        activationStatus: "PLANNED",
        activatedAt: null,
        receiptIdr: true,
        receiptIar: true,
        activation: {},
      });
      coordinator = (await storage.apiKeys.issue(COORDINATOR_ORI, "PMO")).apiKey;
    });

    const get = (apiKey: string, url: string) => app.inject({ url, headers: bearer(apiKey) });
    const change = (apiKey: string, site: string, payload: object) =>
      app.inject({
        method: "POST",
        url: `/v1/deployment/sites/${site}/changes`,
        headers: bearer(apiKey),
        payload,
      });

    it("sees and changes only its region's states; the national PMO sees all", async () => {
      expect((await get(coordinator, "/v1/regions")).json().items.map((r: { id: string }) => r.id)).toEqual([
        "R3",
      ]);
      const plan = (await get(coordinator, "/v1/deployment/plan")).json();
      // Earlier tests on the same database may have added Virginia counties; none may come from Texas.
      const sites = plan.items as { id: string; state: string }[];
      expect(sites.map((site) => site.id)).toContain(JURISDICTION);
      expect(sites.map((site) => site.id)).not.toContain(TEXAS_SITE);
      expect(new Set(sites.map((site) => site.state))).toEqual(new Set(["VA"]));
      const texas = await get(coordinator, "/v1/deployment/plan?state=TX");
      expect(texas.statusCode).toBe(403);
      const progress = (await get(coordinator, "/v1/deployment/progress")).json();
      expect(progress.regions.map((r: { region: string }) => r.region)).toEqual(["R3"]);
      expect(
        (await change(coordinator, TEXAS_SITE, { action: "SCHEDULE", date: "2026-06-01" })).statusCode,
      ).toBe(404);
      const own = await change(coordinator, JURISDICTION, { action: "SCHEDULE", date: "2026-06-01" });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ status: "SCHEDULED", scheduledAt: "2026-06-01" });
      const national = (await get(keys.PMO, "/v1/deployment/plan")).json();
      expect(national.items.map((site: { id: string }) => site.id)).toEqual(
        expect.arrayContaining([TEXAS_SITE, JURISDICTION]),
      );
      expect(
        (await change(keys.PMO, TEXAS_SITE, { action: "SCHEDULE", date: "2026-07-01" })).statusCode,
      ).toBe(200);
      const me = (await get(coordinator, "/v1/me")).json();
      expect(me.region).toEqual({ id: "R3", states: ["MD", "VA"] });
      expect(me.operations).not.toContainEqual({ method: "GET", path: "/v1/stats" });
      expect((await get(keys.PMO, "/v1/me")).json().region).toBeNull();
    });

    it("audits each plan change with its reason and refuses a move without one", async () => {
      await change(coordinator, JURISDICTION, { action: "SCHEDULE", date: "2026-06-01" });
      const noReason = await change(coordinator, JURISDICTION, { action: "MOVE", date: "2026-08-01" });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().field).toBe("body.reason");
      const again = await change(coordinator, JURISDICTION, { action: "SCHEDULE", date: "2026-08-01" });
      expect(again.statusCode).toBe(409);
      const moved = await change(coordinator, JURISDICTION, {
        action: "MOVE",
        date: "2026-08-01",
        reason: "live-scan stations delivered late",
      });
      expect(moved.statusCode).toBe(200);
      const deferred = await change(coordinator, JURISDICTION, {
        action: "DEFER",
        reason: "county asked to meet",
      });
      expect(deferred.json()).toMatchObject({ status: "DEFERRED", deferredReason: "county asked to meet" });
      expect(deferred.json().history.map((h: { action: string }) => h.action)).toEqual([
        "JURISDICTION_SCHEDULED",
        "JURISDICTION_DATE_MOVED",
        "JURISDICTION_DEFERRED",
      ]);
      const [event] = await createHubStorage(handle.db).audit.query({ action: "JURISDICTION_DATE_MOVED" });
      expect(event).toMatchObject({
        ori: COORDINATOR_ORI,
        object: `jurisdiction:${JURISDICTION}`,
        details: {
          from: "2026-06-01",
          scheduledAt: "2026-08-01",
          reason: "live-scan stations delivered late",
        },
      });
    });
  });

  it("answers a revoked key with 401", async () => {
    const storage = createHubStorage(handle.db);
    const issued = await storage.apiKeys.issue("VA0010000", "LEA");
    const before = await app.inject({ url: "/v1/inbox", headers: bearer(issued.apiKey) });
    expect(before.statusCode).toBe(200);
    await storage.apiKeys.revoke(issued.id);
    const after = await app.inject({ url: "/v1/inbox", headers: bearer(issued.apiKey) });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({
      error: "unauthenticated",
      message: "API key is unknown or revoked",
    });
  });

  it("rotates a key: the new one works, the old one is refused", async () => {
    const rotated = await app.inject({
      method: "POST",
      url: "/v1/api-keys/rotate",
      headers: bearer(keys.ERO),
    });
    expect(rotated.statusCode).toBe(200);
    const body = rotated.json();
    expect(body).toMatchObject({ ori: ERO_ORI, role: "ERO" });
    expect(body.apiKey).not.toBe(keys.ERO);
    expect((await app.inject({ url: "/v1/inbox", headers: bearer(keys.ERO) })).statusCode).toBe(401);
    expect((await app.inject({ url: "/v1/inbox", headers: bearer(body.apiKey) })).statusCode).toBe(200);
    const [event] = await createHubStorage(handle.db).audit.query({ action: "API_KEY_ROTATED" });
    expect(event).toMatchObject({ ori: ERO_ORI, details: { newKeyId: body.id } });
  });

  describe("cross-agency reads", () => {
    let transactionId: string;
    let other: { lea: string; sib: string };

    beforeEach(async () => {
      const storage = createHubStorage(handle.db);
      other = {
        lea: (await storage.apiKeys.issue(OTHER_LEA_ORI, "LEA")).apiKey,
        sib: (await storage.apiKeys.issue(OTHER_SIB_ORI, "SIB")).apiKey,
      };
      const submitted = await app.inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { ...bearer(keys.SIB), "content-type": "application/octet-stream" },
        payload: Buffer.from(bookingFile("sketch")),
      });
      expect(submitted.statusCode).toBe(202);
      transactionId = submitted.json().id;
    }, 120_000);

    it("lets the submitting SIB and the booking LEA read the booking, and nobody else's LEA or SIB", async () => {
      const read = (apiKey: string, url: string) =>
        app.inject({ url, headers: { ...bearer(apiKey), "x-purpose": "case review" } });
      for (const owner of [keys.SIB, keys.LEA]) {
        expect((await read(owner, `/v1/transactions/${transactionId}`)).statusCode).toBe(200);
        expect((await read(owner, `/v1/transactions/${transactionId}/request`)).statusCode).toBe(200);
        const list = (await read(owner, "/v1/transactions")).json();
        expect(list.items.map((t: { id: string }) => t.id)).toEqual([transactionId]);
      }
      for (const stranger of [other.lea, other.sib]) {
        const single = await read(stranger, `/v1/transactions/${transactionId}`);
        expect(single.statusCode).toBe(404);
        expect(single.json().error).toBe("not_found");
        expect((await read(stranger, `/v1/transactions/${transactionId}/request`)).statusCode).toBe(404);
        expect((await read(stranger, "/v1/transactions")).json().items).toEqual([]);
      }
      for (const oversight of [keys.CJIS, keys.IDENT, keys.AUDITOR])
        expect((await read(oversight, `/v1/transactions/${transactionId}`)).statusCode).toBe(200);
    });

    it("shows an agency only the messages addressed to it", async () => {
      const storage = createHubStorage(handle.db);
      const sre = await storage.outbox.enqueue({
        transactionId,
        type: "SRE",
        recipientOri: SIB_ORI,
        payloadJson: { srf: "N" },
      });
      const iar = await storage.outbox.enqueue({
        transactionId,
        type: "IAR",
        recipientOri: ERO_ORI,
        payloadJson: { status: "LPR" },
      });
      await storage.outbox.markDelivered(sre.message.id);
      await storage.outbox.markDelivered(iar.message.id);
      const view = async (apiKey: string) =>
        (await app.inject({ url: `/v1/transactions/${transactionId}`, headers: bearer(apiKey) })).json();
      expect((await view(keys.SIB)).messages.map((m: { type: string }) => m.type)).toEqual(["SRE"]);
      expect((await view(keys.LEA)).messages).toEqual([]);
      expect((await view(keys.AUDITOR)).messages.map((m: { type: string }) => m.type).sort()).toEqual([
        "IAR",
        "SRE",
      ]);
      for (const [apiKey, status] of [
        [keys.LEA, 404],
        [other.sib, 404],
        [keys.ERO, 200],
        [keys.AUDITOR, 200],
      ] as const) {
        const response = await app.inject({ url: `/v1/messages/${iar.message.id}`, headers: bearer(apiKey) });
        expect(response.statusCode, `${status}`).toBe(status);
      }
      const ack = await app.inject({
        method: "POST",
        url: `/v1/messages/${iar.message.id}/ack`,
        headers: bearer(keys.AUDITOR),
      });
      expect(ack.statusCode).toBe(404);
    });

    it("shows detainers only to the agencies party to them", async () => {
      const storage = createHubStorage(handle.db);
      const id = "5a1c0de0-0000-4000-8000-000000000001";
      await storage.detainers.create({
        id,
        transactionId,
        leaOri: knownBooking().agencyOri,
        eroOri: ERO_ORI,
        status: "ISSUED",
        state: { id, status: "ISSUED" },
        priority: { ruleSet: "PEP_2014" },
      });
      const strangerEro = (await storage.apiKeys.issue("MDICE0000", "ERO")).apiKey;
      for (const [apiKey, status] of [
        [keys.LEA, 200],
        [keys.ERO, 200],
        [keys.PMO, 200],
        [other.lea, 404],
        [strangerEro, 404],
      ] as const) {
        const response = await app.inject({ url: `/v1/detainers/${id}`, headers: bearer(apiKey) });
        expect(response.statusCode).toBe(status);
        const list = await app.inject({ url: "/v1/detainers", headers: bearer(apiKey) });
        expect(list.json().items).toHaveLength(status === 200 ? 1 : 0);
      }
      const action = await app.inject({
        method: "POST",
        url: `/v1/detainers/${id}/actions`,
        headers: bearer(other.lea),
        payload: { type: "ACKNOWLEDGE" },
      });
      expect(action.statusCode).toBe(404);
    });
  });
});
