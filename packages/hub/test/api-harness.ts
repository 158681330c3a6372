import { LESC_ORI } from "@tenprint/nist";
import type { FastifyInstance } from "fastify";
import {
  API_ROLES,
  type ApiOptions,
  type ApiRole,
  createApi,
  createHubStorage,
  DetainerService,
  type HubDatabaseHandle,
  LescService,
  SubmissionService,
} from "../src/index.js";
import { ERO_ORI, fixedRouting, HUB_ORI, knownBooking, SIB_ORI } from "./services-fixtures.js";

export { SIB_ORI };

/** One agency per role; the LEA is the known arrestee's booking agency (the CAR's CRI). */
export const OTHER_LEA_ORI = "VA0990000";
export const OTHER_SIB_ORI = "MDSIB0000";

export function roleOris(): Record<ApiRole, string> {
  return {
    LEA: knownBooking().agencyOri,
    SIB: SIB_ORI,
    CJIS: HUB_ORI,
    IDENT: "DCIDENT00",
    LESC: LESC_ORI,
    ERO: ERO_ORI,
    PMO: "DCICEPMO0",
    AUDITOR: "DCOIG0000",
  };
}

export type RoleKeys = Record<ApiRole, string>;

/** A fresh key for every role (after the tables were reset). */
export async function issueRoleKeys(handle: HubDatabaseHandle): Promise<RoleKeys> {
  const keys = createHubStorage(handle.db).apiKeys;
  const oris = roleOris();
  const entries = await Promise.all(
    API_ROLES.map(async (role) => [role, (await keys.issue(oris[role], role)).apiKey] as const),
  );
  return Object.fromEntries(entries) as RoleKeys;
}

export function bearer(apiKey: string): { authorization: string } {
  return { authorization: `Bearer ${apiKey}` };
}

/** The API over the test database with the real services; IDENT searches are off (no galleries needed). */
export function testApi(handle: HubDatabaseHandle, options: ApiOptions = {}): FastifyInstance {
  const { db } = handle;
  return createApi(
    {
      db,
      submissions: new SubmissionService(db, { hubOri: HUB_ORI, routing: fixedRouting(false) }),
      lesc: new LescService(db),
      detainers: new DetainerService(db),
    },
    options,
  );
}

/** The county the PMO endpoints act on (its FIPS code: Fairfax city): planned, receiving both responses. */
export const JURISDICTION = "51600";

export async function seedPlannedJurisdiction(handle: HubDatabaseHandle): Promise<void> {
  await createHubStorage(handle.db).directory.putJurisdiction({
    jurisdictionId: JURISDICTION,
    name: "Synthetic County",
    state: "VA",
    activationStatus: "PLANNED",
    activatedAt: null,
    receiptIdr: true,
    receiptIar: true,
    activation: {},
  });
}
