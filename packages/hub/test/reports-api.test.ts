import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle } from "../src/index.js";
import { parseCsv } from "../src/reports/report-csv.js";
import { produceMonthlyReport } from "../src/reports/report-production.js";
import { bearer, issueRoleKeys, type RoleKeys, testApi } from "./api-harness.js";
import { writeHistory } from "./reports-history.js";
import { BACKENDS } from "./storage-backends.js";

const pglite = BACKENDS.find((backend) => backend.name === "pglite")!;

describe("report endpoints", () => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;

  beforeAll(async () => {
    handle = await pglite.open();
    await writeHistory(handle);
    keys = await issueRoleKeys(handle);
    app = testApi(handle);
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const get = (url: string, key = keys.PMO) => app.inject({ url, headers: bearer(key) });

  it("answers the monthly report as JSON, the same the production function gives, and audits it", async () => {
    const response = await get("/v1/reports/monthly?month=2011-03&state=VA");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(
      JSON.parse(JSON.stringify(await produceMonthlyReport(handle.db, { month: "2011-03", state: "VA" }))),
    );
    const [event] = await createHubStorage(handle.db).audit.query({ action: "REPORT_PRODUCED" });
    expect(event).toMatchObject({
      object: "report:monthly:2011-03:VA",
      details: { format: "json", role: "PMO" },
    });
  });

  it("answers CSV and HTML with their media types", async () => {
    const csv = await get("/v1/reports/monthly?month=2011-03&state=va&format=csv", keys.AUDITOR);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers["content-disposition"]).toContain("tenprint-monthly-2011-03-VA.csv");
    expect(parseCsv(csv.body)[0]?.slice(0, 3)).toEqual(["month", "state", "jurisdiction_id"]);
    const html = await get("/v1/reports/monthly?month=2011-03&state=VA&format=html");
    expect(html.headers["content-type"]).toMatch(/^text\/html/);
    expect(html.body).toContain("IDENT/IAFIS Interoperability Statistics — 2011-03, state VA");
    expect(html.body).toContain("<svg");
    const accountability = await get(
      "/v1/reports/accountability?state=VA&to=2011-04-01T04:00:00Z&format=html",
    );
    expect(accountability.statusCode).toBe(200);
    expect(accountability.body).toContain("Holds past the 48-hour clock");
  });

  it("answers the current month when none is named (the link the PMO view uses)", async () => {
    const response = await get("/v1/reports/monthly?format=json");
    expect(response.statusCode).toBe(200);
    const month = new Intl.DateTimeFormat("en-CA", {
      timeZone: "America/New_York",
      year: "numeric",
      month: "2-digit",
    })
      .format(new Date())
      .slice(0, 7);
    expect(response.json().month).toBe(month);
  });

  it("names the request property at fault", async () => {
    const month = await get("/v1/reports/monthly?month=2011-13");
    expect(month.statusCode).toBe(400);
    expect(month.json().field).toBe("querystring.month");
    const zone = await get("/v1/reports/monthly?month=2011-03&timeZone=Mars/Olympus");
    expect(zone.statusCode).toBe(400);
    expect(zone.json()).toMatchObject({ field: "querystring.timeZone" });
    const range = await get("/v1/reports/accountability?from=2011-05-01T00:00:00Z&to=2011-04-01T00:00:00Z");
    expect(range.statusCode).toBe(400);
    expect(range.json().field).toBe("querystring.from");
  });
});
