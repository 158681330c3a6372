import type { EnrolledFinger } from "@tenprint/afis";
import { EnrolmentRejection, readEnrolmentRecord } from "../enrolment/enrolment-record.js";
import { templatesOf } from "../enrolment/enrolment-sources.js";
import { RedressInputError } from "../services/record-redress.js";
import type { RecordTombstone } from "../storage/record-tombstone-store.js";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { type ApiRole, callerOf, guarded } from "./api-caller.js";
import type { ApiContext } from "./api-context.js";
import { ApiError } from "./api-error.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const tags = ["records"];

/** Each repository's custodian: the FBI CJIS Division for the criminal one, DHS OBIM for IDENT. */
const CUSTODIAN: Readonly<Record<RepositoryName, ApiRole>> = { criminal: "CJIS", ident: "IDENT" };

const identityParam = {
  type: "object",
  required: ["identity"],
  additionalProperties: false,
  properties: {
    identity: {
      type: "string",
      pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
      description: "The record's identity (FBI number, FIN)",
    },
  },
} as const;

const orderProperties = {
  reason: { type: "string", minLength: 1, maxLength: 500 },
  authority: {
    type: "string",
    minLength: 1,
    maxLength: 200,
    description: "Who ordered it: the court, the redress programme",
  },
  reference: {
    type: "string",
    minLength: 1,
    maxLength: 100,
    description: "The order's docket number, the redress case number",
  },
} as const;

const tombstoneSchema = {
  type: "object",
  required: [
    "id",
    "repository",
    "identity",
    "action",
    "reason",
    "authority",
    "reference",
    "actor",
    "actorOri",
    "changed",
    "at",
  ],
  properties: {
    id: { type: "integer" },
    repository: { type: "string", enum: ["criminal", "ident"] },
    identity: { type: "string" },
    action: { type: "string", enum: ["EXPUNGED", "CORRECTED"] },
    reason: { type: "string" },
    authority: { type: "string" },
    reference: { type: "string" },
    actor: { type: "string" },
    actorOri: { type: "string" },
    changed: {
      type: "array",
      items: { type: "string" },
      description: "Field names a correction changed; never values",
    },
    at: { type: "string", format: "date-time" },
  },
} as const;

const responses = {
  200: tombstoneSchema,
  ...AUTHENTICATED_ERRORS,
  404: ERROR_RESPONSES[404],
  409: ERROR_RESPONSES[409],
  422: ERROR_RESPONSES[422],
  503: ERROR_RESPONSES[503],
} as const;

interface OrderBody {
  reason: string;
  authority: string;
  reference: string;
}

function view(tombstone: RecordTombstone) {
  return { ...tombstone, at: tombstone.at.toISOString() };
}

function recordsOf(context: ApiContext) {
  if (!context.records) throw new ApiError(503, "unavailable", "this hub runs without record redress");
  return context.records;
}

/** A correction's record and base64 templates, as `tenprint enrol` reads a JSON record (no files). */
function correctionOf(value: unknown, repository: RepositoryName, identity: string) {
  try {
    const parsed = readEnrolmentRecord(value, repository, { printsOptional: true });
    if (parsed.ebts)
      throw new ApiError(422, "invalid_input", "an EBTS file cannot be named here", "body.record.ebts");
    if (parsed.record.identity !== identity)
      throw new ApiError(
        422,
        "invalid_input",
        `the record names ${parsed.record.identity}, not ${identity}`,
        "body.record.identity",
      );
    const fingers: EnrolledFinger[] = [];
    for (const [i, print] of parsed.prints.entries()) {
      if (!("bytes" in print))
        throw new ApiError(
          422,
          "invalid_input",
          "prints are base64 here, not files",
          `body.record.prints[${i}]`,
        );
      const read = templatesOf(print.bytes, print);
      if (!Array.isArray(read))
        throw new ApiError(
          422,
          "invalid_input",
          `${read.location}: ${read.reason}`,
          `body.record.prints[${i}]`,
        );
      fingers.push(...read);
    }
    return { record: parsed.record, ...(fingers.length > 0 ? { fingers } : {}) };
  } catch (error) {
    if (error instanceof EnrolmentRejection)
      throw new ApiError(422, "invalid_input", error.message, error.location.replace(/^\$/, "body.record"));
    throw error;
  }
}

function rethrow(error: unknown): never {
  if (error instanceof RedressInputError)
    throw new ApiError(422, "invalid_input", error.message, `body.${error.field}`);
  throw error;
}

/**
 * Expungement (court order) and correction (redress) of repository records, by each repository's
 * custodian only (decision 0018): one route per repository, so the role table says who may do what.
 */
export const recordRoutes: ApiRoutes = (app, context) => {
  for (const repository of ["criminal", "ident"] as const) {
    const role = CUSTODIAN[repository];
    app.post<{ Params: { identity: string }; Body: OrderBody }>(
      `/records/${repository}/:identity/expunge`,
      guarded([role], {
        summary: `Expunge a ${repository === "criminal" ? "criminal-history" : "IDENT"} record`,
        description:
          "Removes the record and its prints from the repository, the in-process gallery and every farm " +
          "shard, and keeps an audited tombstone (who, why, authority, reference, when; no biometric data). " +
          "A later search cannot find it; a later bulk enrolment refuses the identity.",
        tags,
        params: identityParam,
        body: {
          type: "object",
          required: ["reason", "authority", "reference"],
          additionalProperties: false,
          properties: orderProperties,
        },
        response: responses,
      }),
      async (request) => {
        const caller = callerOf(request);
        const records = recordsOf(context);
        const outcome = await records
          .expunge(repository, request.params.identity, {
            actor: caller.actor,
            actorOri: caller.ori,
            ...request.body,
          })
          .catch(rethrow);
        return view(outcome.tombstone);
      },
    );
    app.post<{ Params: { identity: string }; Body: OrderBody & { record: unknown } }>(
      `/records/${repository}/:identity/correct`,
      guarded([role], {
        summary: `Correct a ${repository === "criminal" ? "criminal-history" : "IDENT"} record found wrong (redress)`,
        description:
          "Replaces the record (and its prints when `record.prints` holds base64 ISO/IEC 19794-2 or ANSI " +
          "INCITS 378 templates) in the repository and the galleries; the tombstone names the changed " +
          "fields, never their values. The record is in the format of docs/enrolment-format.md.",
        tags,
        params: identityParam,
        body: {
          type: "object",
          required: ["reason", "authority", "reference", "record"],
          additionalProperties: false,
          properties: { ...orderProperties, record: { type: "object" } },
        },
        response: responses,
      }),
      async (request) => {
        const caller = callerOf(request);
        const records = recordsOf(context);
        const { record, ...order } = request.body;
        const correction = correctionOf(record, repository, request.params.identity);
        const outcome = await records
          .correct(repository, request.params.identity, correction, {
            actor: caller.actor,
            actorOri: caller.ori,
            ...order,
          })
          .catch(rethrow);
        return view(outcome.tombstone);
      },
    );
  }
};
