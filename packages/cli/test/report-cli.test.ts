import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHubStorage, openHubDatabase } from "@tenprint/hub";
import { beforeAll, describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

/** Two bookings in one activated county: one IDENT match, one no-match; March 2011. */
async function writeBookings(dataDir: string): Promise<void> {
  let now = new Date("2011-03-05T15:00:00Z");
  const handle = await openHubDatabase({ dataDir });
  try {
    const storage = createHubStorage(handle.db, { clock: () => now });
    await storage.directory.putJurisdiction({
      jurisdictionId: "51059",
      name: "Fairfax County (synthetic)",
      state: "VA",
      activationStatus: "ACTIVATED",
      activatedAt: new Date("2009-03-01T05:00:00Z"),
      receiptIdr: true,
      receiptIar: true,
      activation: {},
    });
    for (const [tcn, identMatch] of [
      ["SYNCLI1", { identity: "FIN1", score: 30, fmr: 1e-9, fpir: 1e-4, gallerySize: 1000 }],
      ["SYNCLI2", null],
    ] as const) {
      await storage.transactions.createOrGet({
        tcn,
        tot: "CAR",
        submitterOri: "VASIB0000",
        jurisdictionId: "51059",
        state: "CLOSED",
        stateData: {
          tcn,
          routing: { identSearch: true },
          identMatch,
          subject: { race: "W", sex: "M", placeOfBirth: "VA" },
        },
      });
      now = new Date(now.getTime() + 3_600_000);
    }
  } finally {
    await handle.close();
  }
}

describe("tenprint report", () => {
  const dir = scratchDirectory("report-cli");
  const dataDir = join(dir, "db");

  beforeAll(() => writeBookings(dataDir), 180_000);

  it("writes the monthly statistics as CSV", async () => {
    const out = join(dir, "monthly.csv");
    const run = await runTenprint([
      "report",
      "monthly",
      "--month",
      "2011-03",
      "--state",
      "VA",
      "--format",
      "csv",
      "-o",
      out,
      "--data",
      dataDir,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("IDENT/IAFIS Interoperability Statistics — 2011-03, state VA");
    const rows = readFileSync(out, "utf8").trim().split("\r\n");
    const header = rows[0]!.split(",");
    const county = rows
      .find((row) => row.startsWith("2011-03,VA,51059,") && row.includes(",month,"))!
      .split(",");
    expect(county[header.indexOf("submissions")]).toBe("2");
    expect(county[header.indexOf("ident_matches")]).toBe("1");
    expect(county[header.indexOf("match_rate")]).toBe("0.5");
  });

  it("writes the accountability report as JSON, and refuses an unknown format", async () => {
    const out = join(dir, "accountability.json");
    const run = await runTenprint([
      "report",
      "accountability",
      "--state",
      "VA",
      "--to",
      "2011-04-01T00:00:00Z",
      "--format",
      "json",
      "-o",
      out,
      "--data",
      dataDir,
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.falseMatches).toMatchObject({ identSearches: 2, identMatches: 1, predicted: 1e-4 });
    const bad = await runTenprint([
      "report",
      "monthly",
      "--month",
      "2011-03",
      "--format",
      "docx",
      "-o",
      out,
      "--data",
      dataDir,
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--format must be one of json, csv, html, pdf/);
  });
});
