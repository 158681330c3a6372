import { describe, expect, it } from "vitest";
import { auditQueryOf, EMPTY_FILTER } from "../src/features/audit-log/api/audit.js";
import { availableSteps, countyFipsOf, optsOut } from "../src/features/pmo-map/activation-appearance.js";
import { facilityPoints } from "../src/features/pmo-map/facility-points.js";
import { byState, monthly } from "../src/features/programme-stats/statistics-tables.js";
import type { Jurisdiction } from "../src/lib/api/types.js";

const county = (over: Partial<Jurisdiction>): Jurisdiction => ({
  jurisdictionId: "51059",
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
    expect(countyFipsOf(county({ jurisdictionId: "VADOC0100" }))).toBeNull();
    expect(optsOut(county({}))).toBe(false);
    expect(optsOut(county({ receiptIar: false }))).toBe(true);
  });
});

describe("the PMO map's facility points", () => {
  const counties = [
    { fips: "51059", centroid: [820, 250] as const },
    { fips: "51013", centroid: [825, 248] as const },
  ];
  const facility = (id: string, countyFips: string | null) =>
    ({
      id,
      name: `${id} Reception Center (synthetic)`,
      state: "VA",
      countyFips,
      status: "ACTIVATED",
    }) as const;

  it("puts a facility at its county's centroid, fans out several in one county, skips one without a county", () => {
    const points = facilityPoints(counties, [
      facility("VADOC0100", "51013"),
      facility("VADOC0200", "51059"),
      facility("VADOC0300", "51059"),
      facility("VADOC0400", null),
      facility("VADOC0500", "99999"),
    ]);
    expect(points.map((p) => p.id).sort()).toEqual(["VADOC0100", "VADOC0200", "VADOC0300"]);
    expect(points.find((p) => p.id === "VADOC0100")).toMatchObject({ x: 825, y: 248 });
    const [a, b] = ["VADOC0200", "VADOC0300"].map((id) => points.find((p) => p.id === id)!);
    expect(Math.hypot(a!.x - b!.x, a!.y - b!.y)).toBeGreaterThan(6);
    expect(Math.hypot(a!.x - 820, a!.y - 250)).toBeCloseTo(5, 0);
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
      county({ jurisdictionId: "51013" }),
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
