import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HubDatabaseHandle } from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys, testApi } from "./api-harness.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const backend = BACKENDS[0] as (typeof BACKENDS)[number];
const QUOTA = { max: 5, timeWindowMs: 60_000 };

describe(`the per-key request quota on ${backend.name}`, () => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;

  beforeAll(async () => {
    handle = await backend.open();
    app = testApi(handle, { rateLimit: QUOTA });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    keys = await issueRoleKeys(handle);
  });

  it("answers 429 with Retry-After once a key has used its quota, and only for that key", async () => {
    const me = (apiKey: string) => app.inject({ url: "/v1/me", headers: bearer(apiKey) });
    for (let i = 0; i < QUOTA.max; i++) expect((await me(keys.LEA)).statusCode).toBe(200);
    const refused = await me(keys.LEA);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(refused.json()).toMatchObject({
      error: "rate_limited",
      message: expect.stringContaining("5 requests in 60 s"),
    });
    // Another agency's key has its own quota; the public health check has none.
    expect((await me(keys.SIB)).statusCode).toBe(200);
    for (let i = 0; i < QUOTA.max + 2; i++)
      expect((await app.inject({ url: "/health" })).statusCode).toBe(200);
  });

  it("counts guessed keys too, so a key cannot be brute-forced at full speed", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < QUOTA.max + 1; i++)
      statuses.push((await app.inject({ url: "/v1/me", headers: bearer("tp_guess") })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
