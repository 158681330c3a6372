import { readFile } from "node:fs/promises";
import { verifyAuditChain } from "../storage/audit-chain-verification.js";
import { type AuditCheckpointVerification, verifyAuditCheckpoints } from "../storage/audit-checkpoints.js";
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
      summary: "Verify the whole hash chain, and against the signed checkpoints when the hub has them",
      description:
        "`ok: false` names the first event that was altered, unlinked or removed. When the operator " +
        "configured signed checkpoints (decision 0010), `checkpoints` says whether the chain is still the " +
        "one the hub signed (a deleted tail or a rechained span is found there, not by the links); it is " +
        "null without them. `ok` is false when either check fails.",
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
            checkpoints: {
              type: "object",
              nullable: true,
              required: ["ok"],
              properties: {
                ok: { type: "boolean" },
                checkpoints: { type: "integer" },
                lastSeq: { type: "integer" },
                lastAt: { type: "string", nullable: true },
                problem: {
                  type: "string",
                  enum: ["bad-checkpoint", "tail-removed", "rewritten", "unreadable"],
                },
                seq: { type: "integer" },
                intactThrough: { type: "integer" },
                message: { type: "string" },
              },
            },
          },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const result = await verifyAuditChain(context.db);
      const anchor = context.auditCheckpoints;
      let checkpoints:
        | AuditCheckpointVerification
        | { ok: false; problem: "unreadable"; message: string }
        | null = null;
      if (anchor && result.ok) {
        let text: string | undefined;
        try {
          text = await readFile(anchor.file, "utf8");
        } catch (error) {
          // No file yet is a hub that has not checkpointed; any other failure is the operator's to see.
          if ((error as NodeJS.ErrnoException).code === "ENOENT") text = "";
          else
            checkpoints = {
              ok: false,
              problem: "unreadable",
              message: `the checkpoint file cannot be read: ${(error as Error).message}`,
            };
        }
        if (text !== undefined)
          checkpoints = await verifyAuditCheckpoints(context.db, text, anchor.publicKey);
      }
      const ok = result.ok && (checkpoints === null || checkpoints.ok);
      await context.audit(caller, {
        action: "AUDIT_VERIFIED",
        details: {
          ...(result.ok
            ? { ok, events: result.events }
            : { ok: false, seq: result.seq, problem: result.problem }),
          ...(checkpoints && !checkpoints.ok
            ? {
                checkpointProblem: checkpoints.problem,
                checkpointSeq: "seq" in checkpoints ? checkpoints.seq : null,
              }
            : {}),
        },
      });
      return { ...result, ok, checkpoints };
    },
  );
};
