import type { KeyObject } from "node:crypto";
import type { Kysely } from "kysely";
import type { ClusterView } from "../farm/cluster-view.js";
import { CaseComparisons } from "../services/case-comparison.js";
import type { DetainerService } from "../services/detainer-service.js";
import type { LescService } from "../services/lesc-service.js";
import { PrintPngCache } from "../services/print-png-cache.js";
import type { RecordRedress } from "../services/record-redress.js";
import type { SubmissionService } from "../services/submission-service.js";
import { type WebhookTargetPolicy, webhookTargetPolicyFromEnv } from "../services/webhook-target-policy.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, type HubStorage } from "../storage/hub-storage.js";
import type { Caller } from "./api-caller.js";
import type { ApiOperation, ApiRole } from "./api-roles.js";

/** An endpoint with the roles `guarded` admits to it, as registered. */
export interface GuardedOperation extends ApiOperation {
  readonly roles: readonly ApiRole[];
  /** A regional coordinator may call it. */
  readonly regionScoped?: boolean;
}

/** What the API runs on. The LESC and detainer routes answer 503 when their service is not given. */
export interface ApiDeps {
  readonly db: Kysely<HubDatabase>;
  readonly submissions: Pick<SubmissionService, "submit">;
  readonly lesc?: Pick<LescService, "queue" | "determine">;
  readonly detainers?: Pick<DetainerService, "reviewQueue" | "review" | "list" | "get" | "act">;
  /**
   * Explains LESC cases' matches; the runtime passes one that extracts on its thread pool. Without it
   * the API makes its own, which extracts a case's booking on the calling thread.
   */
  readonly comparisons?: Pick<CaseComparisons, "compare">;
  /** Expungement and correction of repository records; the /v1/records routes answer 503 without it. */
  readonly records?: Pick<RecordRedress, "expunge" | "correct">;
  readonly clock?: () => Date;
  /** Where agencies may point their webhooks; by default the operator's policy from the environment. */
  readonly webhookTargets?: WebhookTargetPolicy;
  /**
   * The signed checkpoints of the audit head and the operator's public key: `GET /v1/audit/verify` then
   * also checks the chain against them (decision 0010). Without them it checks the chain's links only.
   */
  readonly auditCheckpoints?: { readonly file: string; readonly publicKey: KeyObject };
  /** Where the galleries are searched (`GET /v1/cluster` answers 503 without it). */
  readonly cluster?: { cluster(): Promise<ClusterView> };
}

export interface ApiContext extends ApiDeps {
  readonly storage: HubStorage;
  readonly comparisons: Pick<CaseComparisons, "compare">;
  /** Prints recently rendered as PNG for the console (the print routes read the stored bytes first). */
  readonly printPngs: PrintPngCache;
  readonly clock: () => Date;
  readonly webhookTargets: WebhookTargetPolicy;
  /** Every guarded endpoint with its roles, filled as routes register (`GET /v1/me` lists a role's). */
  readonly operations: GuardedOperation[];
  /** Records one read or disclosure by the caller; awaited before the response is sent. */
  audit(
    caller: Caller,
    event: {
      action: string;
      object?: string | null;
      purpose?: string | null;
      details?: Record<string, unknown>;
    },
  ): Promise<void>;
}

export function apiContext(deps: ApiDeps): ApiContext {
  const clock = deps.clock ?? (() => new Date());
  const storage = createHubStorage(deps.db, { clock });
  return {
    ...deps,
    storage,
    clock,
    webhookTargets: deps.webhookTargets ?? webhookTargetPolicyFromEnv(),
    comparisons: deps.comparisons ?? new CaseComparisons(deps.db),
    printPngs: new PrintPngCache(),
    operations: [],
    audit: (caller, event) =>
      storage.audit.append({
        actor: caller.actor,
        ori: caller.ori,
        action: event.action,
        object: event.object ?? null,
        purpose: event.purpose ?? null,
        details: { role: caller.role, ...event.details },
      }),
  };
}
