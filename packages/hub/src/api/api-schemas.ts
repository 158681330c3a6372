import { IMMIGRATION_STATUS_CODES } from "@tenprint/nist";
import type { DetainerBasis, Discrepancy } from "../domain/lesc-determination.js";
import type { SubmissionStatus } from "../domain/submission-workflow.js";
import { errorBodySchema } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";

/**
 * Shared JSON schemas, registered once (`$id`) and referenced by routes so that the OpenAPI document names
 * them as components. Free-form objects (message content, domain records) are `additionalProperties: true`
 * so the serializer passes them whole.
 */
const dateTime = { type: "string", format: "date-time" } as const;
const nullableDateTime = { type: "string", format: "date-time", nullable: true } as const;
const freeObject = { type: "object", additionalProperties: true } as const;

export const messageSchema = {
  $id: "Message",
  type: "object",
  required: ["id", "type", "recipientOri", "status", "delivered", "suppressed", "createdAt", "content"],
  properties: {
    id: { type: "string", format: "uuid" },
    transactionId: { type: "string", format: "uuid", nullable: true },
    type: { type: "string", description: "SRE, ERRT, IDR, IAQ, IAR, DETAINER_ISSUED, DETAINER_LIFTED, …" },
    recipientOri: { type: "string" },
    status: { type: "string", enum: ["pending", "delivered", "suppressed", "failed"] },
    delivered: { type: "boolean" },
    suppressed: {
      type: "boolean",
      description: "Recorded but withheld by the recipient's receipt preference; the search still ran",
    },
    createdAt: dateTime,
    deliveredAt: nullableDateTime,
    acknowledgedAt: nullableDateTime,
    hasEbts: { type: "boolean", description: "An EBTS file of the message is at /v1/messages/{id}/ebts" },
    content: {
      ...freeObject,
      nullable: true,
      description: "The message as JSON; null where it is withheld from the caller (suppressed)",
    },
  },
} as const;

/** Every state a booking passes through (domain/submission-workflow.ts), described for clients. */
const SUBMISSION_STATES: Record<SubmissionStatus, string> = {
  RECEIVED: "received, waiting for validation",
  VALIDATED: "valid, waiting for the criminal search",
  REJECTED: "invalid: an ERRT was sent",
  CRIMINAL_SEARCHED: "SRE sent; the IDENT search follows where the jurisdiction is activated",
  IDENT_SEARCHED: "IDR sent; an IDENT match waits for its IAQ",
  IAQ_SENT: "IAQ sent to the LESC, waiting for the status determination",
  IAR_RETURNED: "IAR sent, waiting for ERO's review",
  CLOSED: "no further work (see outcome)",
  FAILED:
    "accepted, but a search step can never complete (undecodable prints): an ERRT was sent; `failure` says why",
};

const transactionProperties = {
  id: { type: "string", format: "uuid" },
  tcn: { type: "string" },
  tot: { type: "string" },
  state: {
    type: "string",
    enum: Object.keys(SUBMISSION_STATES),
    description: Object.entries(SUBMISSION_STATES)
      .map(([state, meaning]) => `${state}: ${meaning}`)
      .join("; "),
  },
  submitterOri: { type: "string" },
  leaOri: { type: "string", nullable: true },
  jurisdictionId: {
    type: "string",
    nullable: true,
    description: "The booking's jurisdiction: its county's five-digit FIPS code (not an ORI)",
  },
  outcome: {
    type: "string",
    nullable: true,
    enum: ["REJECTED", "NOT_ACTIVATED", "IDENT_NO_MATCH", "ERO_REVIEWED", "FAILED", null],
    description: "Why it ended where it did (REJECTED, CLOSED, FAILED)",
  },
  failure: {
    type: "string",
    nullable: true,
    description:
      "For a FAILED booking: the step that failed and why (also in the ERRT sent to the submitter)",
  },
  createdAt: dateTime,
  updatedAt: dateTime,
} as const;

