import { createHubStorage, type HubDatabaseHandle } from "../src/index.js";

/**
 * A small history whose every report figure is known, written through the hub's repositories the way
 * the services write it (state_data of each booking, IAQ/IAR messages, detainers with their state).
 * Report month: 2011-03 in America/New_York. See the expectations in reports-figures.test.ts.
 *
 * Jurisdictions: VA001 Alpha (activated 2011-01-15), VA003 Beta (activated 2011-03-10), VA005 Gamma
 * (planned), MD001 Delta (another state, activated 2010).
 */

const LEVEL = (label: string, convicted: boolean) => ({
  ruleSet: "SC_2008",
  version: "2008.1",
  level: label === "None" ? null : Number(label.slice(-1)),
  label,
  basis: convicted ? "CONVICTION" : "CHARGE",
  reason: "fixture",
  decidingOffences: [],
  inputs: {
    offences: [
      { ncic: "1399", disposition: "CHARGED" },
      ...(convicted ? [{ ncic: "1399", disposition: "CONVICTED", sentenceDays: 400 }] : []),
    ],
  },
});

interface Booking {
  readonly tcn: string;
  readonly jurisdiction: string;
  readonly at: string;
  readonly searched?: boolean;
  /** FPIR of the IDENT match; absent: no match. */
  readonly fpir?: number;
  readonly iaqAfterMs?: number;
  /** IAR status; with iarAfterMs. */
  readonly iar?: { status: string; afterMs: number; redressReferral?: boolean; overturned?: boolean };
  readonly review?: { afterIarMs: number; label: string; convicted: boolean };
  readonly detainer?: {
    status: string;
    served?: boolean;
    holdStartedAt?: string;
    holdDeadline?: string;
    closedAt?: string;
    liftReason?: string;
    redress?: boolean;
  };
  readonly race?: string;
  readonly placeOfBirth?: string;
}

const H = 3_600_000;

