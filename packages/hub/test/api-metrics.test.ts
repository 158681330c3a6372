import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle, SubmissionWorker } from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys, testApi } from "./api-harness.js";
import { bookingFile, HUB_ORI, seedDirectory, tinyGallery } from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const backend = BACKENDS[0] as (typeof BACKENDS)[number];

describe(`Prometheus metrics on ${backend.name}`, () => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;

  beforeAll(async () => {
    handle = await backend.open();
    await resetTables(handle);
    keys = await issueRoleKeys(handle);
    app = testApi(handle);
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it("gives the operator request rates by route, the queue and the outbox; other roles get 403", async () => {
    const storage = createHubStorage(handle.db);
    await storage.queue.enqueue({ kind: "search", maxAttempts: 3 });
    const { message } = await storage.outbox.enqueue({
      transactionId: null,
      type: "SRE",
      recipientOri: "VA0000001",
      payloadJson: {},
    });
    await storage.outbox.claimDue({ limit: 10, leaseMs: 60_000 });
    await storage.outbox.markFailed(message.id, "HTTP 500", { maxAttempts: 1, baseMs: 1, maxMs: 1 });
    for (let i = 0; i < 3; i++) await app.inject({ url: "/v1/me", headers: bearer(keys.LEA) });
    expect((await app.inject({ url: "/v1/metrics", headers: bearer(keys.LEA) })).statusCode).toBe(403);
    const scrape = await app.inject({ url: "/v1/metrics", headers: bearer(keys.PMO) });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers["content-type"]).toMatch(/^text\/plain/);
    const text = scrape.body;
    expect(text).toMatch(
      /tenprint_http_request_duration_seconds_count\{method="GET",route="\/v1\/me",status="200"\} 3/,
    );
    expect(text).toMatch(
      /tenprint_http_request_duration_seconds_count\{method="GET",route="\/v1\/metrics",status="403"\} 1/,
    );
    expect(text).toMatch(/tenprint_queue_jobs\{kind="search",status="pending"\} 1/);
    expect(text).toMatch(/tenprint_queue_oldest_age_seconds\{kind="search"\} \d/);
    expect(text).toMatch(/tenprint_messages\{type="SRE",status="failed"\} 1/);
    expect(text).not.toContain(keys.PMO);
  });

  it("times searches by repository and extractions, from the worker that ran them", async () => {
    await seedDirectory(handle);
    const submitted = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), "content-type": "application/octet-stream" },
      payload: Buffer.from(bookingFile("sketch")),
    });
    expect(submitted.statusCode).toBe(202);
    const gallery = await tinyGallery(2);
    try {
      const worker = new SubmissionWorker(handle.db, {
        hubOri: HUB_ORI,
        criminal: gallery.repository,
        ident: gallery.repository,
      });
      expect(await worker.processNext("metrics")).toMatchObject({ kind: "done" });
    } finally {
      await gallery.close();
    }
    const text = (await app.inject({ url: "/v1/metrics", headers: bearer(keys.CJIS) })).body;
    expect(text).toMatch(/tenprint_search_duration_seconds_count\{repository="criminal"\} 1/);
    expect(text).toMatch(/tenprint_extraction_duration_seconds_count 1/);
    expect(text).toMatch(/tenprint_extraction_duration_seconds_bucket\{le="60"\} 1/);
  });
});
