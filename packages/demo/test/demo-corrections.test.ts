import type { HubDatabaseHandle } from "@tenprint/hub";
import { DeploymentPlanService } from "@tenprint/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, resetTables } from "../../hub/test/storage-backends.js";
import { seedCorrections } from "../src/demo/demo-corrections.js";
import { seedDirectory } from "../src/demo/demo-seed.js";
import { demoWorld } from "../src/demo/demo-world.js";

const pglite = BACKENDS.find((backend) => backend.name === "pglite");

describe("the demo's correctional facilities and regions", () => {
  let handle: HubDatabaseHandle;
  beforeAll(async () => {
    if (!pglite) throw new Error("no PGlite backend");
    handle = await pglite.open();
    await resetTables(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it("seeds Virginia's reception facilities as sites drawn at their county's centroid, and the regions", async () => {
    const world = demoWorld({ people: 50, criminalDistractors: 0, identDistractors: 0 });
    await seedDirectory({ db: handle.db }, world);
    await seedCorrections({ db: handle.db }, world);
    await seedCorrections({ db: handle.db }, world);
    const plan = new DeploymentPlanService(handle.db);
    const points = await plan.facilities("ALL", world.state);
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const point of points) {
      expect(point.id).toMatch(/^VADOC\d{2}00$/);
      expect(point.name).toMatch(/\(synthetic\)$/);
      expect(point.countyFips).toMatch(/^51\d{3}$/);
      // Virginia lies between 36.5° and 39.5° north, 75.2° and 83.7° west.
      expect(point.lat).toBeGreaterThan(36.5);
      expect(point.lat).toBeLessThan(39.5);
      expect(point.lon).toBeGreaterThan(-83.7);
      expect(point.lon).toBeLessThan(-75.2);
    }
    const progress = await plan.progress("ALL");
    const southeast = progress.find((region) => region.region === "R2");
    const virginia = southeast?.states.find((state) => state.state === "VA");
    expect(virginia?.facilities).toBe(points.length);
    expect(virginia?.sites).toBe(world.jurisdictions.jurisdictions.length + points.length);
    expect(progress.filter((region) => region.sites > 0).map((region) => region.region)).toEqual(["R2"]);
    expect(await plan.facilities(["TX"])).toEqual([]);
  }, 120_000);
});
