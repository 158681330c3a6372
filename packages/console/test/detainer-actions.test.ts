import type { DetainerState } from "@tenprint/hub/domain";
import { describe, expect, it } from "vitest";
import { availableActions } from "../src/features/detainers/detainer-actions.js";
import { holdClock } from "../src/features/detainers/hold-countdown.js";

const issued: DetainerState = {
  id: "d1",
  tcn: "SYNTCN1",
  form: "I-247A",
  basis: "PENDING_PROCEEDINGS",
  leaOri: "VA0590100",
  eroOri: "ERO0001",
  facilityTimeZone: "America/Chicago",
  status: "ISSUED",
  issuedAt: "2026-12-03T15:00:00.000Z",
  redress: false,
};

describe("what each role may do to a detainer, as the domain decides", () => {
  it("lets ERO serve an issued detainer and the LEA acknowledge only once it is served", () => {
    const at = new Date("2026-12-04T12:00:00Z");
    expect(availableActions("ERO", issued, at)).toEqual(["SERVE", "LIFT", "US_CITIZEN_FOUND"]);
    expect(availableActions("LEA", issued, at)).toEqual([]);
    const served = { ...issued, status: "SERVED" as const, servedAt: "2026-12-03T16:00:00.000Z" };
    expect(availableActions("LEA", served, at)).toEqual(["ACKNOWLEDGE", "RELEASE"]);
    expect(availableActions("PMO", served, at)).toEqual([]);
  });

  it("never offers a hold on an I-247N (notice only)", () => {
    const due = { ...issued, form: "I-247N" as const, status: "RELEASE_DUE" as const };
    expect(availableActions("LEA", due, new Date("2026-12-04T12:00:00Z"))).not.toContain("HOLD");
    expect(availableActions("LEA", { ...due, form: "I-247A" }, new Date("2026-12-04T12:00:00Z"))).toContain(
      "HOLD",
    );
  });
});

describe("the hold clock's countdown", () => {
  const holding: DetainerState = {
    ...issued,
    status: "HOLDING",
    holdStartedAt: "2026-12-04T21:00:00.000Z",
    holdDeadline: "2026-12-08T12:00:00.000Z",
  };

  it("counts down on a weekday and shows the deadline on the facility's clock", () => {
    const clock = holdClock(holding, new Date("2026-12-04T23:00:00Z"))!;
    expect(clock.remaining).toBe("46:00:00");
    expect(clock.paused).toBeNull();
    expect(clock.deadline).toContain("Tue, Dec 8, 2026, 15:00 CST");
  });

  it("stands still on a Saturday and says why", () => {
    const clock = holdClock(holding, new Date("2026-12-05T18:00:00Z"))!;
    expect(clock.remaining).toBe("39:00:00");
    expect(clock.paused).toBe("Saturday");
  });

  it("has no clock before a hold", () => {
    expect(holdClock(issued, new Date())).toBeNull();
  });
});