export const transactionSummarySchema = {
  $id: "TransactionSummary",
  type: "object",
  required: ["id", "tcn", "tot", "state", "createdAt", "updatedAt"],
  properties: transactionProperties,
} as const;

export const transactionSchema = {
  $id: "Transaction",
  type: "object",
  required: ["id", "tcn", "tot", "state", "createdAt", "updatedAt", "messages"],
  properties: {
    ...transactionProperties,
    messages: { type: "array", items: { $ref: "Message#" } },
  },
} as const;

export const jurisdictionSchema = {
  $id: "Jurisdiction",
  type: "object",
  required: ["jurisdictionId", "name", "state", "activationStatus", "receiptIdr", "receiptIar"],
  properties: {
    jurisdictionId: {
      type: "string",
      description: "A county's five-digit FIPS code, or a correctional reception facility's ORI",
    },
    name: { type: "string" },
    state: { type: "string" },
    activationStatus: { type: "string", enum: ["PLANNED", "SCHEDULED", "DEFERRED", "ACTIVATED"] },
    activatedAt: nullableDateTime,
    scheduledAt: { type: "string", format: "date", nullable: true },
    deferredReason: { type: "string", nullable: true },
    receiptIdr: { type: "boolean" },
    receiptIar: { type: "boolean" },
    eroOri: { type: "string", nullable: true, description: "The ERO field office covering it" },
  },
} as const;

export const auditEventSchema = {
  $id: "AuditEvent",
  type: "object",
  required: ["seq", "at", "actor", "ori", "action", "hash", "prevHash"],
  properties: {
    seq: { type: "integer" },
    at: dateTime,
    actor: { type: "string" },
    ori: { type: "string" },
    action: { type: "string" },
    purpose: { type: "string", nullable: true },
    object: { type: "string", nullable: true },
    details: freeObject,
    prevHash: { type: "string" },
    hash: { type: "string" },
  },
} as const;

/** The `limit` query parameter of every listing. */
export const pageLimit = {
  type: "integer",
  minimum: 1,
  maximum: API_PARAMETERS.pageSize.max,
  default: API_PARAMETERS.pageSize.default,
} as const;

const count = { type: "integer", minimum: 0 } as const;

export const statisticsCountsSchema = {
  $id: "StatisticsCounts",
  type: "object",
  description:
    "Counts of bookings (not of messages): an IAR to both the LEA and ERO is one IAR. Rejected files are no " +
    "bookings; `errt` counts them.",
  required: [
    "bookings",
    "sreIdent",
    "sreNonIdent",
    "errt",
    "idr",
    "idrSuppressed",
    "identMatches",
    "iaq",
    "iar",
    "iarSuppressed",
    "detainers",
  ],
  properties: {
    bookings: { ...count, description: "Accepted bookings (transactions)" },
    sreIdent: { ...count, description: "Bookings whose criminal search identified someone (SRE, SRF I)" },
    sreNonIdent: { ...count, description: "Bookings whose criminal search identified no one (SRE, SRF N)" },
    errt: {
      ...count,
      description: "Rejected files answered with an ERRT, once per submitter and file; not in `bookings`",
    },
    idr: count,
    idrSuppressed: count,
    identMatches: count,
    iaq: count,
    iar: count,
    iarSuppressed: count,
    detainers: count,
  },
} as const;

