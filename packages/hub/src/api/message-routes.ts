import { API_ROLES, type Caller, callerOf, guarded, purposeOf } from "./api-caller.js";
import type { ApiContext } from "./api-context.js";
import { ApiError, notFound } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { AUTHENTICATED_ERRORS, binaryBody, ERROR_RESPONSES, pageLimit, uuidParam } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";
import { mayReadMessageContent, messageView } from "./transaction-access.js";

const tags = ["messages"];

/**
 * The message if the caller may read it: its recipient (unless withheld by the recipient's own receipt
 * preference) or an auditor. Anyone else is told it does not exist.
 */
async function readableMessage(context: ApiContext, caller: Caller, id: string) {
  const message = await context.storage.outbox.get(id);
  if (!message || !mayReadMessageContent(caller, message)) throw notFound(`message ${id}`);
  return message;
}

export const messageRoutes: ApiRoutes = (app, context) => {
  app.get<{ Querystring: { unacknowledged?: boolean; limit: number } }>(
    "/inbox",
    guarded(API_ROLES, {
      summary: "Messages delivered to the caller's agency (pull delivery)",
      description: "Oldest first. `unacknowledged=true` lists those not yet acknowledged with POST …/ack.",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          unacknowledged: { type: "boolean" },
          limit: pageLimit,
        },
      },
      response: {
        200: { type: "object", properties: { items: { type: "array", items: { $ref: "Message#" } } } },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { unacknowledged, limit } = request.query;
      const messages = await context.storage.outbox.listForRecipient(caller.ori, {
        status: "delivered",
        unacknowledged: unacknowledged === true,
        limit,
      });
      // An empty poll discloses nothing; agencies poll often, and the log records disclosures.
      if (messages.length > 0)
        await context.audit(caller, {
          action: "MESSAGE_READ",
          object: `inbox:${caller.ori}`,
          purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
          details: { messages: messages.map((m) => m.id) },
        });
      return { items: messages.map((message) => messageView(message, true)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/messages/:id",
    guarded(API_ROLES, {
      summary: "One message as JSON",
      description: "For its recipient, and for auditors.",
      tags,
      params: uuidParam,
      response: { 200: { $ref: "Message#" }, ...AUTHENTICATED_ERRORS, 404: ERROR_RESPONSES[404] },
    }),
    async (request) => {
      const caller = callerOf(request);
      const message = await readableMessage(context, caller, request.params.id);
      await context.audit(caller, {
        action: "MESSAGE_READ",
        object: `message:${message.id}`,
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { type: message.type, recipientOri: message.recipientOri, format: "json" },
      });
      return messageView(message, true);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/messages/:id/ebts",
    guarded(API_ROLES, {
      summary: "One message as an EBTS file",
      description: "For its recipient, and for auditors; 404 for a message without an EBTS rendering.",
      tags,
      params: uuidParam,
      response: {
        200: {
          description: "The EBTS file",
          content: { "application/octet-stream": { schema: binaryBody } },
        },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
      },
    }),
    async (request, reply) => {
      const caller = callerOf(request);
      const message = await readableMessage(context, caller, request.params.id);
      if (!message.payload) throw notFound(`an EBTS file of message ${message.id} (${message.type})`);
      await context.audit(caller, {
        action: "MESSAGE_READ",
        object: `message:${message.id}`,
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { type: message.type, recipientOri: message.recipientOri, format: "ebts" },
      });
      const bytes = message.payload;
      return reply
        .type("application/octet-stream")
        .header("content-disposition", `attachment; filename="${message.type}-${message.id}.eft"`)
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    },
  );

  app.post<{ Params: { id: string } }>(
    "/messages/:id/ack",
    guarded(API_ROLES, {
      summary: "Acknowledge a delivered message",
      description: "By its recipient only. Acknowledging twice is harmless and returns the first time.",
      tags,
      params: uuidParam,
      response: {
        200: {
          type: "object",
          properties: { id: { type: "string" }, acknowledgedAt: { type: "string", format: "date-time" } },
        },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
        409: ERROR_RESPONSES[409],
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const acknowledged = await context.storage.outbox.acknowledge(id, caller.ori);
      const message = await context.storage.outbox.get(id);
      if (!message || message.recipientOri !== caller.ori || message.status === "suppressed")
        throw notFound(`message ${id}`);
      if (!message.acknowledgedAt)
        throw new ApiError(
          409,
          "conflict",
          `message ${id} is ${message.status}, not delivered: nothing to acknowledge`,
        );
      if (acknowledged)
        await context.audit(caller, {
          action: "MESSAGE_ACKNOWLEDGED",
          object: `message:${id}`,
          details: { type: message.type },
        });
      return { id, acknowledgedAt: message.acknowledgedAt.toISOString() };
    },
  );
};
