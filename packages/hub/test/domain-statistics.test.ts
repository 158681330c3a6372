import { describe, expect, it } from "vitest";
import type { Effect } from "../src/domain/domain-effects.js";
import { determineStatus, proposeDetermination } from "../src/domain/lesc-determination.js";
import {
  receiveSubmission,
  type SubmissionEvent,
  transitionSubmission,
} from "../src/domain/submission-workflow.js";
import { aggregateStatistics, type TransactionOutcome } from "../src/domain/transaction-statistics.js";
import { DomainInputError } from "../src/index.js";

const hit = { gallerySize: 10, candidates: [{ identity: "F", fusedScore: 10, fmr: 1e-12, fpir: 1e-11 }] };
const miss = { gallerySize: 10, candidates: [] };

/** The outcome the shell would record for one booking run through the workflow. */
function booking(
  jurisdictionId: string,
  receivedAt: string,
  identSearch: boolean,
  idr: boolean,
  match: boolean,
): TransactionOutcome {
  let { state, effects } = receiveSubmission({
    transactionId: `${jurisdictionId}-${receivedAt}`,
    tcn: `${jurisdictionId}-${receivedAt}`,
    submitterOri: "TX0000000",
    leaOri: "TX1010000",
    jurisdictionId,
    routing: { identSearch, receipt: { idr, iar: idr }, eroOri: "TXICEDAL0" },
  });
  const all: Effect[] = [...effects];
  const events: SubmissionEvent[] = [
    { type: "VALIDATION_PASSED" },
    { type: "CRIMINAL_SEARCH_COMPLETED", result: miss },
  ];
  if (identSearch) events.push({ type: "IDENT_SEARCH_COMPLETED", result: match ? hit : miss });
  if (identSearch && match) {
    const proposal = proposeDetermination({ record: { recordedStatus: "FINAL_ORDER", encounters: [] } });
    events.push(
      { type: "IAQ_GENERATED", iaqId: "Q" },
      { type: "LESC_DETERMINED", determination: determineStatus(proposal, { analyst: "a", at: receivedAt }) },
    );
  }
  for (const event of events) {
    ({ state, effects } = transitionSubmission(state, event));
    all.push(...effects);
  }
  return {
    jurisdictionId,
    submitterOri: "TX0000000",
    receivedAt,
    messages: all.flatMap((e) =>
      e.kind === "message"
        ? [
            {
              type: e.type,
              delivery: e.delivery,
              ...(e.type === "SRE" ? { srf: String(e.content.srf) } : {}),
            },
          ]
        : [],
    ),
    identMatch: state.identMatch != null,
    detainers: match ? 1 : 0,
  };
}

describe("statistics aggregation", () => {
  const outcomes = [
    booking("48201", "2010-10-05T10:00:00Z", true, true, true),
    booking("48201", "2010-10-20T10:00:00Z", true, false, true),
    booking("48113", "2010-10-31T23:30:00Z", false, true, false),
    booking("48113", "2010-11-02T08:00:00Z", true, true, false),
  ];

  it("counts bookings, responses, matches and detainers overall", () => {
    expect(aggregateStatistics(outcomes).overall).toEqual({
      bookings: 4,
      sreIdent: 0,
      sreNonIdent: 4,
      errt: 0,
      idr: 3,
      idrSuppressed: 1,
      identMatches: 2,
      iaq: 2,
      iar: 2,
      iarSuppressed: 1,
      detainers: 2,
    });
  });

  it("splits by jurisdiction and month, and the splits add up", () => {
    const stats = aggregateStatistics(outcomes);
    expect(Object.keys(stats.byJurisdiction)).toEqual(["48113", "48201"]);
    expect(stats.byJurisdiction["48201"]).toMatchObject({ bookings: 2, identMatches: 2, iar: 2 });
    expect(stats.byMonth["2010-10"]).toMatchObject({ bookings: 3, idr: 2 });
    expect(stats.byMonth["2010-11"]).toMatchObject({ bookings: 1, idr: 1 });
    const sum = (groups: object) => Object.values(groups).reduce((n, c) => n + c.bookings, 0);
    expect(sum(stats.byJurisdiction)).toBe(4);
    expect(sum(stats.byMonth)).toBe(4);
  });

  it("assigns months on the reporting zone's calendar", () => {
    const stats = aggregateStatistics(outcomes, "Pacific/Kiritimati");
    expect(stats.byMonth["2010-11"]?.bookings).toBe(2);
  });

  it("splits SREs into idents and non-idents by their SRF", () => {
    const ident: TransactionOutcome = {
      ...outcomes[0]!,
      messages: [{ type: "SRE", delivery: "delivered", srf: "I" }],
    };
    const stats = aggregateStatistics([ident, outcomes[1]!, outcomes[2]!]);
    expect(stats.overall).toMatchObject({ bookings: 3, sreIdent: 1, sreNonIdent: 2 });
  });

  it("counts rejected files as errt, by jurisdiction, month and submitter, and never as bookings", () => {
    const rejected = [
      { jurisdictionId: "48201", submitterOri: "TX0000000", receivedAt: "2010-10-06T10:00:00Z" },
      { jurisdictionId: null, submitterOri: "TX1010000", receivedAt: "2010-11-30T10:00:00Z" },
    ];
    const stats = aggregateStatistics(outcomes, "UTC", rejected);
    expect(stats.overall).toMatchObject({ bookings: 4, errt: 2 });
    expect(stats.byJurisdiction["48201"]).toMatchObject({ bookings: 2, errt: 1 });
    expect(stats.byJurisdiction.UNKNOWN).toMatchObject({ bookings: 0, errt: 1 });
    expect(stats.byMonth["2010-11"]).toMatchObject({ bookings: 1, errt: 1 });
    expect(stats.bySubmitter).toEqual({
      TX0000000: expect.objectContaining({ bookings: 4, errt: 1 }),
      TX1010000: expect.objectContaining({ bookings: 0, errt: 1 }),
    });
    expect(() => aggregateStatistics([], "UTC", [{ ...rejected[0]!, receivedAt: "later" }])).toThrow(
      /rejected\[0\]\.receivedAt/,
    );
  });

  it("is empty for no outcomes and rejects bad input by position", () => {
    expect(aggregateStatistics([]).overall.bookings).toBe(0);
    expect(() => aggregateStatistics([{ ...outcomes[0]!, receivedAt: "soon" }])).toThrow(
      /outcomes\[0\]\.receivedAt/,
    );
    expect(() => aggregateStatistics([{ ...outcomes[0]!, detainers: -1 }])).toThrow(DomainInputError);
  });
});