export const detainerSchema = {
  $id: "Detainer",
  type: "object",
  required: ["id", "transactionId", "leaOri", "eroOri", "status", "state", "priority"],
  properties: {
    id: { type: "string", format: "uuid" },
    transactionId: { type: "string", format: "uuid" },
    leaOri: { type: "string" },
    eroOri: { type: "string" },
    status: { type: "string" },
    state: { ...freeObject, description: "The detainer's lifecycle state, hold clock included" },
    priority: { ...freeObject, description: "Priority assessment: rule set, version, level and inputs" },
    version: { type: "integer" },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

// Records over the domain's unions: a value added there fails to compile here until it is described.
const DETAINER_BASES: Record<DetainerBasis, string> = {
  FINAL_ORDER: "a final order of removal",
  PENDING_PROCEEDINGS: "removal proceedings are pending",
  BIOMETRIC_AND_RECORDS: "biometric confirmation and a records check",
};
const DISCREPANCIES: Record<Discrepancy, string> = {
  CITIZENSHIP_NOT_IN_IDENT_RECORD: "citizenship found elsewhere is not in the IDENT record",
};

const immigrationStatus = {
  type: "string",
  enum: [...IMMIGRATION_STATUS_CODES],
  description: "IAR status code (USC, LPR, REM, FOR, NIV, RFG, UNK, …)",
} as const;

export const lescProposalSchema = {
  $id: "LescProposal",
  type: "object",
  description: "The status the LESC rules propose from the IDENT record; an analyst confirms or changes it",
  required: ["status", "rule", "discrepancy", "detainerBasis"],
  properties: {
    status: immigrationStatus,
    rule: { type: "string", description: "The rule that decided, e.g. FINAL_ORDER, RECORDED_CITIZEN" },
    discrepancy: {
      type: "string",
      nullable: true,
      enum: [...Object.keys(DISCREPANCIES), null],
      description: Object.entries(DISCREPANCIES)
        .map(([code, meaning]) => `${code}: ${meaning}`)
        .join("; "),
    },
    detainerBasis: {
      type: "string",
      nullable: true,
      enum: [...Object.keys(DETAINER_BASES), null],
      description: `The probable-cause basis an I-247A would cite: ${Object.entries(DETAINER_BASES)
        .map(([code, meaning]) => `${code} (${meaning})`)
        .join(", ")}; null when the status supports none`,
    },
  },
} as const;

export const lescDeterminationSchema = {
  $id: "LescDetermination",
  type: "object",
  description: "An analyst's decision on a proposal; the IAR carries its status",
  required: ["status", "proposal", "analyst", "changed", "note", "redressReferral", "determinedAt"],
  properties: {
    status: immigrationStatus,
    proposal: { $ref: "LescProposal#" },
    analyst: { type: "string" },
    changed: { type: "boolean", description: "The analyst chose a status other than the proposal" },
    note: { type: "string", nullable: true, description: "The analyst's reason; required for a change" },
    redressReferral: {
      type: "boolean",
      description: "A citizen was matched: the record needs correcting and no detainer may rest on it",
    },
    determinedAt: dateTime,
  },
} as const;

export const SHARED_SCHEMAS = [
  lescProposalSchema,
  lescDeterminationSchema,
  errorBodySchema,
  messageSchema,
  transactionSummarySchema,
  transactionSchema,
  jurisdictionSchema,
  auditEventSchema,
  statisticsCountsSchema,
  detainerSchema,
] as const;

const errorRef = { $ref: "Error#" } as const;

export function errorResponse(description: string) {
  return { description, ...errorRef };
}

/** Error responses by status, described for the OpenAPI document. */
export const ERROR_RESPONSES = {
  404: errorResponse("It does not exist, or is not visible to the caller's agency"),
  409: errorResponse("The object's current state does not allow this"),
  410: errorResponse("The booking's prints were deleted under the retention policy (decision 0016)"),
  413: errorResponse("The body is larger than the endpoint accepts"),
  415: errorResponse("The body is not of the media type the endpoint accepts"),
  422: errorResponse("Well-formed but unusable input; `field` names it"),
  503: errorResponse("The hub runs without the service this endpoint needs"),
} as const;

/** Error responses every authenticated route can give, for the OpenAPI document. */
export const AUTHENTICATED_ERRORS = {
  400: errorResponse("The request is malformed; `field` names the property at fault"),
  401: errorResponse("No API key, or one that is unknown or revoked"),
  403: errorResponse("The caller's role may not use this endpoint"),
} as const;

export const uuidParam = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", format: "uuid" } },
  additionalProperties: false,
} as const;

export const binaryBody = { type: "string", format: "binary" } as const;
