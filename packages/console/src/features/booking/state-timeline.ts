import type { Message, Transaction } from "../../lib/api/types.js";

/**
 * A booking's way through the hub as steps a person can follow, from its state, outcome and the
 * messages the caller may see. Pure: the timeline component only draws it.
 */
export type StepStatus = "done" | "current" | "pending" | "skipped" | "failed";

export interface TimelineStep {
  readonly key: string;
  readonly label: string;
  readonly status: StepStatus;
  /** When the step happened, where a visible message or the booking itself dates it. */
  readonly at?: string;
  readonly note?: string;
}

const RANK: Record<Transaction["state"], number> = {
  RECEIVED: 0,
  VALIDATED: 1,
  REJECTED: 1,
  CRIMINAL_SEARCHED: 2,
  IDENT_SEARCHED: 3,
  IAQ_SENT: 4,
  IAR_RETURNED: 5,
  CLOSED: 6,
  // Terminal after acceptance: the steps after validation may not have happened (see `failure`).
  FAILED: 1,
};

function firstAt(messages: readonly Message[], type: string): string | undefined {
  return messages.find((message) => message.type === type)?.createdAt;
}

export function bookingTimeline(
  transaction: Pick<Transaction, "state" | "outcome" | "createdAt" | "updatedAt" | "messages">,
): TimelineStep[] {
  const { state, outcome, messages } = transaction;
  if (state === "REJECTED")
    return [
      { key: "received", label: "Received", status: "done", at: transaction.createdAt },
      {
        key: "validated",
        label: "Rejected: invalid EBTS file",
        status: "failed",
        at: firstAt(messages, "ERRT") ?? transaction.updatedAt,
        note: "An ERRT was sent to the submitter",
      },
    ];
  // Where a closed booking stopped: it reached every step up to its outcome and none after.
  const reached =
    state !== "CLOSED"
      ? RANK[state]
      : outcome === "NOT_ACTIVATED"
        ? RANK.CRIMINAL_SEARCHED
        : outcome === "IDENT_NO_MATCH"
          ? RANK.IDENT_SEARCHED
          : RANK.IAR_RETURNED;
  const closed = state === "CLOSED";
  const step = (
    key: string,
    label: string,
    rank: number,
    at: string | undefined,
    skippedNote?: string,
  ): TimelineStep => {
    if (reached >= rank) return { key, label, status: "done", ...(at ? { at } : {}) };
    if (closed) return { key, label, status: "skipped", ...(skippedNote ? { note: skippedNote } : {}) };
    return { key, label, status: reached + 1 === rank ? "current" : "pending" };
  };
  const notActivated =
    outcome === "NOT_ACTIVATED" ? "Jurisdiction not activated: no IDENT search" : undefined;
  return [
    { key: "received", label: "Received", status: "done", at: transaction.createdAt },
    step("validated", "Validated against the EBTS profile", RANK.VALIDATED, undefined),
    step("criminal", "Criminal search (SRE)", RANK.CRIMINAL_SEARCHED, firstAt(messages, "SRE")),
    step("ident", "IDENT search (IDR)", RANK.IDENT_SEARCHED, firstAt(messages, "IDR"), notActivated),
    step(
      "lesc",
      "Immigration alien query to the LESC (IAQ)",
      RANK.IAQ_SENT,
      firstAt(messages, "IAQ"),
      notActivated ?? "No IDENT match: no IAQ",
    ),
    step(
      "iar",
      "Status determined (IAR)",
      RANK.IAR_RETURNED,
      firstAt(messages, "IAR"),
      notActivated ?? "No IAR",
    ),
    closed
      ? { key: "closed", label: "Closed", status: "done", at: transaction.updatedAt }
      : { key: "closed", label: "Closed", status: "pending" },
  ];
}
