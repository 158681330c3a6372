import { describe, expect, it } from "vitest";
import { changePlan, deploymentProgress, type PlanSite } from "../src/domain/deployment-plan.js";
import { DomainInputError, IllegalTransitionError } from "../src/domain/domain-error.js";
import { planJurisdiction } from "../src/domain/jurisdiction-activation.js";

describe("deployment plan changes", () => {
  it("schedules, moves with a reason, defers with a reason and activates, each change audited", () => {
    const planned = planJurisdiction("VADOC0100");
    const scheduled = changePlan(planned, { action: "SCHEDULE", date: "2010-11-01" });
    expect(scheduled.state).toMatchObject({ status: "SCHEDULED", scheduledAt: "2010-11-01" });
    expect(scheduled.effects).toEqual([
      expect.objectContaining({ action: "JURISDICTION_SCHEDULED", object: "jurisdiction:VADOC0100" }),
    ]);
    const moved = changePlan(scheduled.state, {
      action: "MOVE",
      date: "2011-01-10",
      reason: "live-scan not installed",
    });
    expect(moved.state.scheduledAt).toBe("2011-01-10");
    expect(moved.effects).toEqual([
      {
        kind: "audit",
        action: "JURISDICTION_DATE_MOVED",
        object: "jurisdiction:VADOC0100",
        detail: {
          from: "2010-11-01",
          scheduledAt: "2011-01-10",
          status: "SCHEDULED",
          reason: "live-scan not installed",
        },
      },
    ]);
    const deferred = changePlan(moved.state, { action: "DEFER", reason: "county asked for a meeting" });
    expect(deferred.state).toMatchObject({
      status: "DEFERRED",
      deferredReason: "county asked for a meeting",
    });
    const back = changePlan(deferred.state, {
      action: "MOVE",
      date: "2011-03-01",
      reason: "after the meeting",
    });
    expect(back.state).toMatchObject({ status: "SCHEDULED", scheduledAt: "2011-03-01" });
    const active = changePlan(back.state, { action: "ACTIVATE", date: "2011-03-01" });
    expect(active.state.status).toBe("ACTIVATED");
  });

  it("refuses a move or deferral without a reason, a second SCHEDULE and a move of a planned site", () => {
    const scheduled = changePlan(planJurisdiction("51013"), { action: "SCHEDULE", date: "2010-11-01" }).state;
    expect(() => changePlan(scheduled, { action: "MOVE", date: "2011-01-10", reason: "  " })).toThrow(
      DomainInputError,
    );
    expect(() => changePlan(scheduled, { action: "DEFER", reason: "" })).toThrow(/needs a reason/);
    expect(() => changePlan(scheduled, { action: "SCHEDULE", date: "2011-01-10" })).toThrow(
      IllegalTransitionError,
    );
    expect(() => changePlan(scheduled, { action: "MOVE", date: "2010-11-01", reason: "same" })).toThrow(
      /already/,
    );
    expect(() =>
      changePlan(planJurisdiction("51013"), { action: "MOVE", date: "2011-01-10", reason: "why" }),
    ).toThrow(IllegalTransitionError);
  });
});

describe("deployment progress", () => {
  const sites: PlanSite[] = [
    { id: "51013", state: "VA", kind: "COUNTY", status: "ACTIVATED" },
    { id: "51059", state: "VA", kind: "COUNTY", status: "SCHEDULED", scheduledAt: "2010-09-01" },
    { id: "51107", state: "VA", kind: "COUNTY", status: "SCHEDULED", scheduledAt: "2010-12-01" },
    { id: "VADOC0100", state: "VA", kind: "FACILITY", status: "ACTIVATED" },
    { id: "24031", state: "MD", kind: "COUNTY", status: "DEFERRED", scheduledAt: "2011-01-01" },
    { id: "MDDOC0100", state: "MD", kind: "FACILITY", status: "PLANNED" },
    { id: "48201", state: "TX", kind: "COUNTY", status: "ACTIVATED" },
  ];

  it("gives figures by region and state, states in no region last", () => {
    const progress = deploymentProgress(
      sites,
      [{ id: "R3", name: "Mid-Atlantic", states: ["VA", "MD", "DC"] }],
      "2010-10-01",
    );
    expect(progress.map((r) => [r.region, r.sites, r.activated])).toEqual([
      ["R3", 6, 2],
      [null, 1, 1],
    ]);
    const [region] = progress;
    expect(region?.states.map((s) => s.state)).toEqual(["DC", "MD", "VA"]);
    expect(region?.states[0]).toMatchObject({ sites: 0, activatedShare: null });
    expect(region?.states[2]).toEqual({
      state: "VA",
      sites: 4,
      activated: 2,
      scheduled: 2,
      deferred: 0,
      planned: 0,
      overdue: 1,
      facilities: 1,
      facilitiesActivated: 1,
      activatedShare: 0.5,
      nextScheduled: "2010-12-01",
    });
    expect(region).toMatchObject({ deferred: 1, planned: 1, facilities: 2, facilitiesActivated: 1 });
  });
});
