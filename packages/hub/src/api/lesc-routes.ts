import { IMMIGRATION_STATUS_CODES, type ImmigrationStatusCode } from "@tenprint/nist";
import { DomainInputError } from "../domain/domain-error.js";
import { callerOf, guarded, purposeOf } from "./api-caller.js";
import type { ApiContext } from "./api-context.js";
import { ApiError } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES, pageLimit } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const tags = ["lesc"];

function lescOf(context: ApiContext) {
  if (!context.lesc) throw new ApiError(503, "unavailable", "this hub runs without the LESC service");
  return context.lesc;
}

/** The LESC work queue: rules propose a status from the IDENT record, an analyst confirms or changes it. */
export const lescRoutes: ApiRoutes = (app, context) => {
  app.get<{ Querystring: { limit: number; offset: number } }>(
    "/lesc/queue",
    guarded(["LESC"], {
      summary: "Pending IAQ reviews, oldest first, with their age",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          limit: pageLimit,
          offset: {
            type: "integer",
            minimum: 0,
            maximum: 1_000_000,
            default: 0,
            description: "Reviews to skip from the oldest; a long queue is read page by page",
          },
        },
      },
      response: {
        200: {
          type: "object",
          required: ["count", "oldestAgeMs", "medianAgeMs", "overdue", "targetMs", "offset", "items"],
          properties: {
            count: { type: "integer", description: "All pending reviews, not only those listed" },
            oldestAgeMs: { type: "number", description: "Age of the oldest pending review" },
            medianAgeMs: { type: "number", description: "Median age of the listed reviews" },
            overdue: {
              type: "integer",
              description: "Pending reviews older than targetMs, in the whole queue",
            },
            targetMs: { type: "number", description: "The age past which a review is overdue" },
            offset: { type: "integer", description: "Position of the first listed review in the queue" },
            items: {
              type: "array",
              items: {
                type: "object",
                required: ["transactionId", "iaqId", "fin", "proposal", "enqueuedAt", "ageMs"],
                properties: {
                  transactionId: { type: "string", format: "uuid" },
                  iaqId: { type: "string" },
                  fin: { type: "string" },
                  proposal: { $ref: "LescProposal#" },
                  enqueuedAt: { type: "string", format: "date-time" },
                  ageMs: { type: "number" },
                },
              },
            },
          },
        },
        ...AUTHENTICATED_ERRORS,
        503: ERROR_RESPONSES[503],
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const queue = await lescOf(context).queue(request.query.limit, request.query.offset);
      await context.audit(caller, {
        action: "LESC_QUEUE_READ",
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { transactions: queue.items.map((item) => item.transactionId) },
      });
      return queue;
    },
  );

  app.post<{
    Params: { transactionId: string };
    Body: { analyst: string; status?: ImmigrationStatusCode; note?: string; matchOverturned?: boolean };
  }>(
    "/lesc/reviews/:transactionId/determination",
    guarded(["LESC"], {
      summary: "An analyst's status determination: answers the IAQ with the IAR",
      description:
        "Omit `status` to confirm the proposal; a different status needs a `note`. The IAR goes to the ERO " +
        "field office and, per its receipt preference, to the booking agency. `matchOverturned: true` (with a " +
        "`note`) says the IDENT record is not this person: the status defaults to UNK and no detainer may " +
        "follow. 409 if already determined.",
      tags,
      params: {
        type: "object",
        required: ["transactionId"],
        additionalProperties: false,
        properties: { transactionId: { type: "string", format: "uuid" } },
      },
      body: {
        type: "object",
        required: ["analyst"],
        additionalProperties: false,
        properties: {
          analyst: {
            type: "string",
            minLength: 1,
            maxLength: 100,
            description: "Who decided, for the audit log",
          },
          status: { type: "string", enum: [...IMMIGRATION_STATUS_CODES] },
          note: { type: "string", minLength: 1, maxLength: 4000 },
          matchOverturned: { type: "boolean" },
        },
      },
      response: {
        200: {
          type: "object",
          required: ["status", "determination"],
          properties: {
            status: { type: "string", description: "The booking's workflow state afterwards" },
            determination: { $ref: "LescDetermination#" },
          },
        },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
        409: ERROR_RESPONSES[409],
        422: ERROR_RESPONSES[422],
        503: ERROR_RESPONSES[503],
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { analyst, status, note, matchOverturned } = request.body;
      try {
        return await lescOf(context).determine(
          request.params.transactionId,
          {
            analyst,
            ...(status !== undefined ? { status } : {}),
            ...(note !== undefined ? { note } : {}),
            ...(matchOverturned !== undefined ? { matchOverturned } : {}),
          },
          { actor: caller.actor, ori: caller.ori },
        );
      } catch (error) {
        // The domain names the decision's properties; the caller sent them as the body.
        if (error instanceof DomainInputError)
          throw new ApiError(
            422,
            "invalid_input",
            error.message,
            error.property.replace(/^decision\./, "body."),
          );
        throw error;
      }
    },
  );
};
