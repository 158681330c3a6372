import { DomainInputError } from "../domain/domain-error.js";
import {
  type ActivationEvent,
  type ActivationStatus,
  type JurisdictionActivation,
  transitionJurisdiction,
} from "../domain/jurisdiction-activation.js";
import { applyEffects } from "../services/effect-application.js";
import type { JurisdictionRecord } from "../storage/directory-repository.js";
import { runTransition } from "../storage/hub-storage.js";
import { type ApiRole, type Caller, callerOf, guarded } from "./api-caller.js";
import type { ApiContext } from "./api-context.js";
import { ApiError, notFound } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const tags = ["jurisdictions"];
const JURISDICTION_READERS: readonly ApiRole[] = ["PMO", "SIB", "CJIS", "AUDITOR"];

const jurisdictionParam = {
  type: "object",
  required: ["jurisdictionId"],
  additionalProperties: false,
  properties: {
    jurisdictionId: {
      type: "string",
      minLength: 1,
      maxLength: 20,
      description: "A county's five-digit FIPS code (e.g. 51059) or a correctional facility's ORI",
    },
  },
} as const;

const jurisdictionResponse = {
  200: { $ref: "Jurisdiction#" },
  ...AUTHENTICATED_ERRORS,
  404: ERROR_RESPONSES[404],
} as const;

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The domain's activation record; the columns are authoritative for status and receipt. */
function activationOf(record: JurisdictionRecord): JurisdictionActivation {
  const stored = record.activation;
  const scheduledAt = text(stored.scheduledAt);
  const activatedAt = text(stored.activatedAt) ?? record.activatedAt?.toISOString().slice(0, 10);
  const deferredReason = text(stored.deferredReason);
  return {
    jurisdictionId: text(stored.jurisdictionId) ?? record.jurisdictionId,
    status: record.activationStatus as ActivationStatus,
    ...(scheduledAt !== undefined ? { scheduledAt } : {}),
    ...(activatedAt !== undefined ? { activatedAt } : {}),
    ...(deferredReason !== undefined ? { deferredReason } : {}),
    receipt: { idr: record.receiptIdr, iar: record.receiptIar },
  };
}

function jurisdictionView(record: JurisdictionRecord) {
  const activation = activationOf(record);
  return {
    jurisdictionId: record.jurisdictionId,
    name: record.name,
    state: record.state,
    activationStatus: record.activationStatus,
    activatedAt: record.activatedAt?.toISOString() ?? null,
    scheduledAt: activation.scheduledAt ?? null,
    deferredReason: activation.deferredReason ?? null,
    receiptIdr: record.receiptIdr,
    receiptIar: record.receiptIar,
    eroOri: record.eroOri ?? null,
  };
}

/** One activation or preference change: read under a row lock, the pure transition, write and audit together. */
async function changeJurisdiction(
  context: ApiContext,
  caller: Caller,
  jurisdictionId: string,
  event: ActivationEvent,
) {
  try {
    return await runTransition(
      context.db,
      async (storage, trx) => {
        await trx
          .selectFrom("jurisdictions")
          .select("ori")
          .where("ori", "=", jurisdictionId)
          .forUpdate()
          .execute();
        const record = await storage.directory.getJurisdiction(jurisdictionId);
        if (!record) throw notFound(`jurisdiction ${jurisdictionId}`);
        const next = transitionJurisdiction(activationOf(record), event);
        const updated: JurisdictionRecord = {
          ...record,
          activationStatus: next.state.status,
          activatedAt: next.state.activatedAt ? new Date(`${next.state.activatedAt}T00:00:00Z`) : null,
          receiptIdr: next.state.receipt.idr,
          receiptIar: next.state.receipt.iar,
          activation: { ...next.state },
        };
        await storage.directory.putJurisdiction(updated);
        await applyEffects(storage, next.effects, {
          actor: caller.actor,
          ori: caller.ori,
          transactionId: null,
        });
        return jurisdictionView(updated);
      },
      { clock: context.clock },
    );
  } catch (error) {
    // The domain names the event's properties; the caller sent them at the top of the body.
    if (error instanceof DomainInputError)
      throw new ApiError(422, "invalid_input", error.message, error.property.replace(/^event\./, "body."));
    throw error;
  }
}

