import type { FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import type { ApiKeyStore } from "../storage/api-key-store.js";
import { ApiError } from "./api-error.js";
import { logCaller } from "./api-logger.js";

import { type ApiRole, isApiRole } from "./api-roles.js";

export { API_ROLES, type ApiRole, OVERSIGHT_ROLES } from "./api-roles.js";

/** The authenticated agency behind a request. */
export interface Caller {
  readonly keyId: string;
  readonly ori: string;
  readonly role: ApiRole;
  /** How the audit log names it. */
  readonly actor: string;
}

const callers = new WeakMap<FastifyRequest, Caller>();

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function unauthenticated(reply: FastifyReply, message: string): ApiError {
  reply.header("www-authenticate", 'Bearer realm="tenprint"');
  return new ApiError(401, "unauthenticated", message, "headers.authorization");
}

/** onRequest hook: resolves `Authorization: Bearer <key>` to its agency, or answers 401. */
export function authenticate(keys: ApiKeyStore) {
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
    const caller: Caller = {
      keyId: identity.id,
      ori: identity.ori,
      role: identity.role,
      actor: `apikey:${identity.id}`,
    };
    callers.set(request, caller);
    logCaller(request, reply, caller);
  };
}

export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw new Error(`route ${request.url} reached without authentication`);
  return caller;
}

/** Route onRequest hook that admits only the given roles (after `authenticate`). */
function allow(roles: readonly ApiRole[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const caller = callerOf(request);
    if (!roles.includes(caller.role))
      throw new ApiError(
        403,
        "forbidden",
        `role ${caller.role} may not ${request.method} ${request.routeOptions.url}; allowed: ${roles.join(", ")}`,
      );
  };
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
}

/** Route options admitting `roles`, with the roles stated in the route's OpenAPI description. */
export function guarded(
  roles: readonly ApiRole[],
  schema: DocumentedSchema,
): { onRequest: ReturnType<typeof allow>; schema: DocumentedSchema } {
  const note = `Roles: ${roles.join(", ")}.`;
  return {
    onRequest: allow(roles),
    schema: {
      ...schema,
      description: schema.description ? `${schema.description}\n\n${note}` : note,
      "x-roles": roles,
    },
  };
}
