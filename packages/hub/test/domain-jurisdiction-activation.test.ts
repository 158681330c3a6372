import { describe, expect, it } from "vitest";
import {
  agreementInForce,
  identSearchApplies,
  planJurisdiction,
  routingFor,
  signAgreement,
  terminateAgreement,
  transitionJurisdiction,
} from "../src/domain/jurisdiction-activation.js";
import { DomainInputError, IllegalTransitionError, type JurisdictionActivation } from "../src/index.js";

const step = (state: JurisdictionActivation, event: Parameters<typeof transitionJurisdiction>[1]) =>
  transitionJurisdiction(state, event).state;

describe("jurisdiction activation", () => {
  it("goes PLANNED → SCHEDULED ⇄ DEFERRED → ACTIVATED", () => {
    let j = planJurisdiction("48201");
    j = step(j, { type: "SCHEDULE", date: "2008-10-27" });
    j = step(j, { type: "DEFER", reason: "county asked for a meeting" });
    expect(j).toMatchObject({ status: "DEFERRED", deferredReason: "county asked for a meeting" });
    j = step(j, { type: "SCHEDULE", date: "2009-03-02" });
    expect(j).toMatchObject({ status: "SCHEDULED", scheduledAt: "2009-03-02" });
    expect(j.deferredReason).toBeUndefined();
    j = step(j, { type: "ACTIVATE", date: "2009-03-02" });
    expect(j).toMatchObject({ status: "ACTIVATED", activatedAt: "2009-03-02" });
  });

  it.each([
    ["PLANNED", [], { type: "ACTIVATE", date: "2009-01-01" }],
    ["PLANNED", [], { type: "DEFER", reason: "x" }],
    [
      "DEFERRED",
      [
        { type: "SCHEDULE", date: "2009-01-01" },
        { type: "DEFER", reason: "x" },
      ],
      { type: "ACTIVATE", date: "2009-01-01" },
    ],
  ] as const)("refuses from %s: %j", (status, before, event) => {
    const j = before.reduce((s, e) => step(s, e), planJurisdiction("48201"));
    expect(j.status).toBe(status);
    expect(() => transitionJurisdiction(j, event)).toThrow(IllegalTransitionError);
  });

  it("refuses to reschedule an activated jurisdiction", () => {
    const active = step(step(planJurisdiction("1"), { type: "SCHEDULE", date: "2010-01-04" }), {
      type: "ACTIVATE",
      date: "2010-01-04",
    });
    expect(() => transitionJurisdiction(active, { type: "SCHEDULE", date: "2011-01-01" })).toThrow(
      IllegalTransitionError,
    );
  });

  it("changes receipt preferences independently in any state, with an audit event", () => {
    const { state, effects } = transitionJurisdiction(planJurisdiction("48201"), {
      type: "SET_RECEIPT",
      idr: false,
    });
    expect(state.receipt).toEqual({ idr: false, iar: true });
    expect(state.status).toBe("PLANNED");
    expect(effects[0]).toMatchObject({
      kind: "audit",
      action: "RECEIPT_PREFERENCE_SET",
      object: "jurisdiction:48201",
    });
  });

  it("rejects a date that is not a calendar day", () => {
    expect(() =>
      transitionJurisdiction(planJurisdiction("1"), { type: "SCHEDULE", date: "2009-02-30" }),
    ).toThrow(DomainInputError);
  });
});

describe("SIB agreements and the IDENT search decision", () => {
  const agreement = signAgreement("TX0000000", "TX", "2008-08-01");
  const active = step(
    step(planJurisdiction("48201", { idr: false, iar: false }), { type: "SCHEDULE", date: "2008-10-27" }),
    {
      type: "ACTIVATE",
      date: "2008-10-27",
    },
  );

  it("is in force from signature until termination", () => {
    const ended = terminateAgreement(agreement, "2014-11-20");
    expect(agreementInForce(agreement, "2008-07-31")).toBe(false);
    expect(agreementInForce(ended, "2014-11-19")).toBe(true);
    expect(agreementInForce(ended, "2014-11-20")).toBe(false);
    expect(() => terminateAgreement(ended, "2015-01-01")).toThrow(IllegalTransitionError);
    expect(() => terminateAgreement(agreement, "2001-01-01")).toThrow(DomainInputError);
  });

  it("searches IDENT for an activated jurisdiction under an agreement, whatever the receipt preferences", () => {
    expect(identSearchApplies(active, agreement, "2008-10-27")).toBe(true);
    expect(identSearchApplies(active, agreement, "2008-10-26")).toBe(false);
    expect(identSearchApplies(active, undefined, "2009-01-01")).toBe(false);
    expect(identSearchApplies(active, terminateAgreement(agreement, "2009-01-01"), "2009-06-01")).toBe(false);
    expect(identSearchApplies(planJurisdiction("1"), agreement, "2009-01-01")).toBe(false);
  });

  it("fixes routing for a booking: IDENT search from activation, receipt copied", () => {
    expect(routingFor(active, agreement, "2009-01-01", "TXICEDAL0")).toEqual({
      identSearch: true,
      receipt: { idr: false, iar: false },
      eroOri: "TXICEDAL0",
    });
    expect(routingFor(planJurisdiction("2"), agreement, "2009-01-01", "TXICEDAL0").identSearch).toBe(false);
  });
});
