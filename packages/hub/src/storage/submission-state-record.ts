import { IMMIGRATION_STATUS_CODES } from "@tenprint/nist";
import { z } from "zod";
import type { SubmissionState } from "../domain/submission-workflow.js";
import { lescProposalFields } from "./lesc-proposal-record.js";
import { parsedState, StoredStateError, unknownVersion } from "./stored-state.js";
import type { StoredTransaction } from "./transaction-repository.js";

/**
 * A booking's workflow state as `transactions.state_data` holds it: the domain's SubmissionState plus
 * `stateVersion`. Reading validates the row against the schema of its version and migrates older versions
 * step by step to the current one, so a hub upgraded under stored bookings carries on with them, and a row
 * that fits no version is refused by name and field instead of steering the workflow
 * (docs/decisions/0021-versioned-workflow-state.md).
 *
 * Version 1 is what every hub before the tag wrote: the state without `stateVersion`, and, in rows
 * written before bookings had their id in the state, without `transactionId`.
 * Version 2 carries `stateVersion: 2` and always a `transactionId`.
 */
export const SUBMISSION_STATE_VERSION = 2;

export { StoredStateError };

const nonEmpty = z.string().min(1);
const rate = z.number().min(0).max(1);

const matchEvidence = z.strictObject({
  identity: nonEmpty,
  score: z.number(),
  fmr: rate,
  fpir: rate,
  gallerySize: z.number().int().nonnegative(),
});

const proposal = z.strictObject(lescProposalFields);

const determination = z.strictObject({
  status: z.enum(IMMIGRATION_STATUS_CODES),
  proposal,
  analyst: z.string(),
  changed: z.boolean(),
  note: z.string().nullable(),
  matchOverturned: z.boolean(),
  redressReferral: z.boolean(),
  determinedAt: z.iso.datetime(),
});

const isoDay = z.iso.date();

const priority = z.strictObject({
  ruleSet: z.enum(["SC_2008", "THREAT_2011", "PEP_2014"]),
  version: z.string(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  label: z.string(),
  basis: z.enum(["CONVICTION", "CHARGE", "IMMIGRATION_HISTORY", "NONE"]),
  reason: z.string(),
  decidingOffences: z.array(z.string()),
  inputs: z.strictObject({
    offences: z.array(
      z.strictObject({
        ncic: z.string().regex(/^\d{4}$/),
        disposition: z.enum(["CONVICTED", "CHARGED"]),
        sentenceDays: z.number().nonnegative().optional(),
        severity: z.enum(["FELONY", "MISDEMEANOR"]).optional(),
      }),
    ),
    facts: z
      .strictObject({
        finalOrderDate: isoDay.optional(),
        apprehendedAtBorder: z.boolean().optional(),
        gangOrTerrorism: z.boolean().optional(),
      })
      .optional(),
  }),
});

/** The fields every version has; version 1 may lack `transactionId`. */
const stateFields = {
  tcn: nonEmpty,
  submitterOri: nonEmpty,
  leaOri: nonEmpty,
  jurisdictionId: nonEmpty,
  routing: z.strictObject({
    identSearch: z.boolean(),
    receipt: z.strictObject({ idr: z.boolean(), iar: z.boolean() }),
    eroOri: nonEmpty,
  }),
  retain: z.boolean().optional(),
  subject: z.strictObject({ race: z.string(), sex: z.string(), placeOfBirth: z.string() }).optional(),
  status: z.enum([
    "RECEIVED",
    "VALIDATED",
    "REJECTED",
    "CRIMINAL_SEARCHED",
    "IDENT_SEARCHED",
    "IAQ_SENT",
    "IAR_RETURNED",
    "CLOSED",
    "FAILED",
  ]),
  criminalMatch: matchEvidence.nullable().optional(),
  identMatch: matchEvidence.nullable().optional(),
  iaqId: nonEmpty.optional(),
  determination: determination.optional(),
  priority: priority.optional(),
  outcome: z.enum(["REJECTED", "NOT_ACTIVATED", "IDENT_NO_MATCH", "ERO_REVIEWED", "FAILED"]).optional(),
  failure: z.string().optional(),
};

const version1 = z.strictObject({ ...stateFields, transactionId: nonEmpty.optional() });
const version2 = z.strictObject({
  ...stateFields,
  stateVersion: z.literal(2),
  transactionId: nonEmpty,
});

type Version1 = z.infer<typeof version1>;
type Version2 = z.infer<typeof version2>;

/**
 * Version 1 → 2: the tag, and the row's id as `transactionId` for states written before the state carried
 * it. Such a booking's later steps are then audited under `transaction:<id>`, the object its reads were
 * always audited under (packages/hub/src/domain/submission-workflow.ts, objectOf).
 */
function fromVersion1(state: Version1, rowId: string): Version2 {
  return { ...state, transactionId: state.transactionId ?? rowId, stateVersion: 2 };
}

function parsed<T>(schema: z.ZodType<T>, data: unknown, rowId: string, version: number): T {
  return parsedState(schema, data, { table: "transactions", id: rowId, version });
}

/**
 * The workflow state of a stored booking: validated, migrated to the current version, and checked against
 * the row's `state` column. Throws StoredStateError naming the row and the field.
 */
export function submissionStateOf(
  transaction: Pick<StoredTransaction, "id" | "state" | "stateData">,
): SubmissionState {
  const { id, stateData } = transaction;
  const version = stateData.stateVersion ?? 1;
  let current: Version2;
  if (version === 1) current = fromVersion1(parsed(version1, stateData, id, 1), id);
  else if (version === SUBMISSION_STATE_VERSION) current = parsed(version2, stateData, id, 2);
  else throw unknownVersion("transactions", id, version, SUBMISSION_STATE_VERSION);
  if (current.status !== transaction.state)
    throw new StoredStateError(
      "transactions",
      id,
      "status",
      `is ${current.status} but the row's state column is ${transaction.state}`,
    );
  const { stateVersion: _version, ...state } = current;
  return state;
}

/** The row form of a state, at the current version: what `transactions.state_data` is written with. */
export function stateRecord(state: SubmissionState): Record<string, unknown> {
  return { ...JSON.parse(JSON.stringify(state)), stateVersion: SUBMISSION_STATE_VERSION };
}
