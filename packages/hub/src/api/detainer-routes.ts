import type { DetainerForm } from "../domain/detainer-lifecycle.js";
import { DETAINER_ACTIONS_BY_ROLE, type DetainerAction } from "../services/detainer-service.js";
import type { StoredDetainer } from "../storage/detainer-repository.js";
import { type ApiRole, type Caller, callerOf, guarded, purposeOf } from "./api-caller.js";
import type { ApiContext } from "./api-context.js";
import { ApiError, notFound } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES, pageLimit, uuidParam } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const tags = ["detainers"];

const FORMS = ["I-247", "I-247D", "I-247N", "I-247X", "I-247A"] as const satisfies readonly DetainerForm[];
const ACTION_TYPES = [
  "SERVE",
  "ACKNOWLEDGE",
  "RELEASE_NOTICE",
  "HOLD",
  "TRANSFER",
  "RELEASE",
  "LIFT",
  "US_CITIZEN_FOUND",
] as const satisfies readonly DetainerAction["type"][];

/** Roles that may send at least one detainer action (which ones is the service's rule). */
const ACTING_ROLES = Object.keys(DETAINER_ACTIONS_BY_ROLE) as ApiRole[];
const LIST_ROLES: readonly ApiRole[] = ["ERO", "LEA", "PMO", "AUDITOR"];

function detainersOf(context: ApiContext) {
  if (!context.detainers)
    throw new ApiError(503, "unavailable", "this hub runs without the detainer service");
  return context.detainers;
}

/**
 * An ERO office handles the detainers it lodged, an LEA those lodged with it; PMO and auditors see all, and
 * the LESC may act on any (a US-citizen finding). Others are told the detainer does not exist.
 */
function mayHandle(caller: Caller, detainer: StoredDetainer): boolean {
  if (caller.role === "ERO") return detainer.eroOri === caller.ori;
  if (caller.role === "LEA") return detainer.leaOri === caller.ori;
  return caller.role === "PMO" || caller.role === "AUDITOR" || caller.role === "LESC";
}

function detainerView(detainer: StoredDetainer) {
  return {
    ...detainer,
    createdAt: detainer.createdAt.toISOString(),
    updatedAt: detainer.updatedAt.toISOString(),
  };
}

const transactionParam = {
  type: "object",
  required: ["transactionId"],
  additionalProperties: false,
  properties: { transactionId: { type: "string", format: "uuid" } },
} as const;

