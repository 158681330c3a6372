import { PLAN_ACTIONS, type PlanChange } from "../domain/deployment-plan.js";
import { DomainInputError } from "../domain/domain-error.js";
import { DeploymentPlanService } from "../services/deployment-plan-service.js";
import { callerOf, guarded, stateScopeOf } from "./api-caller.js";
import { ApiError } from "./api-error.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const tags = ["deployment"];
const stateQuery = {
  type: "object",
  additionalProperties: false,
  properties: { state: { type: "string", pattern: "^[A-Z]{2}$" } },
} as const;
const day = { type: "string", format: "date", nullable: true } as const;
const statusEnum = { type: "string", enum: ["PLANNED", "SCHEDULED", "DEFERRED", "ACTIVATED"] } as const;

const figures = {
  sites: { type: "integer" },
  activated: { type: "integer" },
  scheduled: { type: "integer" },
  deferred: { type: "integer" },
  planned: { type: "integer" },
  overdue: { type: "integer", description: "Scheduled before today and still not activated" },
  facilities: { type: "integer" },
  facilitiesActivated: { type: "integer" },
  activatedShare: { type: "number", nullable: true },
  nextScheduled: day,
} as const;

const regionSchema = {
  type: "object",
  required: ["id", "name", "coordinatorOri", "states"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    coordinatorOri: { type: "string", nullable: true },
    states: { type: "array", items: { type: "string" } },
  },
} as const;

const historySchema = {
  type: "object",
  required: ["at", "action", "actor", "detail"],
  properties: {
    at: { type: "string", format: "date-time" },
    action: { type: "string" },
    actor: { type: "string" },
    detail: { type: "object", additionalProperties: true },
  },
} as const;

const planEntrySchema = {
  type: "object",
  required: ["id", "name", "state", "kind", "status", "history"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    state: { type: "string" },
    kind: { type: "string", enum: ["COUNTY", "FACILITY"] },
    countyFips: { type: "string", nullable: true },
    status: statusEnum,
    scheduledAt: day,
    activatedAt: day,
    deferredReason: { type: "string", nullable: true },
    receiptIdr: { type: "boolean" },
    receiptIar: { type: "boolean" },
    history: { type: "array", items: historySchema },
  },
} as const;

const facilitySchema = {
  type: "object",
  required: ["id", "name", "state", "countyFips", "lon", "lat", "status"],
  properties: {
    id: { type: "string", description: "The facility's ORI, its site id" },
    name: { type: "string" },
    state: { type: "string" },
    countyFips: { type: "string", nullable: true },
    lon: { type: "number", nullable: true, description: "The county's centroid, degrees" },
    lat: { type: "number", nullable: true },
    status: statusEnum,
    scheduledAt: day,
    activatedAt: day,
    receiptIdr: { type: "boolean" },
    receiptIar: { type: "boolean" },
  },
} as const;

/**
 * Regions, the deployment plan per state, its changes, its progress and the correctional facilities as
 * points. A regional coordinator's PMO key sees and changes only its region's states (decision 0012).
 */
