import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle, SubmissionWorker } from "../src/index.js";
import { bearer, issueRoleKeys, JURISDICTION, seedPlannedJurisdiction, testApi } from "./api-harness.js";
import {
  bookingFile,
  ERO_ORI,
  HUB_ORI,
  knownBooking,
  SIB_ORI,
  seedDirectory,
  tinyGallery,
} from "./services-fixtures.js";
import { BACKENDS } from "./storage-backends.js";
import {
  hostileString,
  jsonBody,
  type KnownValues,
  type OpenApiOperation,
  operationsOf,
  parameterText,
} from "./support/openapi-requests.js";

/**
 * Route fuzzing from the OpenAPI document (issue 16): requests generated over every route, with every
 * kind of caller, parameters and bodies drawn from the routes' own schemas or hostile, against the real
 * API on the embedded database. No request may get a 5xx or go unanswered, every refusal is the API's
 * JSON error, and memory stays bounded. `TENPRINT_ROUTE_FUZZ_RUNS` sets the number of requests, 10,000 by
 * default (run times and load per run: docs/benchmarks.md, "Route fuzzing from the OpenAPI document").
 */
const RUNS = Number(process.env.TENPRINT_ROUTE_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.TENPRINT_ROUTE_FUZZ_SEED ?? 16);
/** A request still unanswered after this long is a hang. */
const HANG_MS = 20_000;
/** The embedded database's WASM heap grows and never shrinks; past this the process leaks. */
const RSS_GROWTH_LIMIT_MB = 768;
const COORDINATOR_ORI = "DCICER300";

type Caller = "LEA" | "SIB" | "CJIS" | "IDENT" | "LESC" | "ERO" | "PMO" | "AUDITOR" | "COORDINATOR";
const CALLERS: readonly (Caller | "none" | "unknown" | "basic" | "malformed")[] = [
  "LEA",
  "SIB",
  "CJIS",
  "IDENT",
  "LESC",
  "ERO",
  "PMO",
  "AUDITOR",
  "COORDINATOR",
  "none",
  "unknown",
  "basic",
  "malformed",
];

interface FuzzRequest {
  readonly operation: OpenApiOperation;
  readonly caller: (typeof CALLERS)[number];
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string | Buffer;
}

const RAW_SEGMENTS = ["%ZZ", "..", "%00", "%2e%2e", "a%2Fb", "%", "%E0%A4%A"];

function requestArbitrary(operations: readonly OpenApiOperation[], known: KnownValues, car: Buffer) {
  const bodies = {
    octet: fc.oneof(
      { weight: 2, arbitrary: fc.constant(car) },
      { weight: 2, arbitrary: fc.nat({ max: car.length - 1 }).map((n) => car.subarray(0, n)) },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b)) },
      { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    ),
  };
  return fc.constantFrom(...operations).chain((operation) => {
    const pathParameters = operation.parameters.filter((p) => p.in === "path");
    const queryParameters = operation.parameters.filter((p) => p.in === "query");
    const headerParameters = operation.parameters.filter((p) => p.in === "header");
    const segment = (schema: (typeof pathParameters)[number]["schema"]) =>
      fc.oneof(
        {
          weight: 6,
          arbitrary: parameterText(schema, known).map((s) =>
            encodeURIComponent(Buffer.from(s, "utf8").toString("utf8")),
          ),
        },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
      );
    const body =
      operation.body === undefined
        ? fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 8 })
        : operation.body.mediaType === "application/octet-stream"
          ? bodies.octet
          : jsonBody(operation.body.schema, known);
    // Half the callers are admitted to the operation, so that most requests reach its validation and handler.
    const admitted = CALLERS.filter(
      (caller) => operation.roles.includes(caller) || (caller === "COORDINATOR" && operation.regionScoped),
    );
    return fc
      .record({
        caller:
          admitted.length > 0
            ? fc.oneof(fc.constantFrom(...admitted), fc.constantFrom(...CALLERS))
            : fc.constantFrom(...CALLERS),
        path: fc.tuple(...pathParameters.map((p) => segment(p.schema))),
        query: fc.tuple(
          ...queryParameters.map((p) => fc.option(parameterText(p.schema, known), { freq: 2 })),
          fc.option(fc.tuple(hostileString, hostileString), { freq: 5 }),
        ),
        headers: fc.tuple(
          ...headerParameters.map((p) => fc.option(parameterText(p.schema, known), { freq: 4 })),
        ),
        body,
        /** Now and then a body of the wrong media type, or JSON that does not parse. */
        mediaTwist: fc.constantFrom(
          "none",
          "none",
          "none",
          "none",
          "none",
          "none",
          "json-text",
          "plain",
          "broken-json",
        ),
      })
      .map(({ caller, path, query, headers, body, mediaTwist }): FuzzRequest => {
        let index = 0;
        const url = operation.path.replace(/\{[^}]+\}/g, () => path[index++] ?? "x");
        const search = new URLSearchParams();
        queryParameters.forEach((parameter, i) => {
          const value = query[i];
          if (typeof value === "string") search.append(parameter.name, value);
        });
        const extra = query[queryParameters.length];
        if (Array.isArray(extra)) search.append(extra[0], extra[1]);
        const requestHeaders: Record<string, string> = {};
        headerParameters.forEach((parameter, i) => {
          const value = headers[i];
          // Headers cannot carry control characters: the client would refuse them before the hub sees them.
          if (typeof value === "string") requestHeaders[parameter.name] = value.replace(/[^\x20-\x7e]/g, "?");
        });
        let payload: string | Buffer | undefined;
        if (Buffer.isBuffer(body)) {
          payload = body;
          requestHeaders["content-type"] = operation.body?.mediaType ?? "application/octet-stream";
        } else if (body !== null && body !== undefined) {
          payload = JSON.stringify(body);
          requestHeaders["content-type"] = "application/json";
        }
        if (mediaTwist === "plain" && payload !== undefined) requestHeaders["content-type"] = "text/plain";
        if (mediaTwist === "json-text") {
          payload = JSON.stringify(Buffer.isBuffer(body) ? body.toString("latin1") : body);
          requestHeaders["content-type"] = "application/json";
        }
        if (mediaTwist === "broken-json") {
          payload = `{"url": "https://ero.example/hook", "secret": ${"[".repeat(50)}`;
          requestHeaders["content-type"] = "application/json";
        }
        const query_ = search.toString();
        return {
          operation,
          caller,
          url: query_ ? `${url}?${query_}` : url,
          headers: requestHeaders,
          ...(payload === undefined ? {} : { payload }),
        };
      });
  });
}

