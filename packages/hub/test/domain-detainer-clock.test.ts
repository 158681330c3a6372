import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holdDeadline, holdWindow } from "../src/domain/detainer-clock.js";
import { federalHolidayOn, federalHolidays } from "../src/domain/federal-holidays.js";
import { DomainInputError } from "../src/index.js";

const observed = (year: number, name: string) =>
  federalHolidays(year)
    .filter((h) => h.name === name)
    .map((h) => h.observed);

describe("federal holidays by rule", () => {
  it.each([
    [2024, "Birthday of Martin Luther King, Jr.", ["2024-01-15"]],
    [2025, "Washington's Birthday", ["2025-02-17"]],
    [2024, "Memorial Day", ["2024-05-27"]],
    [2021, "Juneteenth National Independence Day", ["2021-06-18"]],
    [2027, "Juneteenth National Independence Day", ["2027-06-18"]],
    [2026, "Independence Day", ["2026-07-03"]],
    [2025, "Labor Day", ["2025-09-01"]],
    [2024, "Columbus Day", ["2024-10-14"]],
    [1975, "Veterans Day", ["1975-10-27"]],
    [2023, "Veterans Day", ["2023-11-10"]],
    [2024, "Thanksgiving Day", ["2024-11-28"]],
    [2022, "Christmas Day", ["2022-12-26"]],
    [2021, "Christmas Day", ["2021-12-24"]],
    [2023, "New Year's Day", ["2023-01-02"]],
    [2022, "New Year's Day", ["2021-12-31"]],
    [1985, "Birthday of Martin Luther King, Jr.", []],
    [2020, "Juneteenth National Independence Day", []],
  ] as const)("%i %s observed on %j", (year, name, days) => {
    expect(observed(year, name)).toEqual(days);
  });

  it("finds New Year's Day observed on 31 December of the year before", () => {
    expect(federalHolidayOn("2021-12-31")?.name).toBe("New Year's Day");
    expect(federalHolidayOn("2027-12-31")?.name).toBe("New Year's Day");
    expect(federalHolidayOn("2024-12-31")).toBeNull();
  });

  it("counts Inauguration Day only when asked, moving a Sunday to Monday", () => {
    expect(federalHolidayOn("2017-01-20")).toBeNull();
    expect(federalHolidayOn("2017-01-20", { inaugurationDay: true })?.name).toBe("Inauguration Day");
    const in2013 = federalHolidays(2013, { inaugurationDay: true }).find(
      (h) => h.name === "Inauguration Day",
    );
    expect(in2013).toEqual({ name: "Inauguration Day", date: "2013-01-20", observed: "2013-01-21" });
    expect(federalHolidays(2018, { inaugurationDay: true }).some((h) => h.name === "Inauguration Day")).toBe(
      false,
    );
  });

  it("has eleven holidays a year since 2021 and refuses years before the Monday Holiday Act", () => {
    expect(federalHolidays(2030)).toHaveLength(11);
    expect(federalHolidays(2019)).toHaveLength(10);
    expect(() => federalHolidays(1960)).toThrow(DomainInputError);
    expect(() => federalHolidayOn("2023-02-29")).toThrow(DomainInputError);
  });
});

