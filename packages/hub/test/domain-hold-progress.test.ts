import { describe, expect, it } from "vitest";
import { holdProgress, holdWindow } from "../src/domain/browser-domain.js";

const H = 3_600_000;

describe("the hold clock's progress, as the console counts it down", () => {
  it("runs on a weekday and stands still over the weekend", () => {
    // Friday 2026-12-04 15:00 in Chicago (21:00Z): 9 counted hours to Friday's midnight, then Saturday and Sunday.
    const start = "2026-12-04T21:00:00Z";
    const options = { timeZone: "America/Chicago" };
    expect(holdProgress(start, new Date("2026-12-04T23:00:00Z"), options)).toMatchObject({
      remainingMs: 46 * H,
      pausedFor: null,
    });
    const saturday = holdProgress(start, new Date("2026-12-05T18:00:00Z"), options);
    expect(saturday.remainingMs).toBe(39 * H);
    expect(saturday.pausedFor).toEqual({ day: "2026-12-05", reason: "SATURDAY" });
    expect(holdProgress(start, new Date("2026-12-06T23:00:00Z"), options).remainingMs).toBe(39 * H);
    // Monday 06:00 local (12:00Z): six more counted hours.
    expect(holdProgress(start, new Date("2026-12-07T12:00:00Z"), options).remainingMs).toBe(33 * H);
  });

  it("reaches zero exactly at the domain's deadline, across a federal holiday", () => {
    // Wednesday before Thanksgiving 2026 (26 November): Thursday does not count.
    const start = "2026-11-25T14:00:00Z";
    const options = { timeZone: "America/New_York" };
    const { deadline, excludedDays } = holdWindow(start, options);
    expect(excludedDays[0]).toMatchObject({ day: "2026-11-26", reason: "HOLIDAY" });
    expect(holdProgress(start, new Date(deadline.getTime() - 1000), options).remainingMs).toBe(1000);
    expect(holdProgress(start, deadline, options).remainingMs).toBe(0);
    expect(holdProgress(start, new Date("2026-11-26T15:00:00Z"), options).pausedFor).toMatchObject({
      reason: "HOLIDAY",
      holiday: "Thanksgiving Day",
    });
  });

  it("counts the full hold before it starts", () => {
    expect(holdProgress("2026-12-07T12:00:00Z", new Date("2026-12-07T10:00:00Z")).remainingMs).toBe(48 * H);
  });
});
