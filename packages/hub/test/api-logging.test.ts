import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApi, type HubDatabaseHandle, hubLogger, LescService } from "../src/index.js";
import {
  bearer,
  issueRoleKeys,
  type RoleKeys,
  roleOris,
  SIB_ORI,
  TEST_WEBHOOK_TARGETS,
} from "./api-harness.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/** Log lines as the hub writes them, parsed. */
class LogLines extends Writable {
  readonly text: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text.push(chunk.toString("utf8"));
    done();
  }
  get entries(): Record<string, unknown>[] {
    return this.text
      .join("")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }
}

const backend = BACKENDS[0] as (typeof BACKENDS)[number];

describe(`the hub's request log on ${backend.name}`, () => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;
  const log = new LogLines();

  beforeAll(async () => {
    handle = await backend.open();
    app = createApi(
      {
        db: handle.db,
        // A submission service that fails the way a bug does: something unexpected, deep inside.
        submissions: {
          submit: async () => {
            throw new TypeError("Cannot read properties of undefined (reading 'records')");
          },
        },
        lesc: new LescService(handle.db),
        webhookTargets: TEST_WEBHOOK_TARGETS,
      },
      { logger: hubLogger({ level: "info", destination: log }) },
    );
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    keys = await issueRoleKeys(handle);
    log.text.length = 0;
  });

  it("logs a 500 with its request id, the caller's ORI and role, and the error's stack", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), "content-type": "application/octet-stream" },
      payload: Buffer.from("1.001:254"),
    });
    expect(response.statusCode).toBe(500);
    const id = response.headers["x-request-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json().message).toBe(
      `the hub could not complete the request; it was logged as request ${id}`,
    );
    const failure = log.entries.find((entry) => entry.msg === "request failed");
    expect(failure).toMatchObject({
      level: 50,
      reqId: id,
      ori: SIB_ORI,
      role: "SIB",
      actor: expect.stringMatching(/^apikey:/),
      err: {
        type: "TypeError",
        message: expect.stringContaining("reading 'records'"),
        stack: expect.any(String),
      },
    });
    const completed = log.entries.find((entry) => entry.msg === "request completed");
    expect(completed).toMatchObject({ reqId: id, ori: SIB_ORI, res: { statusCode: 500 } });
    expect(completed?.req ?? log.entries.find((e) => e.msg === "incoming request")?.req).toMatchObject({
      method: "POST",
      path: "/v1/transactions",
    });
  });

  it("never writes the Authorization header, an API key or a webhook secret", async () => {
    const secret = "whsec-never-in-a-log-0123456789";
    const put = await app.inject({
      method: "PUT",
      url: "/v1/webhook?token=query-token-never-logged",
      headers: bearer(keys.LEA),
      payload: { url: "https://ero.example/hook", secret },
    });
    expect(put.statusCode).toBe(200);
    const ok = await app.inject({
      method: "PUT",
      url: "/v1/webhook",
      headers: bearer(keys.LEA),
      payload: { url: "https://ero.example/hook", secret },
    });
    expect(ok.statusCode).toBe(200);
    await app.inject({ url: "/v1/me", headers: bearer("tp_not-a-real-key-but-still-secret") });
    const text = log.text.join("");
    expect(log.entries.filter((entry) => entry.msg === "request completed")).toHaveLength(3);
    for (const value of [
      ...Object.values(keys),
      secret,
      "Bearer",
      "tp_not-a-real-key",
      "query-token-never-logged",
    ])
      expect(text).not.toContain(value);
    expect(log.entries.some((entry) => entry.ori === roleOris().LEA && entry.role === "LEA")).toBe(true);
  });
});
