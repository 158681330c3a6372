import { callerOf, guarded } from "./api-caller.js";
import { API_ROLES } from "./api-roles.js";
import { AUTHENTICATED_ERRORS } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const operationSchema = {
  type: "object",
  required: ["method", "path"],
  properties: {
    method: { type: "string" },
    path: { type: "string", description: "As in the OpenAPI document" },
  },
} as const;

/**
 * Who the key belongs to and what it may call: the console shows the agency and role and offers only
 * these operations (the hub still checks every call).
 */
export const meRoute: ApiRoutes = (app, context) => {
  app.get(
    "/me",
    guarded(
      API_ROLES,
      {
        summary: "The calling key's agency, role and the operations that role may call",
        tags: ["identity"],
        response: {
          200: {
            type: "object",
            required: ["keyId", "ori", "role", "agency", "operations"],
            properties: {
              keyId: { type: "string" },
              ori: { type: "string" },
              role: { type: "string", enum: [...API_ROLES] },
              agency: {
                type: "object",
                nullable: true,
                required: ["name", "kind"],
                description: "The agency the ORI names in the hub's directory; null when it has no entry",
                properties: { name: { type: "string" }, kind: { type: "string" } },
              },
              operations: { type: "array", items: operationSchema },
              region: {
                type: "object",
                nullable: true,
                required: ["id", "states"],
                description: "For a regional coordinator's PMO key: its region, the only states it sees",
                properties: { id: { type: "string" }, states: { type: "array", items: { type: "string" } } },
              },
            },
          },
          ...AUTHENTICATED_ERRORS,
        },
      },
      { regionScoped: true },
    ),
    async (request) => {
      const caller = callerOf(request);
      const agency = await context.storage.directory.getAgency(caller.ori);
      return {
        keyId: caller.keyId,
        ori: caller.ori,
        role: caller.role,
        agency: agency ? { name: agency.name, kind: agency.kind } : null,
        operations: context.operations
          .filter((operation) => operation.roles.includes(caller.role))
          .filter((operation) => !caller.region || operation.regionScoped)
          .map(({ method, path }) => ({ method, path })),
        region: caller.region ? { id: caller.region.id, states: [...caller.region.states] } : null,
      };
    },
  );
};
