import { describe, expect, it } from "vitest";
import { auditQueryOf, EMPTY_FILTER } from "../src/features/audit-log/api/audit.js";
import { availableSteps, countyFipsOf, optsOut } from "../src/features/pmo-map/activation-appearance.js";
import { byState, monthly } from "../src/features/programme-stats/statistics-tables.js";
import type { Jurisdiction } from "../src/lib/api/types.js";

const county = (over: Partial<Jurisdiction>): Jurisdiction => ({
  ori: "51059",
  name: "Fairfax County",
  state: "VA",
  activationStatus: "PLANNED",
  receiptIdr: true,
  receiptIar: true,
  ...over,
});

describe("the PMO map's rules", () => {
  it("offers only the activation steps the domain allows from each status", () => {
    expect(availableSteps(county({}), "2026-12-07")).toEqual(["SCHEDULE"]);
    expect(
      availableSteps(county({ activationStatus: "SCHEDULED", scheduledAt: "2026-12-01" }), "2026-12-07"),
    ).toEqual(["SCHEDULE", "DEFER", "ACTIVATE"]);
    expect(availableSteps(county({ activationStatus: "DEFERRED" }), "2026-12-07")).toEqual(["SCHEDULE"]);
    expect(availableSteps(county({ activationStatus: "ACTIVATED" }), "2026-12-07")).toEqual([]);
  });

  it("puts on the map only jurisdictions keyed by a county FIPS code, and marks opt-outs", () => {
    expect(countyFipsOf(county({}))).toBe("51059");
    expect(countyFipsOf(county({ ori: "VA0590000" }))).toBeNull();
    expect(optsOut(county({}))).toBe(false);
    expect(optsOut(county({ receiptIar: false }))).toBe(true);
  });
});

describe("the statistics tables", () => {
  const counts = (bookings: number) => ({
    bookings,
    sreIdent: bookings,
    sreNonIdent: 0,
    errt: 0,
    idr: 0,
    idrSuppressed: 0,
    identMatches: 1,
    iaq: 1,
    iar: 1,
    iarSuppressed: 0,
    detainers: 0,
  });

  it("sums jurisdictions by state, keeping unknown ones", () => {
    const rows = byState({ byJurisdiction: { "51059": counts(3), "51013": counts(2), "99999": counts(1) } }, [
      county({}),
      county({ ori: "51013" }),
    ]);
    expect(rows.map((r) => [r.state, r.counts.bookings, r.counts.identMatches])).toEqual([
      ["unknown", 1, 1],
      ["VA", 5, 2],
    ]);
  });

  it("orders months", () => {
    expect(monthly({ byMonth: { "2026-12": counts(1), "2026-10": counts(2) } }).map((m) => m.month)).toEqual([
      "2026-10",
      "2026-12",
    ]);
  });
});

describe("the audit filter", () => {
  it("sends only the fields given, trimmed", () => {
    expect(auditQueryOf({ ...EMPTY_FILTER, object: " detainer:1 ", actor: "" })).toEqual({
      object: "detainer:1",
    });
  });
});
