import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi, HubRuntime } from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys } from "./api-harness.js";
import { enrolArrestee, immigrationRecordOf, manualClock } from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/**
 * `GET /v1/cluster` on an embedded hub: each gallery's size in the hub's own process, as the runtime
 * holds it (the farm's answer is checked with real matchers in farm-scatter-gather.test.ts).
 */
describe("GET /v1/cluster on an embedded hub", () => {
  let hub: HubRuntime;
  let app: FastifyInstance;
  let keys: RoleKeys;
  const clock = manualClock("2026-12-07T07:00:00Z");

  beforeAll(async () => {
    const handle = await BACKENDS[0]!.open();
    await resetTables(handle);
    hub = await HubRuntime.attach(handle, { searchThreads: 0, extractionThreads: 0, clock: clock.now });
    await enrolArrestee(hub, immigrationRecordOf("PENDING_PROCEEDINGS"));
    keys = await issueRoleKeys(handle);
    app = createApi({ db: hub.db, submissions: hub.submissions, cluster: hub }, { rateLimit: false });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await hub?.close();
  });

  it("answers each in-process gallery's size, no stream and no matchers", async () => {
    const response = await app.inject({ url: "/v1/cluster", headers: bearer(keys.CJIS) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      mode: "embedded",
      checkedAt: "2026-12-07T07:00:00.000Z",
      prefix: null,
      repositories: [
        {
          repository: "criminal",
          identities: hub.criminal.size,
          streamSeq: null,
          firstSeq: null,
          shards: 1,
          uncovered: [],
          matchers: [],
        },
        {
          repository: "ident",
          identities: 1,
          streamSeq: null,
          firstSeq: null,
          shards: 1,
          uncovered: [],
          matchers: [],
        },
      ],
      extraction: { connected: 0, extractors: [] },
    });
  });

  it("answers 503 from a hub built without cluster information", async () => {
    const bare = createApi({ db: hub.db, submissions: hub.submissions }, { rateLimit: false });
    try {
      const response = await bare.inject({ url: "/v1/cluster", headers: bearer(keys.PMO) });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ error: "unavailable" });
    } finally {
      await bare.close();
    }
  });
});
