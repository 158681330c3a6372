import { describe, expect, it } from "vitest";
import type { JurisdictionActivation, SibAgreement } from "../src/domain/jurisdiction-activation.js";
import { routeBySite } from "../src/domain/site-routing.js";

const agreement: SibAgreement = { sibOri: "VASIB0000", state: "VA", signedAt: "2008-10-27" };
const receipt = { idr: true, iar: true };
const activatedFacility: JurisdictionActivation = {
  jurisdictionId: "VADOC0100",
  status: "ACTIVATED",
  activatedAt: "2009-01-05",
  receipt: { idr: true, iar: false },
};
const plannedCounty: JurisdictionActivation = { jurisdictionId: "51013", status: "PLANNED", receipt };
const activatedCounty: JurisdictionActivation = {
  jurisdictionId: "51059",
  status: "ACTIVATED",
  activatedAt: "2009-03-01",
  receipt,
};
const scheduledFacility: JurisdictionActivation = {
  jurisdictionId: "VADOC0200",
  status: "SCHEDULED",
  scheduledAt: "2011-06-01",
  receipt,
};

describe("routing by site", () => {
  it("searches IDENT at an activated facility for a person arrested in a county that is not activated", () => {
    const decision = routeBySite(
      { bookingSite: activatedFacility, arrestSite: plannedCounty },
      agreement,
      { received: "2010-05-04", arrested: "2010-01-10" },
      "VAICE0000",
    );
    expect(decision.routing).toEqual({
      identSearch: true,
      receipt: { idr: true, iar: false },
      eroOri: "VAICE0000",
    });
    expect(decision.arrest).toEqual({ jurisdictionId: "51013", identSearch: false });
  });

  it("does not search at a facility not yet activated, even when the county of arrest is", () => {
    const decision = routeBySite(
      { bookingSite: scheduledFacility, arrestSite: activatedCounty },
      agreement,
      { received: "2010-05-04", arrested: "2010-01-10" },
      "VAICE0000",
    );
    expect(decision.routing.identSearch).toBe(false);
    expect(decision.arrest).toEqual({ jurisdictionId: "51059", identSearch: true });
  });

  it("judges the county of arrest on the arrest day, and the facility on the intake day", () => {
    const countyLater: JurisdictionActivation = { ...activatedCounty, activatedAt: "2010-03-01" };
    const decision = routeBySite(
      { bookingSite: { ...activatedFacility, activatedAt: "2010-04-01" }, arrestSite: countyLater },
      agreement,
      { received: "2010-05-04", arrested: "2010-01-10" },
      "VAICE0000",
    );
    expect(decision.routing.identSearch).toBe(true);
    expect(decision.arrest?.identSearch).toBe(false);
    const early = routeBySite(
      { bookingSite: { ...activatedFacility, activatedAt: "2010-06-01" } },
      agreement,
      { received: "2010-05-04" },
      "VAICE0000",
    );
    expect(early.routing.identSearch).toBe(false);
    expect(early.arrest).toBeUndefined();
  });

  it("routes an arrest booking by its own county and records no arrest site", () => {
    expect(
      routeBySite({ bookingSite: plannedCounty }, agreement, { received: "2010-05-04" }, "VAICE0000"),
    ).toEqual({ routing: { identSearch: false, receipt, eroOri: "VAICE0000" } });
    expect(() =>
      routeBySite({ bookingSite: plannedCounty }, agreement, { received: "2010-5-4" }, "VAICE0000"),
    ).toThrow(/days.received/);
  });
});
