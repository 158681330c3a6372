/**
 * Throughput of the functional core, to show it is negligible next to search and storage at the demo's
 * 20 bookings/s goal. Prints the median of five runs of each case.
 * Run: npx tsx packages/hub/bench/domain.ts
 */

import { holdDeadline } from "../src/domain/detainer-clock.js";
import { determineStatus, proposeDetermination } from "../src/domain/lesc-determination.js";
import { assessPriority } from "../src/domain/priority-levels.js";
import {
  receiveSubmission,
  type SubmissionEvent,
  transitionSubmission,
} from "../src/domain/submission-workflow.js";
import { aggregateStatistics, type TransactionOutcome } from "../src/domain/transaction-statistics.js";

const priority = assessPriority("PEP_2014", {
  offences: [{ ncic: "1313", disposition: "CONVICTED", sentenceDays: 400 }],
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** Median rate of `units` per call × `count` calls over five runs. */
function perSecond(label: string, count: number, body: (i: number) => unknown, units = 1): void {
  const rates: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    for (let i = 0; i < count; i++) body(i);
    rates.push((count * units) / ((performance.now() - start) / 1000));
  }
  console.log(`${label.padEnd(52)} ${Math.round(median(rates)).toLocaleString("en-US").padStart(12)} /s`);
}

const DAY = 86_400_000;
const base = Date.UTC(2024, 0, 1);
perSecond("holdDeadline, UTC", 2_000, (i) =>
  holdDeadline(new Date(base + (i % 365) * DAY + 3_600_000 * (i % 24))),
);
perSecond("holdDeadline, America/Chicago", 2_000, (i) =>
  holdDeadline(new Date(base + (i % 365) * DAY + 3_600_000 * (i % 24)), "America/Chicago"),
);

const hit = { gallerySize: 100_000, candidates: [{ identity: "F", fusedScore: 12, fmr: 1e-13, fpir: 1e-8 }] };
const determination = determineStatus(
  proposeDetermination({ record: { recordedStatus: "FINAL_ORDER", encounters: [] } }),
  {
    analyst: "a",
    at: "2024-01-01T00:00:00Z",
  },
);
const path: SubmissionEvent[] = [
  { type: "VALIDATION_PASSED" },
  { type: "CRIMINAL_SEARCH_COMPLETED", result: hit },
  { type: "IDENT_SEARCH_COMPLETED", result: hit },
  { type: "IAQ_GENERATED", iaqId: "Q" },
  { type: "LESC_DETERMINED", determination },
  { type: "ERO_REVIEWED", detainerIssued: true, priority },
];
perSecond("submission, whole match path (7 transitions)", 20_000, (i) => {
  let { state } = receiveSubmission({
    transactionId: `T${i}`,
    tcn: `T${i}`,
    submitterOri: "TX0000000",
    leaOri: "TX1010000",
    jurisdictionId: "48201",
    routing: { identSearch: true, receipt: { idr: true, iar: false }, eroOri: "TXICEDAL0" },
  });
  for (const event of path) state = transitionSubmission(state, event).state;
});

const offences = [
  { ncic: "5403", disposition: "CONVICTED", severity: "MISDEMEANOR" },
  { ncic: "2303", disposition: "CONVICTED", severity: "MISDEMEANOR", sentenceDays: 30 },
  { ncic: "1299", disposition: "CHARGED" },
] as const;
perSecond("assessPriority, 3 offences, all three rule sets", 20_000, () => {
  for (const ruleSet of ["SC_2008", "THREAT_2011", "PEP_2014"] as const)
    assessPriority(ruleSet, { offences });
});

const outcomes: TransactionOutcome[] = Array.from({ length: 100_000 }, (_, i) => ({
  jurisdictionId: String(48_000 + (i % 254)),
  submitterOri: "TX0000000",
  receivedAt: new Date(base + (i % 730) * DAY).toISOString(),
  messages: [
    { type: "SRE", delivery: "delivered", srf: i % 3 ? "N" : "I" },
    { type: "IDR", delivery: i % 5 ? "delivered" : "suppressed" },
  ],
  identMatch: i % 10 === 0,
  detainers: i % 20 === 0 ? 1 : 0,
}));
perSecond(
  "aggregateStatistics, outcomes aggregated (100,000 per call)",
  1,
  () => aggregateStatistics(outcomes),
  outcomes.length,
);
