import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { DomainInputError, IllegalTransitionError } from "../domain/domain-error.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../services/service-error.js";
import { ConcurrentUpdateError } from "../storage/storage-error.js";

/** An error answered as `{error, message, field?}` with its HTTP status. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface ApiErrorBody {
  error: string;
  message: string;
  field?: string;
}

export const errorBodySchema = {
  $id: "Error",
  type: "object",
  required: ["error", "message"],
  properties: {
    error: { type: "string", description: "Machine-readable code, e.g. not_found, invalid_request" },
    message: { type: "string" },
    field: { type: "string", description: "The request property at fault, e.g. body.url, querystring.limit" },
  },
} as const;

export function notFound(object: string): ApiError {
  return new ApiError(404, "not_found", `${object} does not exist or is not visible to this agency`);
}

/** A booking's prints asked for after the retention purge deleted them: gone, and since when. */
export function printsPurged(id: string, at: Date): ApiError {
  return new ApiError(
    410,
    "purged",
    `the prints of transaction ${id} were deleted under the retention policy on ${at.toISOString()}`,
  );
}

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `body.url`, `querystring.limit`: where the first schema violation is, in the caller's terms. */
function validationField(context: string | undefined, issue: ValidationIssue): string {
  const path = issue.instancePath.split("/").filter(Boolean);
  const missing = issue.params.missingProperty;
  if (typeof missing === "string") path.push(missing);
  const extra = issue.params.additionalProperty;
  if (typeof extra === "string") path.push(extra);
  return [context ?? "request", ...path].join(".");
}

function fromValidation(error: FastifyError): ApiErrorBody {
  const issue = error.validation?.[0] as ValidationIssue | undefined;
  if (!issue) return { error: "invalid_request", message: error.message };
  const field = validationField(error.validationContext, issue);
  const allowed = issue.params.allowedValues;
  const detail =
    issue.params.additionalProperty !== undefined
      ? "is not a known property"
      : Array.isArray(allowed)
        ? `must be one of ${allowed.join(", ")}`
        : (issue.message ?? "is invalid");
  return { error: "invalid_request", message: `${field} ${detail}`, field };
}

const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "invalid_request",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_request",
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
};

/** Maps every error a route can raise to one JSON shape; anything unexpected becomes a logged 500. */
export function apiErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const send = (status: number, body: ApiErrorBody) => {
    reply.code(status).type("application/json").send(body);
  };
  if (error instanceof ApiError) {
    send(error.statusCode, {
      error: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    });
  } else if (error.validation) {
    send(400, fromValidation(error));
  } else if (error instanceof NotFoundError) {
    send(404, { error: "not_found", message: error.message });
  } else if (error instanceof ForbiddenError) {
    send(403, { error: "forbidden", message: error.message });
  } else if (error instanceof ConflictError || error instanceof ConcurrentUpdateError) {
    send(409, { error: "conflict", message: error.message });
  } else if (error instanceof IllegalTransitionError) {
    send(409, { error: "illegal_transition", message: error.message });
  } else if (error instanceof DomainInputError) {
    send(422, { error: "invalid_input", message: error.message, field: error.property });
  } else if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
    const code = (error.code && FASTIFY_CODES[error.code]) ?? "invalid_request";
    const message =
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? `request body is larger than this endpoint accepts (${request.routeOptions.bodyLimit ?? "limit"} bytes)`
        : error.message;
    send(error.statusCode, { error: code, message });
  } else {
    request.log.error({ err: error }, "request failed");
    send(500, {
      error: "internal_error",
      message: `the hub could not complete the request; it was logged as request ${request.id}`,
    });
  }
}
