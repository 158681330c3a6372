import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
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

/** The chain's head as this process last wrote or read it, per database (see `appendMany`). */
interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}
const knownHeads = new WeakMap<object, AuditHead>();

export class PostgresAuditLog implements AuditLog {
  /**
   * @param chain The database whose chain this is, when `db` is one of its transactions: the head this
   *   process last saw is kept per database, so a transition can append without reading it first.
   */
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
    private readonly chain: object = db,
  ) {}

  async append(input: AuditEventInput): Promise<void> {
    await this.appendMany([input]);
  }

  /**
   * Appends under the row lock on audit_head, so concurrent appenders form one linear chain. Outside a
   * transaction it opens its own; inside one, the lock is held until that transaction ends, so callers
   * append last (runTransition does).
   *
   * When this process knows the head (it wrote or read it last), the events chain from it and one
   * statement writes them with the new head, only if the head is still that one: the statement's update
   * of the head row takes its lock and re-checks seq and hash, so a head moved by anyone else (another
   * process, a restore, a rolled-back transaction) writes nothing and the append falls back to reading
   * the head FOR UPDATE. Either way the events chain from the head they were written after.
   */
  async appendMany(inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
    if (inputs.length === 0) return [];
    if (!this.db.isTransaction)
      return this.db
        .transaction()
        .execute((trx) => new PostgresAuditLog(trx, this.clock, this.chain).appendMany(inputs));
    const known = knownHeads.get(this.chain);
    if (known) {
      const events = chainEvents(known, inputs, this.clock);
      const last = events[events.length - 1]!;
      const { rows } = await sql<{ seq: string }>`with head as (
          update audit_head set seq = ${last.seq}, hash = ${last.hash}
          where id = 1 and seq = ${known.seq} and hash = ${known.hash} returning 1)
        insert into audit_events (seq, at, actor, ori, action, purpose, object, details, prev_hash, hash)
        select * from (values ${sql.join(events.map(eventValues))}) as appended
        where exists (select 1 from head)
        returning seq`.execute(this.db);
      if (rows.length === events.length) {
        knownHeads.set(this.chain, { seq: last.seq, hash: last.hash });
        return events;
      }
      knownHeads.delete(this.chain);
    }
    const head = await this.db
      .selectFrom("audit_head")
      .select(["seq", "hash"])
      .where("id", "=", 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const events = chainEvents({ seq: Number(head.seq), hash: head.hash }, inputs, this.clock);
    const last = events[events.length - 1]!;
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
      .set({ seq: last.seq, hash: last.hash })
      .where("id", "=", 1)
      .execute();
    knownHeads.set(this.chain, { seq: last.seq, hash: last.hash });
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

/** The events `inputs` make when chained after `head`, with their sequence numbers and hashes. */
function chainEvents(head: AuditHead, inputs: readonly AuditEventInput[], clock: () => Date): AuditEvent[] {
  let seq = head.seq;
  let prevHash = head.hash;
  const events: AuditEvent[] = [];
  for (const input of inputs) {
    const content = {
      seq: ++seq,
      at: input.at ?? clock(),
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
  return events;
}

/** One event as a row of a VALUES list, typed as audit_events' columns. */
function eventValues(event: AuditEvent) {
  return sql`(${event.seq}::bigint, ${event.at}::timestamptz, ${event.actor}::text, ${event.ori}::text,
    ${event.action}::text, ${event.purpose}::text, ${event.object}::text, ${JSON.stringify(event.details)}::jsonb,
    ${event.prevHash}::text, ${event.hash}::text)`;
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
