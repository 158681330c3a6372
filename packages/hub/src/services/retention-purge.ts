import { type Kysely, sql } from "kysely";
import type { MessageType } from "../domain/domain-effects.js";
import { DomainInputError } from "../domain/domain-error.js";
import {
  FINISHED_BOOKING_STATES,
  messageCutoff,
  printsDecision,
  RETENTION_REPOSITORIES,
  type RetentionChange,
  type RetentionPolicies,
  type RetentionRepository,
  retentionChangeProblem,
} from "../domain/retention-rules.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { runTransition } from "../storage/hub-storage.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";

/** Every message type the hub writes, for policies per type. */
export const RETAINED_MESSAGE_TYPES: readonly MessageType[] = [
  "SRE",
  "ERRT",
  "IDR",
  "IAQ",
  "IAR",
  "DETAINER_ISSUED",
  "DETAINER_LIFTED",
];

/** Who runs the purge or changes a policy, for the audit log. */
export interface RetentionActor {
  readonly actor: string;
  readonly ori: string;
}

export async function retentionPolicies(db: Kysely<HubDatabase>): Promise<RetentionPolicies> {
  const rows = await db.selectFrom("retention_policies").selectAll().execute();
  // A repository without a row retains: deleting prints needs an explicit policy.
  const prints = Object.fromEntries(RETENTION_REPOSITORIES.map((r) => [r, true])) as Record<
    RetentionRepository,
    boolean
  >;
  const messageDays: Record<string, number> = {};
  for (const row of rows) {
    if (row.kind === "BOOKING_PRINTS" && (RETENTION_REPOSITORIES as readonly string[]).includes(row.subject))
      prints[row.subject as RetentionRepository] = row.retain !== false;
    if (row.kind === "MESSAGES" && row.keep_days !== null) messageDays[row.subject] = row.keep_days;
  }
  return { prints, messageDays };
}

/** Changes one policy, audited (`RETENTION_POLICY_SET`) with the value before and after. */
export async function setRetentionPolicy(
  db: Kysely<HubDatabase>,
  change: RetentionChange,
  by: RetentionActor,
  clock: () => Date = () => new Date(),
): Promise<RetentionPolicies> {
  const problem = retentionChangeProblem(change, RETAINED_MESSAGE_TYPES);
  if (problem) throw new DomainInputError(change.kind === "BOOKING_PRINTS" ? "repository" : "type", problem);
  const subject = change.kind === "BOOKING_PRINTS" ? change.repository : change.type;
  const values =
    change.kind === "BOOKING_PRINTS"
      ? { retain: change.retain, keep_days: null }
      : { retain: null, keep_days: change.keepDays };
  await runTransition(
    db,
    async (storage, trx) => {
      const before = await trx
        .selectFrom("retention_policies")
        .select(["retain", "keep_days"])
        .where("kind", "=", change.kind)
        .where("subject", "=", subject)
        .executeTakeFirst();
      await trx
        .insertInto("retention_policies")
        .values({ kind: change.kind, subject, ...values, updated_at: clock() })
        .onConflict((conflict) =>
          conflict.columns(["kind", "subject"]).doUpdateSet({ ...values, updated_at: clock() }),
        )
        .execute();
      await storage.audit.append({
        actor: by.actor,
        ori: by.ori,
        action: "RETENTION_POLICY_SET",
        object: `retention:${change.kind}:${subject}`,
        details: {
          before: before ? { retain: before.retain, keepDays: before.keep_days } : null,
          after: { retain: values.retain, keepDays: values.keep_days },
        },
      });
    },
    { clock },
  );
  return retentionPolicies(db);
}

export interface PurgeReport {
  readonly dryRun: boolean;
  readonly at: string;
  readonly policies: RetentionPolicies;
  /** Finished bookings whose prints were (or, in a dry run, would be) deleted. */
  readonly prints: { readonly purged: number; readonly transactions: readonly string[] };
  readonly messages: readonly {
    readonly type: string;
    readonly keepDays: number;
    readonly before: string;
    readonly deleted: number;
  }[];
}

export interface PurgeOptions {
  readonly by: RetentionActor;
  readonly dryRun?: boolean;
  readonly clock?: () => Date;
  /** Bookings per database transaction. */
  readonly batch?: number;
  /** Ids listed in the report at most (the count is always whole). */
  readonly listLimit?: number;
}

