import type { Kysely } from "kysely";
import type { DetainerService } from "../services/detainer-service.js";
import type { LescService } from "../services/lesc-service.js";
import type { SubmissionService } from "../services/submission-service.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, type HubStorage } from "../storage/hub-storage.js";
import type { Caller } from "./api-caller.js";

/** What the API runs on. The LESC and detainer routes answer 503 when their service is not given. */
export interface ApiDeps {
  readonly db: Kysely<HubDatabase>;
  readonly submissions: Pick<SubmissionService, "submit">;
  readonly lesc?: Pick<LescService, "queue" | "determine">;
  readonly detainers?: Pick<DetainerService, "reviewQueue" | "review" | "list" | "get" | "act">;
  readonly clock?: () => Date;
}

export interface ApiContext extends ApiDeps {
  readonly storage: HubStorage;
  readonly clock: () => Date;
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
