import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { canonicalJson } from "./canonical-json.js";
import type { AuditEventRow, HubDatabase } from "./database-schema.js";

export const GENESIS_HASH = "0".repeat(64);

/** Who did what to which object, and why: one search, read or disclosure. */
export interface AuditEventInput {
  actor: string;
  ori: string;
  action: string;
  purpose?: string | null;
  object?: string | null;
  details?: Record<string, unknown>;
  /** Defaults to the log's clock. */
  at?: Date;
}

export interface AuditEvent {
  seq: number;
  at: Date;
  actor: string;
  ori: string;
  action: string;
  purpose: string | null;
  object: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  ori?: string;
  object?: string;
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  afterSeq?: number;
  limit?: number;
}

/** Append-only, hash-chained record of searches, reads and disclosures. */
export interface AuditLog {
  /**
   * Records the event. Inside `runTransition` the event is written when the transition commits (and not at
   * all if it fails); elsewhere it is written before the promise resolves.
   */
  append(event: AuditEventInput): Promise<void>;
  query(filter?: AuditQuery): Promise<AuditEvent[]>;
}

/** hash = SHA-256(prev_hash ‖ canonical JSON of the event's content), hex. */
export function auditEventHash(prevHash: string, event: Omit<AuditEvent, "prevHash" | "hash">): string {
  const content = canonicalJson({
    seq: event.seq,
    at: event.at.toISOString(),
    actor: event.actor,
    ori: event.ori,
    action: event.action,
    purpose: event.purpose,
    object: event.object,
    details: event.details,
  });
  return createHash("sha256").update(prevHash).update(content).digest("hex");
}

export function auditEventFromRow(row: AuditEventRow): AuditEvent {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    ori: row.ori,
    action: row.action,
    purpose: row.purpose,
    object: row.object,
    details: (row.details ?? {}) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const MAX_QUERY_LIMIT = 10_000;

export class PostgresAuditLog implements AuditLog {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async append(input: AuditEventInput): Promise<void> {
    await this.appendMany([input]);
  }

  /**
   * Appends under the row lock on audit_head, so concurrent appenders form one linear chain. Outside a
   * transaction it opens its own; inside one, the lock is held until that transaction ends, so callers
   * append last (runTransition does).
   */
  async appendMany(inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
    if (inputs.length === 0) return [];
    if (!this.db.isTransaction)
      return this.db.transaction().execute((trx) => new PostgresAuditLog(trx, this.clock).appendMany(inputs));
    const head = await this.db
      .selectFrom("audit_head")
      .select(["seq", "hash"])
      .where("id", "=", 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const events: AuditEvent[] = [];
    for (const input of inputs) {
      const content = {
        seq: ++seq,
        at: input.at ?? this.clock(),
        actor: input.actor,
        ori: input.ori,
        action: input.action,
        purpose: input.purpose ?? null,
        object: input.object ?? null,
        details: input.details ?? {},
      };
      const hash = auditEventHash(prevHash, content);
      events.push({ ...content, prevHash, hash });
      prevHash = hash;
    }
    // The events and the new head in one statement (a data-modifying WITH): the head row is locked
    // above, so this is what the two statements did, for one round trip fewer per transition.
    await this.db
      .with("appended", (db) =>
        db.insertInto("audit_events").values(
          events.map((event) => ({
            seq: event.seq,
            at: event.at,
            actor: event.actor,
            ori: event.ori,
            action: event.action,
            purpose: event.purpose,
            object: event.object,
            details: JSON.stringify(event.details),
            prev_hash: event.prevHash,
            hash: event.hash,
          })),
        ),
      )
      .updateTable("audit_head")
      .set({ seq, hash: prevHash })
      .where("id", "=", 1)
      .execute();
    return events;
  }

  async query(filter: AuditQuery = {}): Promise<AuditEvent[]> {
    let query = this.db.selectFrom("audit_events").selectAll();
    if (filter.ori !== undefined) query = query.where("ori", "=", filter.ori);
    if (filter.object !== undefined) query = query.where("object", "=", filter.object);
    if (filter.action !== undefined) query = query.where("action", "=", filter.action);
    if (filter.actor !== undefined) query = query.where("actor", "=", filter.actor);
    if (filter.from !== undefined) query = query.where("at", ">=", filter.from);
    if (filter.to !== undefined) query = query.where("at", "<", filter.to);
    if (filter.afterSeq !== undefined) query = query.where("seq", ">", filter.afterSeq);
    const limit = Math.min(filter.limit ?? 1000, MAX_QUERY_LIMIT);
    const rows = await query.orderBy("seq").limit(limit).execute();
    return rows.map(auditEventFromRow);
  }
}

/**
 * The audit log of one transition: events are collected and chained in one batch just before commit, so
 * the chain's row lock is held for a moment at the end rather than for the whole transition.
 */
export class TransitionAuditLog implements AuditLog {
  readonly #pending: AuditEventInput[] = [];

  constructor(
    private readonly log: PostgresAuditLog,
    private readonly clock: () => Date,
  ) {}

  async append(input: AuditEventInput): Promise<void> {
    // The time is the moment of the action, not of the commit.
    this.#pending.push({ ...input, at: input.at ?? this.clock() });
  }

  async query(filter?: AuditQuery): Promise<AuditEvent[]> {
    await this.flush();
    return this.log.query(filter);
  }

  async flush(): Promise<void> {
    const batch = this.#pending.splice(0);
    await this.log.appendMany(batch);
  }
}