export const deploymentRoutes: ApiRoutes = (app, context) => {
  const service = new DeploymentPlanService(context.db, context.clock);

  app.get(
    "/regions",
    guarded(
      ["PMO", "AUDITOR"],
      {
        summary: "The programme's regions: their states and coordinator",
        tags,
        response: {
          200: { type: "object", properties: { items: { type: "array", items: regionSchema } } },
          ...AUTHENTICATED_ERRORS,
        },
      },
      { regionScoped: true },
    ),
    async (request) => ({ items: await service.regions(stateScopeOf(callerOf(request))) }),
  );

  app.put<{
    Params: { id: string };
    Body: { name: string; states: string[]; coordinatorOri: string | null };
  }>(
    "/regions/:id",
    guarded(["PMO"], {
      summary: "Create or replace a region; its states leave any other region",
      description:
        "`coordinatorOri`: the ORI whose PMO keys become the region's coordinator. Audited (`REGION_SET`).",
      tags,
      params: {
        type: "object",
        required: ["id"],
        additionalProperties: false,
        properties: { id: { type: "string", pattern: "^[A-Za-z0-9_-]{1,20}$" } },
      },
      body: {
        type: "object",
        required: ["name", "states", "coordinatorOri"],
        additionalProperties: false,
        properties: {
          name: { type: "string", minLength: 1, maxLength: 100 },
          states: { type: "array", maxItems: 60, items: { type: "string", pattern: "^[A-Z]{2}$" } },
          coordinatorOri: { type: "string", pattern: "^[A-Z]{2}[A-Z0-9]{7}$", nullable: true },
        },
      },
      response: { 200: regionSchema, ...AUTHENTICATED_ERRORS },
    }),
    async (request) => {
      const caller = callerOf(request);
      return service.setRegion({ id: request.params.id, ...request.body }, caller);
    },
  );

  app.get<{ Querystring: { state?: string } }>(
    "/deployment/plan",
    guarded(
      ["PMO", "AUDITOR"],
      {
        summary:
          "The deployment plan: every site (county or correctional facility) with its dates and history",
        description:
          "History: each schedule, move (with its reason), deferral (with its reason) and activation, from the audit log.",
        tags,
        querystring: stateQuery,
        response: {
          200: { type: "object", properties: { items: { type: "array", items: planEntrySchema } } },
          ...AUTHENTICATED_ERRORS,
        },
      },
      { regionScoped: true },
    ),
    async (request) => ({
      items: await service.plan(stateScopeOf(callerOf(request)), request.query.state),
    }),
  );

  app.post<{
    Params: { id: string };
    Body: { action: PlanChange["action"]; date?: string; reason?: string };
  }>(
    "/deployment/sites/:id/changes",
    guarded(
      ["PMO"],
      {
        summary: "Change a site's plan: SCHEDULE, MOVE (date and reason), DEFER (reason) or ACTIVATE (date)",
        description:
          "409 for a step the site's status does not allow (a scheduled date is MOVEd, with a reason). " +
          "Bookings already received keep the routing they were received with. Audited.",
        tags,
        params: {
          type: "object",
          required: ["id"],
          additionalProperties: false,
          properties: { id: { type: "string", minLength: 1, maxLength: 20 } },
        },
        body: {
          type: "object",
          required: ["action"],
          additionalProperties: false,
          properties: {
            action: { type: "string", enum: [...PLAN_ACTIONS] },
            date: { type: "string", format: "date" },
            reason: { type: "string", minLength: 1, maxLength: 1000 },
          },
        },
        response: {
          200: planEntrySchema,
          ...AUTHENTICATED_ERRORS,
          404: ERROR_RESPONSES[404],
          409: ERROR_RESPONSES[409],
          422: ERROR_RESPONSES[422],
        },
      },
      { regionScoped: true },
    ),
    async (request) => {
      const caller = callerOf(request);
      const { action, date, reason } = request.body;
      const need = (value: string | undefined, property: "date" | "reason"): string => {
        if (value === undefined)
          throw new ApiError(
            400,
            "invalid_request",
            `body.${property} is required for ${action}`,
            `body.${property}`,
          );
        return value;
      };
      const change: PlanChange =
        action === "DEFER"
          ? { action, reason: need(reason, "reason") }
          : action === "MOVE"
            ? { action, date: need(date, "date"), reason: need(reason, "reason") }
            : action === "SCHEDULE"
              ? { action, date: need(date, "date"), ...(reason ? { reason } : {}) }
              : { action, date: need(date, "date") };
      try {
        return await service.change(stateScopeOf(caller), request.params.id, change, caller);
      } catch (error) {
        if (error instanceof DomainInputError)
          throw new ApiError(
            422,
            "invalid_input",
            error.message,
            error.property.replace(/^(change|event)\./, "body."),
          );
        throw error;
      }
    },
  );

  app.get(
    "/deployment/progress",
    guarded(
      ["PMO", "AUDITOR"],
      {
        summary: "The plan's progress as figures, by region and by state",
        tags,
        response: {
          200: {
            type: "object",
            properties: {
              asOf: { type: "string", format: "date" },
              regions: {
                type: "array",
                items: {
                  type: "object",
                  required: ["region", "name", "states", ...Object.keys(figures)],
                  properties: {
                    region: { type: "string", nullable: true },
                    name: { type: "string" },
                    ...figures,
                    states: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["state", ...Object.keys(figures)],
                        properties: { state: { type: "string" }, ...figures },
                      },
                    },
                  },
                },
              },
            },
          },
          ...AUTHENTICATED_ERRORS,
        },
      },
      { regionScoped: true },
    ),
    async (request) => ({
      asOf: context.clock().toISOString().slice(0, 10),
      regions: await service.progress(stateScopeOf(callerOf(request))),
    }),
  );

  app.get<{ Querystring: { state?: string } }>(
    "/deployment/facilities",
    guarded(
      ["PMO", "SIB", "CJIS", "AUDITOR"],
      {
        summary: "State correctional reception facilities as points for the map, with their activation",
        tags,
        querystring: stateQuery,
        response: {
          200: { type: "object", properties: { items: { type: "array", items: facilitySchema } } },
          ...AUTHENTICATED_ERRORS,
        },
      },
      { regionScoped: true },
    ),
    async (request) => ({
      items: await service.facilities(stateScopeOf(callerOf(request)), request.query.state),
    }),
  );
};
