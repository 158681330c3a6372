import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syntheticStateDirectory } from "../../demo/src/index.js";
import { directoryCsv, directoryJson, type HubDatabaseHandle } from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys, testApi } from "./api-harness.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const directory = syntheticStateDirectory("VA");

describe.each(BACKENDS)("the directory through the API on $name", (backend) => {
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
  });

  const post = (payload: string, type: string, query = "") =>
    app.inject({
      method: "POST",
      url: `/v1/directory/import${query}`,
      headers: { ...bearer(keys.PMO), "content-type": type },
      payload,
    });

  it("imports the JSON document, reports a second import as no change, and exports what it holds", async () => {
    const document = directoryJson(directory);
    const dry = await post(document, "application/json", "?dryRun=true");
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, changed: true });
    const first = await post(document, "application/json");
    expect(first.json().counts.agencies.created).toBe(directory.agencies.length);
    const again = await post(document, "application/json");
    expect(again.json()).toMatchObject({ changed: false });
    expect(again.json().counts.jurisdictions.unchanged).toBe(directory.jurisdictions.length);

    const exported = await app.inject({ url: "/v1/directory", headers: bearer(keys.AUDITOR) });
    expect(exported.statusCode).toBe(200);
    expect(exported.json().agencies).toHaveLength(directory.agencies.length);
    const csv = await app.inject({
      url: "/v1/directory?format=csv&table=jurisdictions",
      headers: bearer(keys.PMO),
    });
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = (text: string) => text.trim().split("\n").sort();
    expect(lines(csv.body)).toEqual(lines(directoryCsv(directory, "jurisdictions")));
  }, 120_000);

  it("takes one table as text/csv and answers 422 with every located problem, writing nothing", async () => {
    const agencies = "ori,kind,name,state\nVASIB0000,SIB,Virginia SIB,VA\n";
    const ok = await post(agencies, "text/csv", "?table=agencies");
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().counts.agencies.created).toBe(1);

    const bad = "ori,kind,name,state\nVA0010000,LEA,Sheriff,VA\nVA00X,LEA,,XX\n";
    const refused = await post(bad, "text/csv", "?table=agencies");
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toBe("invalid_directory");
    expect(
      refused.json().problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`),
    ).toEqual(["3:ori", "3:name", "3:state"]);
    const after = await app.inject({ url: "/v1/directory", headers: bearer(keys.PMO) });
    expect(after.json().agencies.map((a: { ori: string }) => a.ori)).toEqual(["VASIB0000"]);

    const noTable = await post(agencies, "text/csv");
    expect(noTable.statusCode).toBe(400);
    expect(noTable.json().field).toBe("querystring.table");
  }, 120_000);
});