describe("detainer hold deadline: 48 hours excluding weekends and federal holidays", () => {
  it.each([
    ["weekday only", "2024-03-04T10:00:00Z", "UTC", "2024-03-06T10:00:00.000Z"],
    ["Friday across the weekend", "2024-03-08T10:00:00Z", "UTC", "2024-03-12T10:00:00.000Z"],
    [
      "released on a Saturday: the clock starts on Monday",
      "2024-03-09T10:00:00Z",
      "UTC",
      "2024-03-13T00:00:00.000Z",
    ],
    ["Thanksgiving and the weekend after", "2024-11-27T12:00:00Z", "UTC", "2024-12-02T12:00:00.000Z"],
    ["Christmas on a Sunday, observed Monday", "2022-12-23T18:00:00Z", "UTC", "2022-12-28T18:00:00.000Z"],
    ["Christmas on a Saturday, observed Friday", "2021-12-23T20:00:00Z", "UTC", "2021-12-28T20:00:00.000Z"],
    [
      "New Year across the year boundary (observed 31 Dec)",
      "2021-12-30T09:00:00Z",
      "UTC",
      "2022-01-04T09:00:00.000Z",
    ],
    ["New Year on a Sunday, observed Monday", "2022-12-30T12:00:00Z", "UTC", "2023-01-04T12:00:00.000Z"],
    ["MLK Day long weekend", "2024-01-12T15:00:00Z", "UTC", "2024-01-17T15:00:00.000Z"],
    [
      "Juneteenth on a Monday, ends exactly at midnight",
      "2023-06-16T00:00:00Z",
      "UTC",
      "2023-06-21T00:00:00.000Z",
    ],
    [
      "Independence Day on a Saturday, observed Friday",
      "2026-07-02T08:00:00Z",
      "UTC",
      "2026-07-07T08:00:00.000Z",
    ],
    [
      "Thanksgiving in the facility's zone",
      "2024-11-27T22:00:00-06:00",
      "America/Chicago",
      "2024-12-03T04:00:00.000Z",
    ],
    ["same instant on the UTC calendar", "2024-11-27T22:00:00-06:00", "UTC", "2024-12-03T00:00:00.000Z"],
    [
      "daylight saving starts over the weekend",
      "2024-03-08T20:00:00-05:00",
      "America/New_York",
      "2024-03-13T00:00:00.000Z",
    ],
    [
      "daylight saving ends over the weekend",
      "2024-11-01T20:00:00-04:00",
      "America/New_York",
      "2024-11-06T01:00:00.000Z",
    ],
  ])("%s", (_, releaseDue, timeZone, deadline) => {
    expect(holdDeadline(releaseDue, timeZone).toISOString()).toBe(deadline);
  });

  it("lists the days the clock stood still", () => {
    const window = holdWindow("2024-11-27T12:00:00Z");
    expect(window.excludedDays).toEqual([
      { day: "2024-11-28", reason: "HOLIDAY", holiday: "Thanksgiving Day" },
      { day: "2024-11-30", reason: "SATURDAY" },
      { day: "2024-12-01", reason: "SUNDAY" },
    ]);
  });

  it("skips Inauguration Day only when the facility observes it", () => {
    expect(holdDeadline("2017-01-19T12:00:00Z").toISOString()).toBe("2017-01-23T12:00:00.000Z");
    expect(holdDeadline("2017-01-19T12:00:00Z", "UTC", { inaugurationDay: true }).toISOString()).toBe(
      "2017-01-24T12:00:00.000Z",
    );
  });

  it("accepts a Date as well as ISO text", () => {
    expect(holdDeadline(new Date("2024-03-04T10:00:00Z")).toISOString()).toBe("2024-03-06T10:00:00.000Z");
  });

  it("rejects unknown zones, unparseable instants and local times without an offset", () => {
    expect(() => holdDeadline("2024-03-04T10:00:00Z", "Mars/Olympus_Mons")).toThrow(DomainInputError);
    expect(() => holdDeadline("yesterday")).toThrow(DomainInputError);
    expect(() => holdDeadline("2024-03-04T10:00:00")).toThrow(/no UTC offset/);
    expect(() => holdWindow("2024-03-04T10:00:00Z", { hours: 0 })).toThrow(/hours/);
    expect(() => holdWindow("2024-03-04T10:00:00Z", { hours: 10_000 })).toThrow(/hours/);
    expect(holdWindow("2024-12-20T00:00:00Z", { hours: 240 }).deadline.toISOString()).toBe(
      "2025-01-07T00:00:00.000Z",
    );
  });

  it("on the UTC calendar, adds exactly one day per skipped day when release falls on a counted day", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), (ms) => {
        const window = holdWindow(new Date(ms));
        const startDay = new Date(ms).toISOString().slice(0, 10);
        fc.pre(!window.excludedDays.some((d) => d.day === startDay));
        const elapsed = window.deadline.getTime() - ms;
        expect(elapsed).toBe((48 + 24 * window.excludedDays.length) * 3_600_000);
        const end = window.deadline.toISOString();
        const endsAtMidnight = end.endsWith("T00:00:00.000Z");
        expect(endsAtMidnight || !window.excludedDays.some((d) => d.day === end.slice(0, 10))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
