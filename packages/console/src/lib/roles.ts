import { API_ROLES, type ApiRole } from "@tenprint/hub/roles";

export { API_ROLES, type ApiRole };

/**
 * How the console names each of the hub's roles. A Record over the hub's own role list: a role added
 * to the hub fails the console's type check until it is named here.
 */
export const ROLE_NAMES: Record<ApiRole, string> = {
  LEA: "Booking agency (LEA)",
  SIB: "State identification bureau (SIB)",
  CJIS: "FBI CJIS",
  IDENT: "DHS IDENT",
  LESC: "ICE Law Enforcement Support Center (LESC)",
  ERO: "ICE ERO field office",
  PMO: "Programme management office (PMO)",
  AUDITOR: "Auditor",
};

export function isRole(role: string): role is ApiRole {
  return (API_ROLES as readonly string[]).includes(role);
}