export const jurisdictionRoutes: ApiRoutes = (app, context) => {
  app.get<{ Querystring: { state?: string } }>(
    "/jurisdictions",
    guarded(JURISDICTION_READERS, {
      summary: "Jurisdictions with their activation status and receipt preferences",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: { state: { type: "string", pattern: "^[A-Z]{2}$" } },
      },
      response: {
        200: { type: "object", properties: { items: { type: "array", items: { $ref: "Jurisdiction#" } } } },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (request) => ({
      items: (await context.storage.directory.listJurisdictions(request.query.state)).map(jurisdictionView),
    }),
  );

  app.get<{ Params: { jurisdictionId: string } }>(
    "/jurisdictions/:jurisdictionId",
    guarded(JURISDICTION_READERS, {
      summary: "One jurisdiction with its booking agencies and its activation history",
      description:
        "The history is the audit log's record of the jurisdiction (scheduled, deferred, activated, receipt " +
        "preferences set), oldest first: who changed what and when.",
      tags,
      params: jurisdictionParam,
      response: {
        200: {
          type: "object",
          required: ["jurisdiction", "agencies", "history"],
          properties: {
            jurisdiction: { $ref: "Jurisdiction#" },
            agencies: {
              type: "array",
              items: {
                type: "object",
                required: ["ori", "kind", "name"],
                properties: { ori: { type: "string" }, kind: { type: "string" }, name: { type: "string" } },
              },
            },
            history: { type: "array", items: { $ref: "AuditEvent#" } },
          },
        },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
      },
    }),
    async (request) => {
      const { jurisdictionId } = request.params;
      const record = await context.storage.directory.getJurisdiction(jurisdictionId);
      if (!record) throw notFound(`jurisdiction ${jurisdictionId}`);
      const agencies = await context.db
        .selectFrom("agencies")
        .select(["ori", "kind", "name"])
        .where("jurisdiction_id", "=", jurisdictionId)
        .orderBy("ori")
        .execute();
      const history = await context.storage.audit.query({
        object: `jurisdiction:${jurisdictionId}`,
        limit: API_PARAMETERS.auditPageSize.max,
      });
      return {
        jurisdiction: jurisdictionView(record),
        agencies,
        history: history.map((event) => ({ ...event, at: event.at.toISOString() })),
      };
    },
  );

  app.post<{
    Params: { jurisdictionId: string };
    Body: { event: "SCHEDULE" | "DEFER" | "ACTIVATE"; date?: string; reason?: string };
  }>(
    "/jurisdictions/:jurisdictionId/activation",
    guarded(["PMO"], {
      summary: "Move a jurisdiction through PLANNED → SCHEDULED ⇄ DEFERRED → ACTIVATED",
      description:
        "SCHEDULE and ACTIVATE need `date` (YYYY-MM-DD); DEFER needs `reason`. 409 for a step the current " +
        "status does not allow. Bookings already received keep the routing they were received with.",
      tags,
      params: jurisdictionParam,
      body: {
        type: "object",
        required: ["event"],
        additionalProperties: false,
        properties: {
          event: { type: "string", enum: ["SCHEDULE", "DEFER", "ACTIVATE"] },
          date: { type: "string", format: "date" },
          reason: { type: "string", minLength: 1, maxLength: 1000 },
        },
      },
      response: { ...jurisdictionResponse, 409: ERROR_RESPONSES[409], 422: ERROR_RESPONSES[422] },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { event, date, reason } = request.body;
      const need = (value: string | undefined, property: "date" | "reason"): string => {
        if (value === undefined)
          throw new ApiError(
            400,
            "invalid_request",
            `body.${property} is required for ${event}`,
            `body.${property}`,
          );
        return value;
      };
      const activation: ActivationEvent =
        event === "DEFER"
          ? { type: "DEFER", reason: need(reason, "reason") }
          : { type: event, date: need(date, "date") };
      return changeJurisdiction(context, caller, request.params.jurisdictionId, activation);
    },
  );

  app.put<{ Params: { jurisdictionId: string }; Body: { receiptIdr?: boolean; receiptIar?: boolean } }>(
    "/jurisdictions/:jurisdictionId/preferences",
    guarded(["PMO"], {
      summary: "Set whether the jurisdiction's agencies receive the IDR and the IAR",
      description:
        "Receipt preferences suppress delivery only: the IDENT search runs and is recorded either way.",
      tags,
      params: jurisdictionParam,
      body: {
        type: "object",
        minProperties: 1,
        additionalProperties: false,
        properties: { receiptIdr: { type: "boolean" }, receiptIar: { type: "boolean" } },
      },
      response: jurisdictionResponse,
    }),
    async (request) => {
      const { receiptIdr, receiptIar } = request.body;
      return changeJurisdiction(context, callerOf(request), request.params.jurisdictionId, {
        type: "SET_RECEIPT",
        ...(receiptIdr !== undefined ? { idr: receiptIdr } : {}),
        ...(receiptIar !== undefined ? { iar: receiptIar } : {}),
      });
    },
  );
};
