import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeImage } from "@tenprint/nist/image";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi, createHubStorage, type HubDatabaseHandle, HubRuntime } from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys } from "./api-harness.js";
import {
  bookingFile,
  enrolArrestee,
  immigrationRecordOf,
  knownBooking,
  manualClock,
  personOf,
  runUntilIdle,
  seedDirectory,
} from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/**
 * What the web console needs from the hub: who a key is, the demo's sign-in list (demo only), the
 * console's files without shadowing the API, booking filters, queue paging, and an LESC case with its
 * prints and paired minutiae.
 */
describe("the console's static files", () => {
  let root: string;
  let app: FastifyInstance;
  let handle: HubDatabaseHandle;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "tenprint-console-build-"));
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "index.html"), "<!doctype html><title>console</title>");
    writeFileSync(join(root, "assets", "app-abc123.js"), "console.log('app')");
    // What the console's build writes beside each text file; distinct bytes show which one was sent.
    writeFileSync(join(root, "index.html.br"), "brotli index");
    writeFileSync(join(root, "assets", "app-abc123.js.br"), "brotli app");
    writeFileSync(join(root, "assets", "app-abc123.js.gz"), "gzip app");
    handle = await BACKENDS[0]!.open();
    app = createApi(
      { db: handle.db, submissions: { submit: () => Promise.reject(new Error("unused")) } },
      {
        console: root,
      },
    );
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const html = { accept: "text/html,application/xhtml+xml" };

  it("serves index.html at / and for client routes, with a content security policy", async () => {
    for (const url of ["/", "/lesc/queue", "/bookings/5a1c0de0-0000-4000-8000-000000000001?state=CLOSED"]) {
      const response = await app.inject({ url, headers: html });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain("<title>console</title>");
      expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    }
    const asset = await app.inject({ url: "/assets/app-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
  });

  it("sends the build's pre-compressed files to a browser that accepts them, with the same headers", async () => {
    const br = await app.inject({ url: "/assets/app-abc123.js", headers: { "accept-encoding": "br, gzip" } });
    expect(br.body).toBe("brotli app");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toContain("javascript");
    expect(br.headers["cache-control"]).toContain("immutable");
    expect(br.headers.vary).toContain("accept-encoding");
    const gzip = await app.inject({ url: "/assets/app-abc123.js", headers: { "accept-encoding": "gzip" } });
    expect(gzip.body).toBe("gzip app");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    const plain = await app.inject({
      url: "/assets/app-abc123.js",
      headers: { "accept-encoding": "identity" },
    });
    expect(plain.body).toBe("console.log('app')");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    // index.html keeps its policy and its revalidation when sent compressed, at / and for a client route.
    for (const url of ["/", "/pmo/map"]) {
      const index = await app.inject({ url, headers: { ...html, "accept-encoding": "br" } });
      expect(index.statusCode, url).toBe(200);
      expect(index.headers["content-security-policy"], url).toContain("default-src 'self'");
      expect(index.headers["cache-control"], url).toBe("no-cache");
    }
  });

  it("never answers an API path with the console", async () => {
    for (const url of ["/v1/nothing-here", "/v1", "/docs/nothing", "/demo/credentials", "/health/x"]) {
      const response = await app.inject({ url, headers: html });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error, url).toBe("not_found");
    }
    expect((await app.inject({ url: "/health", headers: html })).json()).toEqual({ status: "ok" });
    expect((await app.inject({ url: "/docs/json", headers: html })).json()).toHaveProperty("openapi");
    // A JSON client asking for a missing path gets the API's 404, not a page.
    const json = await app.inject({ url: "/not-a-route", headers: { accept: "application/json" } });
    expect(json.statusCode).toBe(404);
    expect(json.json().error).toBe("not_found");
  });

  it("refuses to start on a folder without a build", () => {
    const empty = mkdtempSync(join(tmpdir(), "tenprint-console-empty-"));
    try {
      expect(() =>
        createApi(
          { db: handle.db, submissions: { submit: () => Promise.reject(new Error()) } },
          { console: empty },
        ),
      ).toThrow(/npm run build -w @tenprint\/console/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe.each(BACKENDS)("console endpoints on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let hub: HubRuntime;
  let app: FastifyInstance;
  let keys: RoleKeys;
  let id: string;
  const clock = manualClock("2026-03-06T15:00:00Z");
  const purpose = { "x-purpose": "LESC status determination" };

  beforeAll(async () => {
    handle = await backend.open();
    await resetTables(handle);
    hub = await HubRuntime.attach(handle, { searchThreads: 0, extractionThreads: 0, clock: clock.now });
    app = createApi({
      db: hub.db,
      submissions: hub.submissions,
      lesc: hub.lesc,
      detainers: hub.detainers,
      comparisons: hub.comparisons,
      clock: clock.now,
    });
    await seedDirectory(hub);
    await enrolArrestee(hub, immigrationRecordOf("PENDING_PROCEEDINGS"));
    keys = await issueRoleKeys(handle);
    const submitted = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), "content-type": "application/octet-stream" },
      payload: Buffer.from(bookingFile("sketch")),
    });
    expect(submitted.statusCode).toBe(202);
    id = submitted.json().id;
    await runUntilIdle(hub, "console-test-worker");
    clock.advance(9 * 60 * 60_000);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await hub?.close();
  });

  const get = (apiKey: string, url: string, headers: Record<string, string> = {}) =>
    app.inject({ url, headers: { ...bearer(apiKey), ...headers } });

  it("tells a key its agency, role and exactly the operations its role may call", async () => {
    const lea = (await get(keys.LEA, "/v1/me")).json();
    expect(lea).toMatchObject({ ori: knownBooking().agencyOri, role: "LEA" });
    expect(lea.agency).toEqual({ name: "Synthetic County Sheriff", kind: "LEA" });
    const leaOps = lea.operations.map((o: { method: string; path: string }) => `${o.method} ${o.path}`);
    expect(leaOps).toContain("POST /v1/transactions");
    expect(leaOps).toContain("GET /v1/transactions/{id}/prints/{position}");
    expect(leaOps).not.toContain("GET /v1/lesc/queue");
    const lesc = (await get(keys.LESC, "/v1/me")).json();
    const lescOps = lesc.operations.map((o: { method: string; path: string }) => `${o.method} ${o.path}`);
    expect(lescOps).toContain("GET /v1/lesc/cases/{transactionId}/comparison");
    expect(lescOps).not.toContain("POST /v1/transactions");
    // Every operation /v1/me names is one the OpenAPI document names with that role.
    const document = (await app.inject({ url: "/docs/json" })).json();
    for (const operation of lesc.operations as { method: string; path: string }[]) {
      const documented = document.paths[operation.path]?.[operation.method.toLowerCase()];
      expect(documented?.["x-roles"], `${operation.method} ${operation.path}`).toContain("LESC");
    }
  });

  it("serves the demo's sign-in list only when given it", async () => {
    expect((await app.inject({ url: "/demo/credentials" })).statusCode).toBe(404);
    const demo = createApi(
      { db: hub.db, submissions: hub.submissions },
      { signInAs: [{ role: "LESC", ori: "VTICE0900", apiKey: keys.LESC, agency: "LESC" }] },
    );
    try {
      const response = await demo.inject({ url: "/demo/credentials" });
      expect(response.statusCode).toBe(200);
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.json()).toEqual({
        synthetic: true,
        credentials: [{ role: "LESC", ori: "VTICE0900", apiKey: keys.LESC, agency: "LESC" }],
      });
    } finally {
      await demo.close();
    }
    // While the demo seeds on its first start the port is bound but the keys do not exist yet.
    let ready: { role: "LESC"; ori: string; apiKey: string }[] | undefined;
    const seeding = createApi({ db: hub.db, submissions: hub.submissions }, { signInAs: () => ready });
    try {
      const early = await seeding.inject({ url: "/demo/credentials" });
      expect(early.statusCode).toBe(503);
      expect(early.headers["retry-after"]).toBe("3");
      expect(early.json()).toMatchObject({
        error: "unavailable",
        message: expect.stringContaining("seeding"),
      });
      ready = [{ role: "LESC", ori: "VTICE0900", apiKey: keys.LESC }];
      expect((await seeding.inject({ url: "/demo/credentials" })).json().credentials).toEqual(ready);
    } finally {
      await seeding.close();
    }
  });

  it("filters bookings by state and receipt time and counts them", async () => {
    const list = (query: string) => get(keys.LEA, `/v1/transactions?${query}`).then((r) => r.json());
    expect(await list("")).toMatchObject({ total: 1, items: [{ id }] });
    expect(await list("state=IAQ_SENT")).toMatchObject({ total: 1 });
    expect(await list("state=CLOSED")).toEqual({ total: 0, items: [] });
    expect(await list("from=2026-03-06T00:00:00Z&to=2026-03-07T00:00:00Z")).toMatchObject({ total: 1 });
    expect(await list("from=2026-03-07T00:00:00Z")).toEqual({ total: 0, items: [] });
    const bad = await get(keys.LEA, "/v1/transactions?from=yesterday");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("querystring.from");
  });

  it("locates each problem of a rejected file by byte offset", async () => {
    const text = new TextDecoder("latin1").decode(bookingFile("sketch"));
    // A wrong sex code (2.024), and the TCN's last character changed so that the file is not the known
    // booking; every length stays the same, so the file still parses.
    const damaged = text
      .replace(/2\.024:[A-Z]/, "2.024:Q")
      .replace(/1\.009:\w+/, (field) => `${field.slice(0, -1)}${field.endsWith("Z") ? "Y" : "Z"}`);
    const bytes = Uint8Array.from(damaged, (c) => c.charCodeAt(0));
    const response = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), "content-type": "application/octet-stream" },
      payload: Buffer.from(bytes),
    });
    expect(response.statusCode).toBe(422);
    const problem = response.json().errors.find((e: { tag: string }) => e.tag === "2.024");
    expect(problem).toMatchObject({ recordIndex: 1, mnemonic: "SEX" });
    expect(damaged.slice(problem.offset, problem.offset + 7)).toBe("2.024:Q");
  });

  it("gives a booking's prints as PNG with a stated purpose, and audits the read", async () => {
    const missing = await get(keys.LEA, `/v1/transactions/${id}/prints/1`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe("headers.x-purpose");
    const print = await get(keys.LEA, `/v1/transactions/${id}/prints/2`, { "x-purpose": "booking review" });
    expect(print.statusCode).toBe(200);
    expect(print.headers["content-type"]).toBe("image/png");
    const image = decodeImage(new Uint8Array(print.rawPayload));
    expect(image.width).toBeGreaterThan(200);
    const [event] = await createHubStorage(hub.db).audit.query({ action: "BIOMETRIC_READ" });
    expect(event).toMatchObject({ purpose: "booking review", details: { print: 2 } });
    expect((await get(keys.LESC, `/v1/transactions/${id}/prints/2`, purpose)).statusCode).toBe(403);
  });

  it("pages the LESC queue and counts overdue cases over the whole queue", async () => {
    const first = (await get(keys.LESC, "/v1/lesc/queue?limit=1")).json();
    expect(first).toMatchObject({ count: 1, overdue: 1, offset: 0, targetMs: 8 * 60 * 60_000 });
    expect(first.items).toEqual([expect.objectContaining({ transactionId: id, ageMs: 9 * 60 * 60_000 })]);
    expect(first.items[0].proposal).toEqual({
      status: "REM",
      rule: "PENDING_PROCEEDINGS",
      discrepancy: null,
      detainerBasis: "PENDING_PROCEEDINGS",
    });
    const second = (await get(keys.LESC, "/v1/lesc/queue?limit=1&offset=1")).json();
    expect(second).toMatchObject({ count: 1, overdue: 1, offset: 1, items: [] });
    expect(second.oldestAgeMs).toBe(9 * 60 * 60_000);
  });

  it("shows the case: the booking beside the IDENT record, the review and the match", async () => {
    const response = await get(keys.LESC, `/v1/lesc/cases/${id}`, purpose);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const person = personOf(knownBooking());
    expect(body.review).toMatchObject({ status: "pending", fin: "SYNFIN000000042", determination: null });
    expect(body.booking.name.surname).toBe(knownBooking().subject.name.surname.toUpperCase());
    expect(body.booking.positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(body.record).toMatchObject({
      identity: "SYNFIN000000042",
      aNumber: "912345678",
      recordedStatus: "PENDING_PROCEEDINGS",
      printPositions: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      synthetic: true,
    });
    expect(body.record.name.surname.toUpperCase()).toBe(person.name.surname.toUpperCase());
    expect(body.match.gallerySize).toBe(1);
    const [read] = await createHubStorage(hub.db).audit.query({ action: "LESC_CASE_READ" });
    expect(read).toMatchObject({ purpose: "LESC status determination", object: `transaction:${id}` });
    expect((await get(keys.LEA, `/v1/lesc/cases/${id}`)).statusCode).toBe(403);
  });

  it("explains the match finger by finger with the matcher's pairs and the search's rates", async () => {
    const response = await get(keys.LESC, `/v1/lesc/cases/${id}/comparison`, purpose);
    expect(response.statusCode).toBe(200);
    const comparison = response.json();
    expect(comparison.fingers.map((f: { position: number }) => f.position)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(comparison.fused.fingersCompared).toBe(10);
    // Sketch-rendered prints pair on most fingers, not necessarily on all.
    const paired = comparison.fingers.filter((finger: { pairs: unknown[] }) => finger.pairs.length > 0);
    expect(paired.length).toBeGreaterThanOrEqual(5);
    for (const finger of comparison.fingers) {
      for (const pair of finger.pairs) {
        expect(finger.booking.minutiae[pair.booking]).toBeDefined();
        expect(finger.candidate.minutiae[pair.candidate]).toBeDefined();
      }
    }
    // The recomputed evidence is the search's: same templates, matcher and calibration. The gallery
    // compares its packed copy of the candidate's templates, so scores differ in the last digits.
    const relative = (a: number, b: number) => Math.abs(a - b) / b;
    expect(relative(comparison.fused.fmr, comparison.search.fmr)).toBeLessThan(0.05);
    expect(relative(comparison.fused.fpir, comparison.search.fpir)).toBeLessThan(0.05);
    expect(comparison.gallerySize).toBe(comparison.search.gallerySize);
    const noPurpose = await get(keys.LESC, `/v1/lesc/cases/${id}/comparison`);
    expect(noPurpose.json().field).toBe("headers.x-purpose");
  });

  it("gives both sides' prints to the LESC, and 404 for a case that does not exist", async () => {
    for (const side of ["booking", "candidate"]) {
      const print = await get(keys.LESC, `/v1/lesc/cases/${id}/prints/${side}/3`, purpose);
      expect(print.statusCode, side).toBe(200);
      expect(decodeImage(new Uint8Array(print.rawPayload)).height).toBeGreaterThan(200);
    }
    const reads = await createHubStorage(hub.db).audit.query({ action: "BIOMETRIC_READ", ori: "VTICE0900" });
    expect(reads.map((event) => event.details.print).filter(Boolean)).toEqual(
      expect.arrayContaining(["booking:3", "candidate:3"]),
    );
    const missing = "5a1c0de0-0000-4000-8000-000000000009";
    expect((await get(keys.LESC, `/v1/lesc/cases/${missing}`)).statusCode).toBe(404);
    expect((await get(keys.LESC, `/v1/lesc/cases/${missing}/prints/candidate/1`, purpose)).statusCode).toBe(
      404,
    );
  });

  it("describes the determination it answers with", async () => {
    const response = await app.inject({
      method: "POST",
      url: `/v1/lesc/reviews/${id}/determination`,
      headers: bearer(keys.LESC),
      payload: { analyst: "analyst-3", status: "LPR", note: "green card seen in USCIS records" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().determination).toMatchObject({
      status: "LPR",
      changed: true,
      note: "green card seen in USCIS records",
      proposal: { status: "REM" },
      redressReferral: false,
    });
    const view = (await get(keys.LESC, `/v1/lesc/cases/${id}`)).json();
    expect(view.review).toMatchObject({ status: "determined", determination: { status: "LPR" } });
  });
});
