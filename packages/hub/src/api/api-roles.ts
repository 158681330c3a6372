/**
 * The roles an API key can carry. Plain data with no imports, so the web console can import the list
 * (`@tenprint/hub/roles`) into a browser bundle instead of keeping a copy.
 */

/** One role per kind of agency plus the oversight roles. */
export const API_ROLES = ["LEA", "SIB", "CJIS", "IDENT", "LESC", "ERO", "PMO", "AUDITOR"] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** Roles that may see every booking, not only their own agency's. */
export const OVERSIGHT_ROLES: readonly ApiRole[] = ["CJIS", "IDENT", "AUDITOR"];

export function isApiRole(role: string): role is ApiRole {
  return (API_ROLES as readonly string[]).includes(role);
}

/** One endpoint as the OpenAPI document names it, e.g. `{ method: "GET", path: "/v1/lesc/queue" }`. */
export interface ApiOperation {
  readonly method: string;
  readonly path: string;
}