/** ERO reviews of IARs, and the detainer lifecycle driven by ERO, the holding LEA and the LESC. */
export const detainerRoutes: ApiRoutes = (app, context) => {
  app.get<{ Querystring: { limit: number } }>(
    "/ero/reviews",
    guarded(["ERO"], {
      summary: "IARs awaiting the field office's review, with the priority level the rules give",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          limit: pageLimit,
        },
      },
      response: {
        200: {
          type: "object",
          properties: {
            items: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  transactionId: { type: "string", format: "uuid" },
                  tcn: { type: "string" },
                  leaOri: { type: "string" },
                  iarStatus: { type: "string" },
                  detainerBasis: { type: "string", nullable: true },
                  priority: {
                    type: "object",
                    additionalProperties: true,
                    description: "Rule set, version, level and the inputs it was derived from",
                  },
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
      const items = await detainersOf(context).reviewQueue(caller.ori, request.query.limit);
      await context.audit(caller, {
        action: "ERO_REVIEWS_READ",
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { transactions: items.map((item) => item.transactionId) },
      });
      return { items };
    },
  );

  app.post<{ Params: { transactionId: string }; Body: { issueDetainer: boolean; form?: DetainerForm } }>(
    "/ero/reviews/:transactionId",
    guarded(["ERO"], {
      summary: "The field office's decision on an IAR: a detainer or none",
      description:
        "Only the office the booking was routed to. A detainer needs a probable-cause basis from the LESC " +
        "determination and is refused (409) for a US citizen.",
      tags,
      params: transactionParam,
      body: {
        type: "object",
        required: ["issueDetainer"],
        additionalProperties: false,
        properties: { issueDetainer: { type: "boolean" }, form: { type: "string", enum: [...FORMS] } },
      },
      response: {
        200: { type: "object", properties: { detainer: { $ref: "Detainer#" } } },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
        409: ERROR_RESPONSES[409],
        503: ERROR_RESPONSES[503],
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { issueDetainer, form } = request.body;
      const { detainer } = await detainersOf(context).review(
        request.params.transactionId,
        { issueDetainer, ...(form !== undefined ? { form } : {}) },
        { actor: caller.actor, ori: caller.ori },
      );
      return detainer ? { detainer: detainerView(detainer) } : {};
    },
  );

  app.get<{ Querystring: { status?: string; eroOri?: string; leaOri?: string; limit: number } }>(
    "/detainers",
    guarded(LIST_ROLES, {
      summary: "Detainers, newest first",
      description:
        "An ERO office sees those it lodged, an LEA those lodged with it; PMO and auditors see all.",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          status: { type: "string", maxLength: 20 },
          eroOri: { type: "string", maxLength: 20 },
          leaOri: { type: "string", maxLength: 20 },
          limit: pageLimit,
        },
      },
      response: {
        200: { type: "object", properties: { items: { type: "array", items: { $ref: "Detainer#" } } } },
        ...AUTHENTICATED_ERRORS,
        503: ERROR_RESPONSES[503],
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { status, eroOri, leaOri, limit } = request.query;
      const filter = {
        ...(status !== undefined ? { status } : {}),
        ...(eroOri !== undefined ? { eroOri } : {}),
        ...(leaOri !== undefined ? { leaOri } : {}),
        limit,
        // A party sees its own whatever filter it sends.
        ...(caller.role === "ERO" ? { eroOri: caller.ori } : {}),
        ...(caller.role === "LEA" ? { leaOri: caller.ori } : {}),
      };
      const detainers = await detainersOf(context).list(filter);
      await context.audit(caller, {
        action: "DETAINER_LIST_READ",
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { filter, detainers: detainers.map((d) => d.id) },
      });
      return { items: detainers.map(detainerView) };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/detainers/:id",
    guarded(LIST_ROLES, {
      summary: "One detainer with its hold clock and priority assessment",
      tags,
      params: uuidParam,
      response: {
        200: { $ref: "Detainer#" },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
        503: ERROR_RESPONSES[503],
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const detainer = await detainersOf(context).get(request.params.id);
      if (!detainer || !mayHandle(caller, detainer)) throw notFound(`detainer ${request.params.id}`);
      await context.audit(caller, {
        action: "DETAINER_READ",
        object: `detainer:${detainer.id}`,
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
      });
      return detainerView(detainer);
    },
  );

  app.post<{
    Params: { id: string };
    Body: { type: DetainerAction["type"]; releaseDueAt?: string; reason?: string };
  }>(
    "/detainers/:id/actions",
    guarded(ACTING_ROLES, {
      summary: "One step of the detainer's life",
      description:
        `Which role may send which action: ${Object.entries(DETAINER_ACTIONS_BY_ROLE)
          .map(([role, actions]) => `${role}: ${actions.join(", ")}`)
          .join("; ")}. ` +
        "RELEASE_NOTICE needs `releaseDueAt`, LIFT a `reason`. 409 for an action the detainer's status does " +
        "not allow (e.g. HOLD before a release notice).",
      tags,
      params: uuidParam,
      body: {
        type: "object",
        required: ["type"],
        additionalProperties: false,
        properties: {
          type: { type: "string", enum: [...ACTION_TYPES] },
          releaseDueAt: { type: "string", format: "date-time" },
          reason: { type: "string", minLength: 1, maxLength: 1000 },
        },
      },
      response: {
        200: { $ref: "Detainer#" },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
        409: ERROR_RESPONSES[409],
        422: ERROR_RESPONSES[422],
        503: ERROR_RESPONSES[503],
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const service = detainersOf(context);
      const { id } = request.params;
      const detainer = await service.get(id);
      if (!detainer || !mayHandle(caller, detainer)) throw notFound(`detainer ${id}`);
      const { type, releaseDueAt, reason } = request.body;
      const need = (value: string | undefined, property: string): string => {
        if (value === undefined)
          throw new ApiError(
            400,
            "invalid_request",
            `body.${property} is required for ${type}`,
            `body.${property}`,
          );
        return value;
      };
      const action: DetainerAction =
        type === "RELEASE_NOTICE"
          ? { type, releaseDueAt: need(releaseDueAt, "releaseDueAt") }
          : type === "LIFT"
            ? { type, reason: need(reason, "reason") }
            : { type };
      const updated = await service.act(id, action, {
        actor: caller.actor,
        ori: caller.ori,
        role: caller.role,
      });
      return detainerView(updated);
    },
  );
};
