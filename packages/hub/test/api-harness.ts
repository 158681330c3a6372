import { LESC_ORI } from "@tenprint/nist";
import type { FastifyInstance } from "fastify";
import { embeddedClusterView } from "../src/farm/cluster-view.js";
import {
  API_ROLES,
  type ApiOptions,
  type ApiRole,
  createApi,
  createHubStorage,
  DetainerService,
  type HubDatabaseHandle,
  LescService,
  RecordRedress,
  SubmissionService,
} from "../src/index.js";
import { type WebhookTargetPolicy, webhookTargetPolicy } from "../src/services/webhook-target-policy.js";
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

/**
 * Names the tests' webhooks use, as a resolver would answer them: no test depends on the machine's DNS.
 * `ero.example` stands for a public receiver; the others for names that point inside the network.
 */
export const TEST_HOSTS: Readonly<Record<string, string>> = {
  "ero.example": "93.184.215.14",
  "localhost.example": "127.0.0.1",
  "metadata.example": "169.254.169.254",
  "intranet.example": "10.1.2.3",
  "v6-loopback.example": "::1",
};

/** The default policy (https, public addresses only) over `TEST_HOSTS` instead of DNS. */
export const TEST_WEBHOOK_TARGETS: WebhookTargetPolicy = webhookTargetPolicy({
  lookup: async (hostname) => {
    const address = TEST_HOSTS[hostname];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return [{ address, family: address.includes(":") ? 6 : 4 }];
  },
});

/** The API over the test database with the real services; IDENT searches are off (no galleries needed). */
export function testApi(
  handle: HubDatabaseHandle,
  options: ApiOptions = {},
  webhookTargets: WebhookTargetPolicy = TEST_WEBHOOK_TARGETS,
): FastifyInstance {
  const { db } = handle;
  return createApi(
    {
      db,
      submissions: new SubmissionService(db, { hubOri: HUB_ORI, routing: fixedRouting(false) }),
      lesc: new LescService(db),
      detainers: new DetainerService(db),
      records: new RecordRedress(db),
      webhookTargets,
      // A hub always knows where its galleries are; this one holds none (api-cluster.test.ts has real ones).
      cluster: { cluster: async () => embeddedClusterView({ criminal: 0, ident: 0 }, new Date()) },
    },
    // Tests drive one key far past any quota; the quota has its own test (api-rate-limit.test.ts).
    { rateLimit: false, ...options },
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