export const HISTORY: readonly Booking[] = [
  { tcn: "B01", jurisdiction: "VA001", at: "2011-01-10T15:00:00Z", searched: false },
  { tcn: "B02", jurisdiction: "VA001", at: "2011-02-05T15:00:00Z" },
  {
    tcn: "B12",
    jurisdiction: "VA001",
    at: "2011-02-20T15:00:00Z",
    fpir: 1e-5,
    iaqAfterMs: 1000,
    iar: { status: "REM", afterMs: 10 * H },
    review: { afterIarMs: 20 * H, label: "Level 1", convicted: true },
    detainer: {
      status: "LAPSED",
      served: true,
      holdStartedAt: "2011-02-25T17:00:00.000Z",
      holdDeadline: "2011-03-01T17:00:00.000Z",
      closedAt: "2011-03-01T17:00:30.000Z",
    },
  },
  {
    tcn: "B03",
    jurisdiction: "VA001",
    at: "2011-03-02T15:00:00Z",
    fpir: 1e-5,
    iaqAfterMs: 1000,
    iar: { status: "REM", afterMs: 2 * H },
    review: { afterIarMs: 4 * H, label: "Level 1", convicted: true },
    detainer: {
      status: "TRANSFERRED",
      served: true,
      holdStartedAt: "2011-03-20T14:00:00.000Z",
      holdDeadline: "2011-03-22T14:00:00.000Z",
      closedAt: "2011-03-21T09:00:00.000Z",
    },
  },
  {
    tcn: "B04",
    jurisdiction: "VA001",
    at: "2011-03-15T15:00:00Z",
    fpir: 2e-4,
    iaqAfterMs: 1000,
    iar: { status: "USC", afterMs: 4 * H, redressReferral: true },
    review: { afterIarMs: 1 * H, label: "None", convicted: false },
  },
  {
    tcn: "B05",
    jurisdiction: "VA001",
    // 22:00 on 31 March in New York: a March booking in the report's zone, April in UTC.
    at: "2011-04-01T02:00:00Z",
    fpir: 1e-6,
    iaqAfterMs: 1000,
    iar: { status: "UNK", afterMs: 6 * H, overturned: true },
    review: { afterIarMs: 2 * H, label: "Level 3", convicted: true },
  },
  {
    tcn: "B06",
    jurisdiction: "VA001",
    at: "2011-03-20T15:00:00Z",
    fpir: 3e-5,
    iaqAfterMs: 1000,
    iar: { status: "REM", afterMs: 8 * H },
    review: { afterIarMs: 3 * H, label: "Level 2", convicted: false },
    detainer: {
      status: "LIFTED",
      served: true,
      closedAt: "2011-03-25T12:00:00.000Z",
      liftReason: "PROSECUTORIAL_DISCRETION",
    },
  },
  {
    tcn: "B13",
    jurisdiction: "VA001",
    at: "2011-03-08T15:00:00Z",
    fpir: 5e-6,
    iaqAfterMs: 1000,
    iar: { status: "REM", afterMs: 1 * H },
    review: { afterIarMs: 5 * H, label: "Level 1", convicted: true },
    detainer: {
      status: "LIFTED",
      served: true,
      closedAt: "2011-03-09T20:00:00.000Z",
      liftReason: "US_CITIZEN",
      redress: true,
    },
  },
  { tcn: "B14", jurisdiction: "VA001", at: "2011-03-18T15:00:00Z" },
  { tcn: "B07", jurisdiction: "VA003", at: "2011-03-05T15:00:00Z", searched: false },
  {
    tcn: "B08",
    jurisdiction: "VA003",
    at: "2011-03-12T15:00:00Z",
    fpir: 4e-5,
    iaqAfterMs: 1000,
    iar: { status: "FOR", afterMs: 3 * H },
    review: { afterIarMs: 6 * H, label: "Level 1", convicted: true },
    detainer: {
      status: "HOLDING",
      served: true,
      holdStartedAt: "2011-03-28T12:00:00.000Z",
      holdDeadline: "2011-03-30T12:00:00.000Z",
    },
  },
  { tcn: "B09", jurisdiction: "VA003", at: "2011-03-13T15:00:00Z", fpir: 6e-5, iaqAfterMs: 1000 },
  { tcn: "B10", jurisdiction: "VA005", at: "2011-03-03T15:00:00Z", searched: false },
  {
    tcn: "B11",
    jurisdiction: "MD001",
    at: "2011-03-03T15:00:00Z",
    fpir: 1e-5,
    iaqAfterMs: 1000,
    iar: { status: "REM", afterMs: 5 * H },
    review: { afterIarMs: 5 * H, label: "Level 1", convicted: true },
    detainer: { status: "SERVED", served: true },
  },
];

export const JURISDICTIONS = [
  {
    ori: "VA001",
    name: "Alpha County (synthetic)",
    state: "VA",
    status: "ACTIVATED",
    at: "2011-01-15T05:00:00Z",
  },
  {
    ori: "VA003",
    name: "Beta County (synthetic)",
    state: "VA",
    status: "ACTIVATED",
    at: "2011-03-10T05:00:00Z",
  },
  { ori: "VA005", name: "Gamma County (synthetic)", state: "VA", status: "PLANNED", at: null },
  {
    ori: "MD001",
    name: "Delta County (synthetic)",
    state: "MD",
    status: "ACTIVATED",
    at: "2010-06-01T04:00:00Z",
  },
] as const;

/** Fixed ids, so that both backends store the same history. */
export function transactionIdOf(serial: number): string {
  return `00000000-0000-4000-9000-${String(serial).padStart(12, "0")}`;
}

