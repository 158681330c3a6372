import { createHubStorage, openHubDatabase } from "@tenprint/hub";
import { beforeAll, describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const dataDir = scratchDirectory("plan");

beforeAll(async () => {
  const handle = await openHubDatabase({ dataDir });
  try {
    const directory = createHubStorage(handle.db).directory;
    const site = { receiptIdr: true, receiptIar: true, activatedAt: null, state: "VA" };
    await directory.putJurisdiction({
      ...site,
      jurisdictionId: "51059",
      name: "Fairfax County, VA",
      activationStatus: "PLANNED",
      activation: {},
    });
    await directory.putJurisdiction({
      ...site,
      jurisdictionId: "VADOC0100",
      name: "Fairfax Reception Center (synthetic)",
      activationStatus: "SCHEDULED",
      activation: { scheduledAt: "2099-06-01" },
      siteKind: "FACILITY",
      locationFips: "51059",
    });
  } finally {
    await handle.close();
  }
}, 120_000);

describe("tenprint plan", () => {
  it("sets a region, moves a facility's date with a reason, and reports progress by region and state", async () => {
    const region = await runTenprint([
      "plan",
      "region",
      "R3",
      "--name",
      "Mid-Atlantic",
      "--states",
      "va,MD",
      "--coordinator",
      "DCICER300",
      "--data",
      dataDir,
    ]);
    expect(region.stderr).toBe("");
    expect(region.stdout).toBe("R3 Mid-Atlantic: MD VA\n");
    const noReason = await runTenprint([
      "plan",
      "change",
      "VADOC0100",
      "move",
      "--date",
      "2099-09-01",
      "--data",
      dataDir,
    ]);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toMatch(/MOVE needs --reason/);
    const moved = await runTenprint([
      "plan",
      "change",
      "VADOC0100",
      "MOVE",
      "--date",
      "2099-09-01",
      "--reason",
      "live-scan delivered late",
      "--data",
      dataDir,
    ]);
    expect(moved.stdout).toBe("VADOC0100 SCHEDULED 2099-09-01\n");
    const progress = JSON.parse(
      (await runTenprint(["plan", "progress", "--json", "--data", dataDir])).stdout,
    );
    expect(progress).toEqual([
      expect.objectContaining({
        region: "R3",
        sites: 2,
        planned: 1,
        scheduled: 1,
        facilities: 1,
        facilitiesActivated: 0,
        states: [
          expect.objectContaining({ state: "MD", sites: 0 }),
          expect.objectContaining({ state: "VA", sites: 2, nextScheduled: "2099-09-01" }),
        ],
      }),
    ]);
    const show = JSON.parse(
      (await runTenprint(["plan", "show", "--state", "VA", "--json", "--data", dataDir])).stdout,
    );
    const facility = show.find((s: { id: string }) => s.id === "VADOC0100");
    expect(facility.history).toEqual([
      expect.objectContaining({
        action: "JURISDICTION_DATE_MOVED",
        actor: "cli",
        detail: expect.objectContaining({ from: "2099-06-01", reason: "live-scan delivered late" }),
      }),
    ]);
    expect((await runTenprint(["plan", "regions", "--data", dataDir])).stdout).toMatch(
      /^R3 .*DCICER300 {2}MD VA\n$/,
    );
    const regions = await runTenprint(["plan", "regions", "--json", "--data", dataDir]);
    expect(JSON.parse(regions.stdout)).toEqual([
      expect.objectContaining({
        id: "R3",
        name: "Mid-Atlantic",
        coordinatorOri: "DCICER300",
        states: ["MD", "VA"],
      }),
    ]);
  }, 120_000);
});