/**
 * Deletes what the policies no longer keep: the submitted file (the prints) of every finished booking no
 * repository that searched it retains, and messages older than their type's days (those still waiting
 * for delivery are kept until delivered or failed). Each booking's deletion is audited
 * (`PRINTS_PURGED`) in the transaction that deletes it, each message type's deletion likewise
 * (`MESSAGES_PURGED`), and the run itself (`RETENTION_PURGE_RUN`). A dry run writes nothing.
 */
export async function purgeExpired(db: Kysely<HubDatabase>, options: PurgeOptions): Promise<PurgeReport> {
  const clock = options.clock ?? (() => new Date());
  const now = clock();
  const dryRun = options.dryRun === true;
  const batch = options.batch ?? SERVICE_PARAMETERS.retention.batch;
  const listLimit = options.listLimit ?? 1000;
  const policies = await retentionPolicies(db);
  const purged: string[] = [];
  let purgedCount = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    // Only bookings none of whose searching repositories retains: the SQL mirrors printsDecision, which
    // checks each row again before anything is deleted.
    let query = db
      .selectFrom("transactions")
      .select(["id", "tcn", "state", "state_data"])
      .where("state", "in", [...FINISHED_BOOKING_STATES])
      .where("request", "is not", null)
      .where("prints_purged_at", "is", null)
      .where("id", ">", after)
      .orderBy("id")
      .limit(batch);
    if (policies.prints.criminal)
      query = query.where(sql<boolean>`not jsonb_exists(state_data, 'criminalMatch')`);
    if (policies.prints.ident) query = query.where(sql<boolean>`not jsonb_exists(state_data, 'identMatch')`);
    const rows = await query.execute();
    if (rows.length === 0) break;
    after = rows.at(-1)?.id ?? after;
    const doomed = rows.flatMap((row) => {
      const decision = printsDecision(row.state, row.state_data as Record<string, unknown>, policies);
      return decision && !decision.retained ? [{ ...row, decision }] : [];
    });
    if (!dryRun && doomed.length > 0)
      await runTransition(
        db,
        async (storage, trx) => {
          for (const row of doomed) {
            const result = await trx
              .updateTable("transactions")
              .set({ request: null, prints_purged_at: now })
              .where("id", "=", row.id)
              .where("prints_purged_at", "is", null)
              .executeTakeFirst();
            if (Number(result.numUpdatedRows) === 0) continue;
            await storage.audit.append({
              actor: options.by.actor,
              ori: options.by.ori,
              action: "PRINTS_PURGED",
              object: `transaction:${row.id}`,
              details: {
                tcn: row.tcn,
                state: row.state,
                searchedIn: row.decision.searchedIn,
                policy: policies.prints,
              },
            });
          }
        },
        { clock },
      );
    purgedCount += doomed.length;
    for (const row of doomed) if (purged.length < listLimit) purged.push(row.id);
  }
  const messages: PurgeReport["messages"][number][] = [];
  for (const [type, keepDays] of Object.entries(policies.messageDays)) {
    const before = messageCutoff(now, keepDays);
    const expired = db
      .selectFrom("messages")
      .where("type", "=", type)
      .where("created_at", "<", before)
      .where("status", "!=", "pending");
    let deleted: number;
    if (dryRun) {
      const row = await expired.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirst();
      deleted = Number(row?.n ?? 0);
    } else {
      deleted = await runTransition(
        db,
        async (storage, trx) => {
          const result = await trx
            .deleteFrom("messages")
            .where("type", "=", type)
            .where("created_at", "<", before)
            .where("status", "!=", "pending")
            .executeTakeFirst();
          const count = Number(result.numDeletedRows);
          if (count > 0)
            await storage.audit.append({
              actor: options.by.actor,
              ori: options.by.ori,
              action: "MESSAGES_PURGED",
              object: `messages:${type}`,
              details: { type, keepDays, before: before.toISOString(), deleted: count },
            });
          return count;
        },
        { clock },
      );
    }
    messages.push({ type, keepDays, before: before.toISOString(), deleted });
  }
  const report: PurgeReport = {
    dryRun,
    at: now.toISOString(),
    policies,
    prints: { purged: purgedCount, transactions: purged },
    messages,
  };
  if (!dryRun)
    await runTransition(
      db,
      async (storage) =>
        storage.audit.append({
          actor: options.by.actor,
          ori: options.by.ori,
          action: "RETENTION_PURGE_RUN",
          object: "retention",
          details: {
            printsPurged: purgedCount,
            messagesDeleted: Object.fromEntries(messages.map((m) => [m.type, m.deleted])),
            policies,
          },
        }),
      { clock },
    );
  return report;
}