describe("route fuzzing from the OpenAPI document", () => {
  const backend = BACKENDS.find((b) => b.name === "pglite");
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: Record<Caller, string>;
  let known: KnownValues;
  let car: Buffer;

  beforeAll(async () => {
    if (!backend) throw new Error("no PGlite backend");
    handle = await backend.open();
    app = testApi(handle);
    await app.ready();
    await seedPlannedJurisdiction(handle);
    await seedDirectory(handle);
    const storage = createHubStorage(handle.db);
    await storage.directory.putRegion({
      id: "R3",
      name: "Mid-Atlantic",
      coordinatorOri: COORDINATOR_ORI,
      states: ["VA"],
    });
    keys = {
      ...(await issueRoleKeys(handle)),
      COORDINATOR: (await storage.apiKeys.issue(COORDINATOR_ORI, "PMO")).apiKey,
    };
    car = Buffer.from(bookingFile("sketch"));
    // Rows for the generated ids to reach: a searched booking with its SRE, and a rejected file's ERRT.
    const submitted = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), "content-type": "application/octet-stream" },
      payload: car,
    });
    const rejected = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.LEA), "content-type": "application/octet-stream" },
      payload: car.subarray(0, 2000),
    });
    const gallery = await tinyGallery(2);
    try {
      await new SubmissionWorker(handle.db, {
        hubOri: HUB_ORI,
        criminal: gallery.repository,
        ident: gallery.repository,
      }).processNext("fuzz");
    } finally {
      await gallery.close();
    }
    const messages = await storage.outbox.listForRecipient(SIB_ORI);
    known = {
      uuids: [submitted.json().id, rejected.json().transactionId, ...messages.map((m) => m.id)].filter(
        (id): id is string => typeof id === "string",
      ),
      strings: [
        JURISDICTION,
        "51059",
        "R3",
        "VA",
        SIB_ORI,
        ERO_ORI,
        knownBooking().agencyOri,
        knownBooking().tcn,
      ],
    };
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it("refuses a NUL character in a path, a query or a JSON body with 400 naming the field (was a 500)", async () => {
    const cases = [
      { method: "GET", url: "/v1/jurisdictions/%00", key: keys.CJIS, field: "params.jurisdictionId" },
      { method: "GET", url: "/v1/audit?actor=a%00b", key: keys.AUDITOR, field: "querystring.actor" },
      {
        method: "POST",
        url: `/v1/deployment/sites/${JURISDICTION}/changes`,
        key: keys.PMO,
        payload: { action: "DEFER", reason: "county\u0000asked" },
        field: "body.reason",
      },
    ] as const;
    for (const { method, url, key, field, ...rest } of cases) {
      const response = await app.inject({
        method,
        url,
        headers: bearer(key),
        ...("payload" in rest ? { payload: rest.payload } : {}),
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ error: "invalid_request", field });
    }
  });

  it("answers the other requests the fuzzer first found failing with 4xx (each was a 500)", async () => {
    const taken = await app.inject({
      method: "PUT",
      url: "/v1/regions/R9",
      headers: bearer(keys.PMO),
      payload: { name: "Other", states: ["TX"], coordinatorOri: COORDINATOR_ORI },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().message).toContain(`${COORDINATOR_ORI} already coordinates region R3`);
    for (const month of ["0141-05", "0001-01"]) {
      const early = await app.inject({
        url: `/v1/reports/monthly?month=${month}`,
        headers: bearer(keys.PMO),
      });
      expect(early.statusCode, month).toBe(200);
    }
    const last = await app.inject({ url: "/v1/reports/monthly?month=9999-12", headers: bearer(keys.PMO) });
    expect(last.statusCode).toBe(400);
    expect(last.json().field).toBe("querystring.month");
  });

  it(`answers ${RUNS} generated requests over every route without a 5xx or a hang, memory bounded`, async () => {
    const document = (await app.inject({ url: "/docs/json" })).json();
    // The demo's sign-in list exists only when the demo passes one; everything else is fuzzed.
    const operations = operationsOf(document).filter((op) => op.path !== "/demo/credentials");
    expect(operations.length).toBeGreaterThan(40);
    const requests = fc.sample(requestArbitrary(operations, known, car), { numRuns: RUNS, seed: SEED });
    const failures: string[] = [];
    const perOperation = new Map<string, { sent: number; reached: number; ok: number }>();
    const statuses = new Map<number, number>();
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    for (const request of requests) {
      const { operation, caller } = request;
      const name = `${operation.method} ${operation.path}`;
      const apiKey =
        caller === "none"
          ? undefined
          : caller === "unknown"
            ? "tp_0000000000000000000000000000"
            : caller === "basic" || caller === "malformed"
              ? undefined
              : keys[caller];
      const headers = {
        ...request.headers,
        ...(apiKey ? bearer(apiKey) : {}),
        ...(caller === "basic" ? { authorization: "Basic dXNlcjpwYXNz" } : {}),
        ...(caller === "malformed" ? { authorization: "Bearer" } : {}),
      };
      let timer: NodeJS.Timeout | undefined;
      const answered = app.inject({
        method: operation.method as "GET",
        url: request.url,
        headers,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const response = await Promise.race([
        answered,
        new Promise<"hang">((resolve) => {
          timer = setTimeout(() => resolve("hang"), HANG_MS);
        }),
      ]);
      clearTimeout(timer);
      const tally = perOperation.get(name) ?? { sent: 0, reached: 0, ok: 0 };
      perOperation.set(name, tally);
      tally.sent++;
      if (response === "hang") {
        failures.push(`hang: ${caller} ${operation.method} ${request.url}`);
        continue;
      }
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (![401, 403].includes(response.statusCode)) tally.reached++;
      if (response.statusCode < 300) tally.ok++;
      if (response.statusCode >= 500)
        failures.push(
          `${response.statusCode}: ${caller} ${operation.method} ${request.url} ${String(request.payload ?? "").slice(0, 200)} → ${response.body.slice(0, 300)}`,
        );
      else if (response.statusCode >= 400 && request.url.startsWith("/v1/")) {
        const body = safeJson(response.body);
        if (typeof body?.error !== "string")
          failures.push(
            `not the API's error shape: ${response.statusCode} ${operation.method} ${request.url} → ${response.body.slice(0, 200)}`,
          );
      }
      // A rotated key replaces the caller's: later requests use the new one.
      if (operation.path === "/v1/api-keys/rotate" && response.statusCode === 200 && caller in keys)
        keys[caller as Caller] = response.json().apiKey;
    }
    const seconds = (performance.now() - started) / 1000;
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    console.log(
      `route fuzzing: ${RUNS} requests over ${operations.length} operations in ${seconds.toFixed(0)} s; ` +
        `RSS ${mb(rssBefore)} → ${mb(rssAfter)} MB; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    for (const operation of operations) {
      const tally = perOperation.get(`${operation.method} ${operation.path}`);
      // Every route was tried, and past authentication and authorisation.
      expect(tally?.sent, `${operation.method} ${operation.path}`).toBeGreaterThan(
        RUNS / operations.length / 3,
      );
      expect(tally?.reached, `${operation.method} ${operation.path}`).toBeGreaterThan(0);
    }
    const succeeded = [...perOperation.values()].filter((t) => t.ok > 0).length;
    expect(succeeded).toBeGreaterThan(operations.length / 2);
    expect(mb(rssAfter - rssBefore)).toBeLessThan(RSS_GROWTH_LIMIT_MB);
  }, 3_600_000);
});

function safeJson(text: string): { error?: unknown } | undefined {
  try {
    return JSON.parse(text) as { error?: unknown };
  } catch {
    return undefined;
  }
}
