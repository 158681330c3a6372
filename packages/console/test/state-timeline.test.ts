import { describe, expect, it } from "vitest";
import { bookingTimeline } from "../src/features/booking/state-timeline.js";
import type { Message, Transaction } from "../src/lib/api/types.js";

function message(type: string, createdAt: string): Message {
  return {
    id: `${type}-id`,
    type,
    recipientOri: "VA0590000",
    status: "delivered",
    delivered: true,
    suppressed: false,
    createdAt,
    content: {},
  };
}

const base = {
  createdAt: "2026-03-06T10:00:00Z",
  updatedAt: "2026-03-06T10:05:00Z",
  outcome: null,
  messages: [],
};
const statuses = (transaction: Parameters<typeof bookingTimeline>[0]) =>
  bookingTimeline(transaction).map((step) => `${step.key}:${step.status}`);

describe("a booking's timeline", () => {
  it("marks what is done, what runs now and what is still to come", () => {
    const transaction = {
      ...base,
      state: "CRIMINAL_SEARCHED" as Transaction["state"],
      messages: [message("SRE", "2026-03-06T10:01:00Z")],
    };
    expect(statuses(transaction)).toEqual([
      "received:done",
      "validated:done",
      "criminal:done",
      "ident:current",
      "lesc:pending",
      "iar:pending",
      "closed:pending",
    ]);
    expect(bookingTimeline(transaction)[2]?.at).toBe("2026-03-06T10:01:00Z");
  });

  it("skips the IDENT steps of a booking from a jurisdiction that is not activated", () => {
    const steps = bookingTimeline({ ...base, state: "CLOSED", outcome: "NOT_ACTIVATED" });
    expect(steps.map((step) => `${step.key}:${step.status}`)).toEqual([
      "received:done",
      "validated:done",
      "criminal:done",
      "ident:skipped",
      "lesc:skipped",
      "iar:skipped",
      "closed:done",
    ]);
    expect(steps[3]?.note).toContain("not activated");
  });

  it("ends an IDENT no-match after the IDR, and a reviewed match after the IAR", () => {
    expect(statuses({ ...base, state: "CLOSED", outcome: "IDENT_NO_MATCH" }).slice(3, 6)).toEqual([
      "ident:done",
      "lesc:skipped",
      "iar:skipped",
    ]);
    expect(statuses({ ...base, state: "CLOSED", outcome: "ERO_REVIEWED" }).slice(3, 6)).toEqual([
      "ident:done",
      "lesc:done",
      "iar:done",
    ]);
  });

  it("shows a rejected file as failed at validation", () => {
    const steps = bookingTimeline({
      ...base,
      state: "REJECTED",
      outcome: "REJECTED",
      messages: [message("ERRT", "2026-03-06T10:00:02Z")],
    });
    expect(steps.map((step) => step.status)).toEqual(["done", "failed"]);
    expect(steps[1]?.at).toBe("2026-03-06T10:00:02Z");
  });
});
