import { checkWebhookTarget, WebhookTargetError } from "../services/webhook-target-policy.js";
import type { Webhook } from "../storage/webhook-store.js";
import { API_ROLES, callerOf, guarded } from "./api-caller.js";
import { ApiError } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const tags = ["webhooks"];

const webhookView = {
  type: "object",
  required: ["ori", "url", "updatedAt"],
  description: "The secret is never returned; replace it with PUT",
  properties: {
    ori: { type: "string" },
    url: { type: "string", format: "uri" },
    updatedAt: { type: "string", format: "date-time" },
  },
} as const;

function view(webhook: Webhook) {
  return { ori: webhook.ori, url: webhook.url, updatedAt: webhook.updatedAt.toISOString() };
}

/** http(s) only: the deliverer POSTs there, and any other scheme is a mistake or an attempt at something else. */
function webhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError(400, "invalid_request", `body.url ${raw} is not an absolute URL`, "body.url");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ApiError(
      400,
      "invalid_request",
      `body.url must be http or https, not ${url.protocol}`,
      "body.url",
    );
  if (url.username || url.password)
    throw new ApiError(
      400,
      "invalid_request",
      "body.url must not carry credentials; use the secret",
      "body.url",
    );
  return url;
}

/** The URL as the audit log keeps it: its query string may carry the receiver's tokens. */
function auditedUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? "?…" : ""}`;
}

/** Push delivery: one webhook per agency, signed with its secret (HMAC) by the message deliverer. */
export const webhookRoutes: ApiRoutes = (app, context) => {
  app.put<{ Body: { url: string; secret: string } }>(
    "/webhook",
    guarded(API_ROLES, {
      summary: "Register or replace the agency's webhook",
      description:
        "Messages to the caller's ORI are then POSTed there, signed `HMAC-SHA256(secret, timestamp.body)`, " +
        "and retried with backoff until a 2xx answer. The URL must be https and its host must resolve to " +
        "public addresses only (no loopback, private, link-local, multicast or unspecified address) unless the " +
        "operator allows it (`TENPRINT_WEBHOOK_ALLOW`, `TENPRINT_WEBHOOK_ALLOW_HTTP`): otherwise 422 on body.url.",
      tags,
      body: {
        type: "object",
        required: ["url", "secret"],
        additionalProperties: false,
        properties: {
          url: { type: "string", maxLength: 2000 },
          secret: { type: "string", minLength: API_PARAMETERS.minWebhookSecretLength, maxLength: 500 },
        },
      },
      response: { 200: webhookView, ...AUTHENTICATED_ERRORS, 422: ERROR_RESPONSES[422] },
    }),
    async (request) => {
      const caller = callerOf(request);
      const url = webhookUrl(request.body.url);
      try {
        await checkWebhookTarget(context.webhookTargets, url);
      } catch (error) {
        if (!(error instanceof WebhookTargetError)) throw error;
        throw new ApiError(422, "invalid_input", `body.url ${error.message}`, "body.url");
      }
      const webhook = await context.storage.webhooks.put(caller.ori, url.toString(), request.body.secret);
      await context.audit(caller, {
        action: "WEBHOOK_SET",
        object: `webhook:${caller.ori}`,
        details: { url: auditedUrl(url) },
      });
      return view(webhook);
    },
  );

  app.get(
    "/webhook",
    guarded(API_ROLES, {
      summary: "The agency's webhook",
      tags,
      response: { 200: webhookView, ...AUTHENTICATED_ERRORS, 404: ERROR_RESPONSES[404] },
    }),
    async (request) => {
      const caller = callerOf(request);
      const webhook = await context.storage.webhooks.get(caller.ori);
      if (!webhook) throw new ApiError(404, "not_found", `no webhook is registered for ${caller.ori}`);
      return view(webhook);
    },
  );

  app.delete(
    "/webhook",
    guarded(API_ROLES, {
      summary: "Remove the agency's webhook (messages then wait in the inbox)",
      tags,
      response: {
        204: { type: "null", description: "Removed" },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
      },
    }),
    async (request, reply) => {
      const caller = callerOf(request);
      if (!(await context.storage.webhooks.remove(caller.ori)))
        throw new ApiError(404, "not_found", `no webhook is registered for ${caller.ori}`);
      await context.audit(caller, { action: "WEBHOOK_REMOVED", object: `webhook:${caller.ori}` });
      return reply.code(204).send();
    },
  );
};
