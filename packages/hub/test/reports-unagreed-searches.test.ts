import { describe, expect, it } from "vitest";
import { searchesNotAgreedTo } from "../src/reports/accountability-report.js";
import type { JourneyRow, JurisdictionRow } from "../src/reports/report-rows.js";

const base: Omit<JourneyRow, "transactionId" | "jurisdictionId" | "receivedAt" | "personKey"> = {
  siteKind: "COUNTY",
  notActivated: false,
  identSearched: true,
  identMatch: false,
  iaq: false,
  detainer: false,
  lescStatus: null,
  arrestJurisdictionId: null,
  arrestIdentSearch: null,
};
const row = (
  id: string,
  jurisdictionId: string,
  receivedAt: string,
  personKey: string | null,
  extra: Partial<JourneyRow> = {},
): JourneyRow => ({ ...base, transactionId: id, jurisdictionId, receivedAt, personKey, ...extra });

const jurisdictions: JurisdictionRow[] = [
  { id: "51013", name: "Arlington County", state: "VA", activationStatus: "PLANNED", activatedAt: null },
  {
    id: "51059",
    name: "Fairfax County",
    state: "VA",
    activationStatus: "ACTIVATED",
    activatedAt: "2009-03-01T00:00:00Z",
  },
];

describe("IDENT searches a jurisdiction did not agree to", () => {
  const journeys: JourneyRow[] = [
    // Arlington books A, B and C without a search; D's record is not retained (no person to follow).
    row("t1", "51013", "2010-01-01T10:00:00Z", "A", { notActivated: true, identSearched: false }),
    row("t2", "51013", "2010-01-02T10:00:00Z", "B", { notActivated: true, identSearched: false }),
    row("t3", "51013", "2010-01-03T10:00:00Z", "C", { notActivated: true, identSearched: false }),
    row("t4", "51013", "2010-01-03T11:00:00Z", null, { notActivated: true, identSearched: false }),
    // A reaches prison: searched at an activated facility's intake, matched, IAQ, detainer.
    row("t5", "VADOC0100", "2010-04-01T10:00:00Z", "A", {
      siteKind: "FACILITY",
      identMatch: true,
      iaq: true,
      detainer: true,
      arrestJurisdictionId: "51013",
      arrestIdentSearch: false,
    }),
    // B is arrested again in activated Fairfax: searched, matched, found a permanent resident.
    row("t6", "51059", "2010-02-01T10:00:00Z", "B", { identMatch: true, iaq: true, lescStatus: "LPR" }),
    // C was searched in Fairfax before the Arlington arrest: not "later".
    row("t7", "51059", "2009-12-01T10:00:00Z", "C"),
    // An intake after an arrest in activated Fairfax is not counted against anyone.
    row("t8", "VADOC0100", "2010-05-01T10:00:00Z", "E", {
      siteKind: "FACILITY",
      arrestJurisdictionId: "51059",
      arrestIdentSearch: true,
    }),
  ];

  it("counts, per jurisdiction held back, the arrestees searched later at a facility or another county", () => {
    const section = searchesNotAgreedTo(journeys, jurisdictions);
    expect(section.jurisdictions).toEqual([
      {
        jurisdictionId: "51013",
        name: "Arlington County",
        activationStatus: "PLANNED",
        arresteesNotSearched: 3,
        atFacility: {
          people: 1,
          searches: 1,
          identMatches: 1,
          iaqs: 1,
          detainers: 1,
          citizensOrResidents: 0,
        },
        inOtherCounty: {
          people: 1,
          searches: 1,
          identMatches: 1,
          iaqs: 1,
          detainers: 0,
          citizensOrResidents: 1,
        },
        peopleSearchedLater: 2,
      },
    ]);
    expect(section.total.peopleSearchedLater).toBe(2);
    expect(section.method).toMatch(/Reported, not targeted/);
  });

  it("lists a county named only as the county of arrest of an intake searched at a facility", () => {
    const section = searchesNotAgreedTo([journeys[4] as JourneyRow], jurisdictions);
    expect(
      section.jurisdictions.map((r) => [r.jurisdictionId, r.arresteesNotSearched, r.atFacility.searches]),
    ).toEqual([["51013", 0, 1]]);
    expect(searchesNotAgreedTo([], jurisdictions).jurisdictions).toEqual([]);
  });
});