/** Writes the history into an empty hub database with a clock that follows each event. */
export async function writeHistory(handle: HubDatabaseHandle): Promise<void> {
  let now = new Date("2011-01-01T00:00:00Z");
  const storage = createHubStorage(handle.db, { clock: () => now });
  for (const j of JURISDICTIONS)
    await storage.directory.putJurisdiction({
      jurisdictionId: j.ori,
      name: j.name,
      state: j.state,
      activationStatus: j.status,
      activatedAt: j.at ? new Date(j.at) : null,
      receiptIdr: true,
      receiptIar: true,
      activation: {},
    });
  let serial = 0;
  for (const b of HISTORY) {
    serial++;
    const t0 = Date.parse(b.at);
    const matched = b.fpir !== undefined;
    const searched = b.searched !== false;
    const base: Record<string, unknown> = {
      tcn: b.tcn,
      submitterOri: `${b.jurisdiction.slice(0, 2)}SIB0000`,
      leaOri: `${b.jurisdiction}00`,
      jurisdictionId: b.jurisdiction,
      routing: { identSearch: searched, receipt: { idr: true, iar: true }, eroOri: "VAICE0000" },
      subject: { race: b.race ?? "W", sex: "M", placeOfBirth: b.placeOfBirth ?? "VA" },
      criminalMatch: null,
    };
    const identMatch = matched
      ? { identity: `FIN${serial}`, score: 30, fmr: b.fpir! / 1e5, fpir: b.fpir!, gallerySize: 100_000 }
      : null;
    const atReceipt = searched
      ? {
          ...base,
          status: matched ? "IDENT_SEARCHED" : "CLOSED",
          identMatch,
          ...(matched ? {} : { outcome: "IDENT_NO_MATCH" }),
        }
      : { ...base, status: "CLOSED", outcome: "NOT_ACTIVATED" };
    now = new Date(t0);
    const { transaction } = await storage.transactions.createOrGet({
      id: transactionIdOf(serial),
      tcn: b.tcn,
      tot: "CAR",
      submitterOri: String(base.submitterOri),
      jurisdictionId: b.jurisdiction,
      state: String(atReceipt.status),
      stateData: atReceipt,
    });
    if (!matched) continue;
    now = new Date(t0 + (b.iaqAfterMs ?? 0));
    await storage.outbox.enqueue({
      transactionId: transaction.id,
      type: "IAQ",
      recipientOri: "VTICE0900",
      payloadJson: {},
    });
    let version = transaction.version;
    let state: Record<string, unknown> = { ...atReceipt, status: "IAQ_SENT", iaqId: `IAQ${b.tcn}` };
    version = (
      await storage.transactions.update(transaction.id, version, { state: "IAQ_SENT", stateData: state })
    ).version;
    if (!b.iar) continue;
    const iarAt = t0 + (b.iaqAfterMs ?? 0) + b.iar.afterMs;
    now = new Date(iarAt);
    const determination = {
      status: b.iar.status,
      proposal: {
        status: b.iar.status,
        rule: "fixture",
        discrepancy: null,
        detainerBasis: "BIOMETRIC_AND_RECORDS",
      },
      analyst: "fixture",
      changed: false,
      note: null,
      matchOverturned: b.iar.overturned === true,
      redressReferral: b.iar.redressReferral === true,
      determinedAt: now.toISOString(),
    };
    for (const to of [`${b.jurisdiction}00`, "VAICE0000"])
      await storage.outbox.enqueue({
        transactionId: transaction.id,
        type: "IAR",
        recipientOri: to,
        payloadJson: {},
      });
    state = { ...state, status: "IAR_RETURNED", determination };
    version = (
      await storage.transactions.update(transaction.id, version, { state: "IAR_RETURNED", stateData: state })
    ).version;
    if (!b.review) continue;
    const reviewedAt = iarAt + b.review.afterIarMs;
    now = new Date(reviewedAt);
    const priority = LEVEL(b.review.label, b.review.convicted);
    state = { ...state, status: "CLOSED", outcome: "ERO_REVIEWED", priority };
    await storage.transactions.update(transaction.id, version, { state: "CLOSED", stateData: state });
    if (!b.detainer) continue;
    const issuedAt = now.toISOString();
    const id = `00000000-0000-4000-8000-${String(serial).padStart(12, "0")}`;
    await storage.detainers.create({
      id,
      transactionId: transaction.id,
      leaOri: `${b.jurisdiction}00`,
      eroOri: "VAICE0000",
      status: b.detainer.status,
      state: {
        id,
        tcn: b.tcn,
        status: b.detainer.status,
        issuedAt,
        ...(b.detainer.served ? { servedAt: issuedAt } : {}),
        ...(b.detainer.holdStartedAt
          ? { holdStartedAt: b.detainer.holdStartedAt, holdDeadline: b.detainer.holdDeadline }
          : {}),
        ...(b.detainer.closedAt ? { closedAt: b.detainer.closedAt } : {}),
        ...(b.detainer.liftReason ? { liftReason: b.detainer.liftReason } : {}),
        redress: b.detainer.redress === true,
      },
      priority,
    });
  }
}
