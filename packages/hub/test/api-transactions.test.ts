import { getTextByMnemonic, parseTransaction } from "@tenprint/nist";
import type { FastifyInstance } from "fastify";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApi, createHubStorage, type HubDatabase, type HubDatabaseHandle } from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys, roleOris, SIB_ORI, testApi } from "./api-harness.js";
import { bookingFile, ERO_ORI, HUB_ORI, knownBooking, seedDirectory } from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const EBTS = { "content-type": "application/octet-stream" };
const SMALL_LIMIT = 64 * 1024;

async function count(handle: HubDatabaseHandle, table: "transactions" | "messages"): Promise<number> {
  const row = await handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(BACKENDS)("API transactions, messages and webhooks on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let small: FastifyInstance;
  let keys: RoleKeys;
  let car: Buffer;

  const submit = (apiKey: string, payload: Buffer, target = app) =>
    target.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(apiKey), ...EBTS },
      payload,
    });

  beforeAll(async () => {
    handle = await backend.open();
    car = Buffer.from(bookingFile("sketch"));
    app = testApi(handle);
    small = testApi(handle, { bodyLimit: SMALL_LIMIT });
    await Promise.all([app.ready(), small.ready()]);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await small?.close();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    keys = await issueRoleKeys(handle);
    await seedDirectory(handle);
  });

  it("accepts a booking with 202 and answers the same TCN again with 200 and the same transaction", async () => {
    const first = await submit(keys.SIB, car);
    expect(first.statusCode).toBe(202);
    const body = first.json();
    expect(body).toMatchObject({ tcn: knownBooking().tcn, state: "VALIDATED", created: true });
    const again = await submit(keys.SIB, car);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...body, created: false });
    expect(await count(handle, "transactions")).toBe(1);
  });

  it("rejects a malformed file with 422 and the ERRT, storing no transaction", async () => {
    const broken = Buffer.from(car);
    broken.write("9", broken.indexOf(":") + 1, "latin1");
    for (const file of [Buffer.from("1.001:garbage"), broken, Buffer.alloc(0)]) {
      const response = await submit(keys.LEA, file);
      expect(response.statusCode).toBe(422);
      const body = response.json();
      expect(body.error).toBe("invalid_ebts");
      expect(body.errors.length).toBeGreaterThan(0);
      expect(body.errors[0]).toHaveProperty("tag");
      expect(body.message).toContain(body.errors[0].tag);
      const errt = parseTransaction(Buffer.from(body.errt, "base64"));
      expect(getTextByMnemonic(errt, "TOT", 1)).toBe("ERRT");
      const stored = await createHubStorage(handle.db).outbox.get(body.errtMessageId);
      expect(stored).toMatchObject({ type: "ERRT", recipientOri: roleOris().LEA, transactionId: null });
    }
    expect(await count(handle, "transactions")).toBe(0);
    expect(await count(handle, "messages")).toBe(3);
  });

  it("refuses an oversized body with 413 before reading it, and stores nothing", async () => {
    const oversized = Buffer.alloc(SMALL_LIMIT + 1, 0x41);
    const response = await submit(keys.SIB, oversized, small);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: "payload_too_large", field: "body" });
    expect(response.json().message).toContain(String(SMALL_LIMIT));
    // A body without Content-Length is cut off at the limit while streaming.
    const chunked = await small.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), ...EBTS, "transfer-encoding": "chunked" },
      payload: oversized,
    });
    expect(chunked.statusCode).toBe(413);
    expect(chunked.json().message).toContain(String(SMALL_LIMIT));
    expect(await count(handle, "transactions")).toBe(0);
    expect(await count(handle, "messages")).toBe(0);
    // JSON bodies have their own, small limit.
    const json = await app.inject({
      method: "PUT",
      url: "/v1/webhook",
      headers: bearer(keys.SIB),
      payload: { url: "https://x.example/", secret: "s".repeat(2 * 1024 * 1024) },
    });
    expect(json.statusCode).toBe(413);
  });

  it("refuses a booking sent as anything but application/octet-stream (415)", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), "content-type": "application/json" },
      payload: { file: "x" },
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: "unsupported_media_type", field: "headers.content-type" });
  });

  it("shows a booking's state and its messages, and audits the read with actor, ORI and purpose", async () => {
    const { id } = (await submit(keys.SIB, car)).json();
    const storage = createHubStorage(handle.db);
    const sre = await storage.outbox.enqueue({
      transactionId: id,
      type: "SRE",
      recipientOri: SIB_ORI,
      payload: new Uint8Array([1, 2, 3]),
      payloadJson: { srf: "N" },
    });
    await storage.outbox.markDelivered(sre.message.id);
    await storage.outbox.enqueue({
      transactionId: id,
      type: "IAR",
      recipientOri: roleOris().LEA,
      suppressed: true,
      payloadJson: { status: "LPR" },
    });
    const response = await app.inject({
      url: `/v1/transactions/${id}`,
      headers: { ...bearer(keys.SIB), "x-purpose": "booking follow-up" },
    });
    expect(response.statusCode).toBe(200);
    const view = response.json();
    expect(view).toMatchObject({
      id,
      tcn: knownBooking().tcn,
      tot: "CAR",
      state: "VALIDATED",
      submitterOri: SIB_ORI,
      leaOri: roleOris().LEA,
      jurisdictionId: "VA-TEST",
      outcome: null,
    });
    expect(view.messages).toEqual([
      expect.objectContaining({
        id: sre.message.id,
        type: "SRE",
        recipientOri: SIB_ORI,
        status: "delivered",
        delivered: true,
        suppressed: false,
        hasEbts: true,
        content: { srf: "N" },
      }),
    ]);
    // The LEA opted out of the IAR: it learns one was withheld, not what it said.
    const lea = (await app.inject({ url: `/v1/transactions/${id}`, headers: bearer(keys.LEA) })).json();
    expect(lea.messages).toEqual([
      expect.objectContaining({
        type: "IAR",
        suppressed: true,
        delivered: false,
        content: null,
        hasEbts: false,
      }),
    ]);
    const [event] = await storage.audit.query({ action: "TRANSACTION_READ", object: `transaction:${id}` });
    expect(event).toMatchObject({
      ori: SIB_ORI,
      purpose: "booking follow-up",
      details: { role: "SIB", messages: [sre.message.id] },
    });
    expect(event?.actor).toMatch(/^apikey:/);
  });

  it("shows a message's content through the booking exactly when GET /v1/messages/{id} does, for every role", async () => {
    const { id } = (await submit(keys.SIB, car)).json();
    const storage = createHubStorage(handle.db);
    const oris = roleOris();
    await storage.outbox.enqueue({
      transactionId: id,
      type: "IAR",
      recipientOri: oris.LEA,
      suppressed: true,
      payloadJson: { status: "LPR" },
    });
    const toSib = await storage.outbox.enqueue({
      transactionId: id,
      type: "SRE",
      recipientOri: SIB_ORI,
      payloadJson: { srf: "N" },
    });
    await storage.outbox.markDelivered(toSib.message.id);
    const toIdent = await storage.outbox.enqueue({
      transactionId: id,
      type: "IDR",
      recipientOri: oris.IDENT,
      payloadJson: { match: true },
    });
    await storage.outbox.markDelivered(toIdent.message.id);
    const contentSeen: Record<string, string[]> = {};
    for (const role of ["LEA", "SIB", "CJIS", "IDENT", "AUDITOR"] as const) {
      const view = (await app.inject({ url: `/v1/transactions/${id}`, headers: bearer(keys[role]) })).json();
      contentSeen[role] = [];
      for (const message of view.messages as { id: string; type: string; content: unknown }[]) {
        const direct = await app.inject({ url: `/v1/messages/${message.id}`, headers: bearer(keys[role]) });
        expect(direct.statusCode === 200, `${role} ${message.type}`).toBe(message.content !== null);
        if (message.content !== null) contentSeen[role]?.push(message.type);
      }
    }
    // The withheld IAR's content is for auditors only; oversight roles see that it exists.
    expect(contentSeen).toEqual({
      LEA: [],
      SIB: ["SRE"],
      CJIS: [],
      IDENT: ["IDR"],
      AUDITOR: ["IAR", "SRE", "IDR"],
    });
    const cjis = (await app.inject({ url: `/v1/transactions/${id}`, headers: bearer(keys.CJIS) })).json();
    expect(cjis.messages.map((m: { type: string }) => m.type)).toEqual(["IAR", "SRE", "IDR"]);
  });

  it("discloses the submitted images only with a stated purpose, and audits it", async () => {
    const { id } = (await submit(keys.SIB, car)).json();
    for (const headers of [{}, { "x-purpose": "   " }]) {
      const refused = await app.inject({
        url: `/v1/transactions/${id}/request`,
        headers: { ...bearer(keys.CJIS), ...headers },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().field).toBe("headers.x-purpose");
    }
    const storage = createHubStorage(handle.db);
    expect(await storage.audit.query({ action: "BIOMETRIC_READ" })).toEqual([]);
    const response = await app.inject({
      url: `/v1/transactions/${id}/request`,
      headers: { ...bearer(keys.CJIS), "x-purpose": "latent comparison, case 26-114" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/octet-stream");
    expect(response.rawPayload.equals(car)).toBe(true);
    const events = await storage.audit.query({ action: "BIOMETRIC_READ" });
    expect(events).toEqual([
      expect.objectContaining({
        ori: HUB_ORI,
        purpose: "latent comparison, case 26-114",
        object: `transaction:${id}`,
        details: expect.objectContaining({ bytes: car.length }),
      }),
    ]);
  });

  it("lists bookings newest first with filters, and names the query property at fault", async () => {
    const { id } = (await submit(keys.SIB, car)).json();
    const list = async (query: string, apiKey = keys.AUDITOR) =>
      app.inject({ url: `/v1/transactions${query}`, headers: bearer(apiKey) });
    expect((await list("")).json().items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await list("?state=CLOSED")).json().items).toEqual([]);
    expect((await list(`?tcn=${knownBooking().tcn}`)).json().items).toHaveLength(1);
    for (const [query, field] of [
      ["?limit=0", "querystring.limit"],
      ["?limit=many", "querystring.limit"],
      ["?colour=red", "querystring.colour"],
    ]) {
      const response = await list(query ?? "");
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: "invalid_request", field });
      expect(response.json().message).toContain(field);
    }
    const badId = await app.inject({ url: "/v1/transactions/not-a-uuid", headers: bearer(keys.AUDITOR) });
    expect(badId.json()).toMatchObject({ error: "invalid_request", field: "params.id" });
  });

  it("serves the inbox, a message as JSON and as EBTS, and takes the recipient's acknowledgement", async () => {
    const storage = createHubStorage(handle.db);
    const ero = roleOris().ERO;
    const delivered = await storage.outbox.enqueue({
      transactionId: null,
      type: "IAR",
      recipientOri: ero,
      payload: new Uint8Array([9, 8, 7]),
      payloadJson: { status: "REM" },
    });
    const pending = await storage.outbox.enqueue({ transactionId: null, type: "IAR", recipientOri: ero });
    await storage.outbox.markDelivered(delivered.message.id);
    const inbox = async (query = "") =>
      (await app.inject({ url: `/v1/inbox${query}`, headers: bearer(keys.ERO) })).json().items;
    expect((await inbox()).map((m: { id: string }) => m.id)).toEqual([delivered.message.id]);
    const json = await app.inject({ url: `/v1/messages/${delivered.message.id}`, headers: bearer(keys.ERO) });
    expect(json.json()).toMatchObject({ type: "IAR", content: { status: "REM" }, delivered: true });
    const ebts = await app.inject({
      url: `/v1/messages/${delivered.message.id}/ebts`,
      headers: bearer(keys.ERO),
    });
    expect([...ebts.rawPayload]).toEqual([9, 8, 7]);
    const noEbts = await app.inject({
      url: `/v1/messages/${pending.message.id}/ebts`,
      headers: bearer(keys.ERO),
    });
    expect(noEbts.statusCode).toBe(404);
    const ack = (id: string) =>
      app.inject({ method: "POST", url: `/v1/messages/${id}/ack`, headers: bearer(keys.ERO) });
    const first = await ack(delivered.message.id);
    expect(first.statusCode).toBe(200);
    expect((await ack(delivered.message.id)).json()).toEqual(first.json());
    expect((await ack(pending.message.id)).statusCode).toBe(409);
    expect(await inbox("?unacknowledged=true")).toEqual([]);
    expect(await inbox()).toHaveLength(1);
    const reads = await storage.audit.query({ action: "MESSAGE_READ", ori: ero });
    // The empty unacknowledged view disclosed nothing and is not recorded.
    expect(reads.map((e) => e.object)).toEqual([
      `inbox:${ero}`,
      `message:${delivered.message.id}`,
      `message:${delivered.message.id}`,
      `inbox:${ero}`,
    ]);
    expect(await storage.audit.query({ action: "MESSAGE_ACKNOWLEDGED" })).toHaveLength(1);
  });

  it("registers, shows (without the secret) and removes the agency's webhook", async () => {
    const put = (payload: object) =>
      app.inject({ method: "PUT", url: "/v1/webhook", headers: bearer(keys.ERO), payload });
    const stored = await put({ url: "https://ero.example/tenprint", secret: "a-long-shared-secret" });
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toEqual({
      ori: ERO_ORI,
      url: "https://ero.example/tenprint",
      updatedAt: expect.any(String),
    });
    expect((await createHubStorage(handle.db).webhooks.get(ERO_ORI))?.secret).toBe("a-long-shared-secret");
    const shown = await app.inject({ url: "/v1/webhook", headers: bearer(keys.ERO) });
    expect(shown.json()).not.toHaveProperty("secret");
    for (const [payload, field] of [
      [{ url: "ftp://ero.example/", secret: "a-long-shared-secret" }, "body.url"],
      [{ url: "not a url", secret: "a-long-shared-secret" }, "body.url"],
      [{ url: "https://ero.example/", secret: "short" }, "body.secret"],
      [{ url: "https://ero.example/" }, "body.secret"],
      [{ url: "https://ero.example/", secret: "a-long-shared-secret", extra: 1 }, "body.extra"],
    ] as const) {
      const response = await put(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().field).toBe(field);
    }
    const removed = await app.inject({ method: "DELETE", url: "/v1/webhook", headers: bearer(keys.ERO) });
    expect(removed.statusCode).toBe(204);
    expect((await app.inject({ url: "/v1/webhook", headers: bearer(keys.ERO) })).statusCode).toBe(404);
  });

  it("answers /health with 200 while the database answers and 503 when it does not", async () => {
    expect((await app.inject({ url: "/health" })).json()).toEqual({ status: "ok" });
    const unreachable = new Kysely<HubDatabase>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({
          connectionString: "postgres://postgres@127.0.0.1:1/none",
          connectionTimeoutMillis: 500,
        }),
      }),
    });
    const down = createApi({
      db: unreachable,
      submissions: { submit: () => Promise.reject(new Error("unused")) },
    });
    try {
      const response = await down.inject({ url: "/health" });
      expect(response.statusCode).toBe(503);
      expect(response.json().status).toBe("unavailable");
    } finally {
      await down.close();
      await unreachable.destroy();
    }
  });

  it("serves the OpenAPI document and its UI at /docs", async () => {
    const document = (await app.inject({ url: "/docs/json" })).json();
    const submitOperation = document.paths["/v1/transactions"].post;
    expect(Object.keys(submitOperation.requestBody.content)).toEqual(["application/octet-stream"]);
    expect(Object.keys(submitOperation.responses).sort()).toEqual(
      ["200", "202", "400", "401", "403", "409", "413", "415", "422"].sort(),
    );
    expect(document.components.securitySchemes.apiKey.scheme).toBe("bearer");
    expect(
      document.paths["/v1/transactions/{id}"].get.responses["200"].content["application/json"].schema.$ref,
    ).toBe("#/components/schemas/Transaction");
    expect((await app.inject({ url: "/docs" })).statusCode).toBe(200);
  });

  it("answers an unknown endpoint with a JSON 404", async () => {
    const response = await app.inject({ url: "/v1/nothing", headers: bearer(keys.AUDITOR) });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe("not_found");
  });
});
