import type { FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import type { ApiKeyStore } from "../storage/api-key-store.js";
import { ApiError } from "./api-error.js";

import { type ApiRole, isApiRole } from "./api-roles.js";

export { API_ROLES, type ApiRole, OVERSIGHT_ROLES } from "./api-roles.js";

/** The authenticated agency behind a request. */
export interface Caller {
  readonly keyId: string;
  readonly ori: string;
  readonly role: ApiRole;
  /** How the audit log names it. */
  readonly actor: string;
  /**
   * A regional coordinator: a PMO key whose ORI is a region's coordinator ORI. It may call only the
   * endpoints marked region-scoped, and those show and change only the region's states.
   */
  readonly region?: { readonly id: string; readonly states: readonly string[] };
}

/** Finds the region a coordinator ORI runs (the directory's `regionOfCoordinator`). */
export type RegionLookup = (
  ori: string,
) => Promise<{ readonly id: string; readonly states: readonly string[] } | undefined>;

const callers = new WeakMap<FastifyRequest, Caller>();

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function unauthenticated(reply: FastifyReply, message: string): ApiError {
  reply.header("www-authenticate", 'Bearer realm="tenprint"');
  return new ApiError(401, "unauthenticated", message, "headers.authorization");
}

/** onRequest hook: resolves `Authorization: Bearer <key>` to its agency, or answers 401. */
export function authenticate(keys: ApiKeyStore, regionOf?: RegionLookup) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (header === undefined)
      throw unauthenticated(reply, "missing Authorization header: send `Authorization: Bearer <api key>`");
    const key = BEARER.exec(header)?.[1];
    if (key === undefined) throw unauthenticated(reply, "Authorization header is not `Bearer <api key>`");
    const identity = await keys.authenticate(key);
    if (!identity) throw unauthenticated(reply, "API key is unknown or revoked");
    if (!isApiRole(identity.role))
      throw new ApiError(403, "forbidden", `API key carries unknown role ${identity.role}`);
    const region = identity.role === "PMO" && regionOf ? await regionOf(identity.ori) : undefined;
    callers.set(request, {
      keyId: identity.id,
      ori: identity.ori,
      role: identity.role,
      actor: `apikey:${identity.id}`,
      ...(region ? { region: { id: region.id, states: region.states } } : {}),
    });
  };
}

export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw new Error(`route ${request.url} reached without authentication`);
  return caller;
}

/**
 * Route onRequest hook that admits only the given roles (after `authenticate`). A regional coordinator is
 * refused by every endpoint not marked region-scoped: nationwide figures and other states stay closed
 * to it unless an endpoint was written to narrow them to its region.
 */
function allow(roles: readonly ApiRole[], regionScoped: boolean) {
  return async (request: FastifyRequest): Promise<void> => {
    const caller = callerOf(request);
    if (!roles.includes(caller.role))
      throw new ApiError(
        403,
        "forbidden",
        `role ${caller.role} may not ${request.method} ${request.routeOptions.url}; allowed: ${roles.join(", ")}`,
      );
    if (caller.region && !regionScoped)
      throw new ApiError(
        403,
        "forbidden",
        `a coordinator's key (region ${caller.region.id}) may not ${request.method} ${request.routeOptions.url}: it is not limited to a region`,
      );
  };
}

/** The states a caller may see: all, or its region's. */
export function stateScopeOf(caller: Caller): "ALL" | readonly string[] {
  return caller.region ? caller.region.states : "ALL";
}

/** The stated purpose of a read (`X-Purpose`), recorded with its audit event. */
export function purposeOf(request: FastifyRequest, maxLength: number): string | null {
  const raw = request.headers["x-purpose"];
  const purpose = (Array.isArray(raw) ? raw.join(" ") : raw)?.trim();
  if (!purpose) return null;
  if (purpose.length > maxLength)
    throw new ApiError(
      400,
      "invalid_request",
      `X-Purpose is longer than ${maxLength} characters`,
      "headers.x-purpose",
    );
  return purpose;
}

/** A route's schema with its OpenAPI documentation. */
export interface DocumentedSchema extends FastifySchema {
  summary: string;
  description?: string;
  tags?: string[];
  /** The roles admitted, as an OpenAPI extension: `GET /v1/me` and the console read them from here. */
  "x-roles"?: readonly ApiRole[];
  /** A regional coordinator may call it, and sees only its region's states. */
  "x-region-scoped"?: boolean;
}

/** Route options admitting `roles`, with the roles stated in the route's OpenAPI description. */
export function guarded(
  roles: readonly ApiRole[],
  schema: DocumentedSchema,
  options: { regionScoped?: boolean } = {},
): { onRequest: ReturnType<typeof allow>; schema: DocumentedSchema } {
  const regionScoped = options.regionScoped ?? false;
  const note = `Roles: ${roles.join(", ")}${regionScoped ? " (a regional coordinator: its region only)" : ""}.`;
  return {
    onRequest: allow(roles, regionScoped),
    schema: {
      ...schema,
      description: schema.description ? `${schema.description}\n\n${note}` : note,
      "x-roles": roles,
      ...(regionScoped ? { "x-region-scoped": true } : {}),
    },
  };
}
