import { describe, expect, it } from "vitest";
import {
  type DetainerEvent,
  issueDetainer,
  type NewDetainer,
  transitionDetainer,
} from "../src/domain/detainer-lifecycle.js";
import { type DetainerState, DomainInputError, IllegalTransitionError } from "../src/index.js";

const base: NewDetainer = {
  id: "DET-1",
  tcn: "TCN-0001",
  form: "I-247A",
  basis: "FINAL_ORDER",
  leaOri: "TX1010000",
  eroOri: "TXICEDAL0",
  facilityTimeZone: "America/Chicago",
  issuedAt: "2024-11-20T15:00:00Z",
};

function apply(state: DetainerState, events: DetainerEvent[]): DetainerState {
  return events.reduce((s, e) => transitionDetainer(s, e).state, state);
}

const toRelease: DetainerEvent[] = [
  { type: "SERVE", at: "2024-11-20T16:00:00Z" },
  { type: "ACKNOWLEDGE", at: "2024-11-20T17:00:00Z" },
  { type: "RELEASE_NOTICE", at: "2024-11-25T12:00:00Z", releaseDueAt: "2024-11-27T22:00:00-06:00" },
];

describe("detainer lifecycle", () => {
  it("issues a detainer with a notice to the LEA", () => {
    const { state, effects } = issueDetainer(base);
    expect(state).toMatchObject({ status: "ISSUED", redress: false, issuedAt: "2024-11-20T15:00:00.000Z" });
    expect(effects[0]).toMatchObject({
      kind: "message",
      type: "DETAINER_ISSUED",
      to: base.leaOri,
      delivery: "delivered",
    });
  });

  it("holds on the facility's calendar and schedules the expiry check at the deadline", () => {
    const due = apply(issueDetainer(base).state, toRelease);
    expect(due.status).toBe("RELEASE_DUE");
    const { state, effects } = transitionDetainer(due, { type: "HOLD", at: "2024-11-27T22:00:00-06:00" });
    expect(state).toMatchObject({ status: "HOLDING", holdDeadline: "2024-12-03T04:00:00.000Z" });
    expect(effects).toContainEqual({
      kind: "work",
      work: "CHECK_HOLD_EXPIRY",
      object: "detainer:DET-1",
      notBefore: "2024-12-03T04:00:00.000Z",
    });
  });

  it("lapses only once the hold deadline has passed", () => {
    const holding = apply(issueDetainer(base).state, [
      ...toRelease,
      { type: "HOLD", at: "2024-11-27T22:00:00-06:00" },
    ]);
    expect(() => transitionDetainer(holding, { type: "EXPIRE", at: "2024-12-02T12:00:00Z" })).toThrow(
      /runs until/,
    );
    expect(transitionDetainer(holding, { type: "EXPIRE", at: "2024-12-03T04:00:00Z" }).state.status).toBe(
      "LAPSED",
    );
  });

  it.each([
    ["TRANSFER", "TRANSFERRED"],
    ["RELEASE", "RELEASED"],
  ] as const)("ends a hold by %s", (type, status) => {
    const holding = apply(issueDetainer(base).state, [
      ...toRelease,
      { type: "HOLD", at: "2024-11-28T04:00:00Z" },
    ]);
    const { state } = transitionDetainer(holding, { type, at: "2024-11-29T10:00:00Z" });
    expect(state).toMatchObject({ status, closedAt: "2024-11-29T10:00:00.000Z" });
  });

  it("lifts on a US-citizen finding with a redress flag, from any open state", () => {
    for (const events of [[], toRelease.slice(0, 1), toRelease]) {
      const open = apply(issueDetainer(base).state, events);
      const { state, effects } = transitionDetainer(open, {
        type: "US_CITIZEN_FOUND",
        at: "2024-11-26T09:00:00Z",
        by: "analyst-7",
      });
      expect(state).toMatchObject({ status: "LIFTED", redress: true, liftReason: "US_CITIZEN" });
      expect(effects).toContainEqual(expect.objectContaining({ type: "DETAINER_LIFTED", to: base.leaOri }));
      expect(effects).toContainEqual({ kind: "work", work: "OPEN_REDRESS", object: "detainer:DET-1" });
    }
  });

  it("lifts for another reason without redress, and refuses to lift a closed detainer", () => {
    const { state } = transitionDetainer(issueDetainer(base).state, {
      type: "LIFT",
      at: "2024-11-21T00:00:00Z",
      reason: "charges dropped",
    });
    expect(state).toMatchObject({ status: "LIFTED", redress: false });
    expect(() =>
      transitionDetainer(state, { type: "US_CITIZEN_FOUND", at: "2024-11-22T00:00:00Z", by: "x" }),
    ).toThrow(IllegalTransitionError);
  });

  it("never holds on a notification-only I-247N", () => {
    const due = apply(issueDetainer({ ...base, form: "I-247N" }).state, toRelease);
    expect(() => transitionDetainer(due, { type: "HOLD", at: "2024-11-28T04:00:00Z" })).toThrow(
      /notification only/,
    );
  });

  it("names state and event when an event comes out of order", () => {
    const issued = issueDetainer(base).state;
    expect(() => transitionDetainer(issued, { type: "HOLD", at: "2024-11-28T04:00:00Z" })).toThrow(
      expect.objectContaining({ machine: "detainer", state: "ISSUED", event: "HOLD" }),
    );
    expect(() => transitionDetainer(issued, { type: "SERVE", at: "not a date" })).toThrow(DomainInputError);
    expect(() => transitionDetainer(issued, { type: "SERVE", at: "2024-11-19T00:00:00Z" })).toThrow(
      /before the detainer/,
    );
  });

  it("refuses a facility zone that does not exist", () => {
    expect(() => issueDetainer({ ...base, facilityTimeZone: "America/Atlantis" })).toThrow(/timeZone/);
  });
});
