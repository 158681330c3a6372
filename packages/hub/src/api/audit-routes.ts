import { verifyAuditChain } from "../storage/audit-chain-verification.js";
import type { AuditEvent } from "../storage/audit-log.js";
import { callerOf, guarded, purposeOf } from "./api-caller.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { AUTHENTICATED_ERRORS } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const tags = ["audit"];

interface AuditQueryString {
  object?: string;
  ori?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  afterSeq?: number;
  limit: number;
}

function eventView(event: AuditEvent) {
  return { ...event, at: event.at.toISOString() };
}

/** The auditor's view of the hash-chained log: queries and a full chain verification. */
export const auditRoutes: ApiRoutes = (app, context) => {
  app.get<{ Querystring: AuditQueryString }>(
    "/audit",
    guarded(["AUDITOR"], {
      summary: "Audit events, oldest first",
      description: "Page with `afterSeq` = the last `seq` received. `from` inclusive, `to` exclusive.",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          object: { type: "string", maxLength: 200 },
          ori: { type: "string", maxLength: 20 },
          action: { type: "string", maxLength: 100 },
          actor: { type: "string", maxLength: 200 },
          from: { type: "string", format: "date-time" },
          to: { type: "string", format: "date-time" },
          afterSeq: { type: "integer", minimum: 0 },
          limit: {
            type: "integer",
            minimum: 1,
            maximum: API_PARAMETERS.auditPageSize.max,
            default: API_PARAMETERS.auditPageSize.default,
          },
        },
      },
      response: {
        200: {
          type: "object",
          properties: {
            items: { type: "array", items: { $ref: "AuditEvent#" } },
            nextAfterSeq: { type: "integer", nullable: true },
          },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { from, to, ...filter } = request.query;
      const events = await context.storage.audit.query({
        ...filter,
        ...(from !== undefined ? { from: new Date(from) } : {}),
        ...(to !== undefined ? { to: new Date(to) } : {}),
      });
      await context.audit(caller, {
        action: "AUDIT_QUERIED",
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { filter: request.query, events: events.length },
      });
      const last = events.at(-1);
      return {
        items: events.map(eventView),
        nextAfterSeq: events.length === filter.limit && last ? last.seq : null,
      };
    },
  );

  app.get(
    "/audit/verify",
    guarded(["AUDITOR"], {
      summary: "Verify the whole hash chain",
      description: "`ok: false` names the first event that was altered, unlinked or removed.",
      tags,
      response: {
        200: {
          type: "object",
          required: ["ok", "events"],
          properties: {
            ok: { type: "boolean" },
            events: { type: "integer" },
            headSeq: { type: "integer" },
            headHash: { type: "string" },
            seq: { type: "integer" },
            problem: { type: "string", enum: ["altered", "broken-link", "removed", "head-mismatch"] },
            message: { type: "string" },
          },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const result = await verifyAuditChain(context.db);
      await context.audit(caller, {
        action: "AUDIT_VERIFIED",
        details: result.ok
          ? { ok: true, events: result.events }
          : { ok: false, seq: result.seq, problem: result.problem },
      });
      return result;
    },
  );
};
