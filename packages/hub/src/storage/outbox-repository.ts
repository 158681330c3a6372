import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { HubDatabase, MessageRow } from "./database-schema.js";
import { type EnvelopeCipher, PLAINTEXT_CIPHER } from "./envelope-cipher.js";
import { backoffDelayMs } from "./retry-backoff.js";

export type MessageStatus = "pending" | "delivered" | "suppressed" | "failed";

export interface OutboxMessage {
  id: string;
  transactionId: string | null;
  /** SRE, ERRT, IDR, IAQ, IAR, … */
  type: string;
  recipientOri: string;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  payload: Uint8Array | null;
  payloadJson: Record<string, unknown>;
  createdAt: Date;
  deliveredAt: Date | null;
  /** When the recipient confirmed it read the message (inbox acknowledgement). */
  acknowledgedAt: Date | null;
}

export interface NewOutboxMessage {
  /** The message id is its idempotency key: enqueueing the same id twice stores it once. */
  id?: string;
  transactionId: string | null;
  type: string;
  recipientOri: string;
  /** Recorded but never delivered (the recipient's receipt preference is off). */
  suppressed?: boolean;
  payload?: Uint8Array | null;
  payloadJson?: Record<string, unknown>;
}

export interface ClaimOptions {
  limit: number;
  /** While leased, no other deliverer sees the message; a crashed deliverer's messages return after it. */
  leaseMs: number;
}

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_DELIVERY_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 300_000, maxAttempts: 10 };

export interface OutboxRepository {
  enqueue(message: NewOutboxMessage): Promise<{ message: OutboxMessage; created: boolean }>;
  /** Leases up to `limit` due pending messages (FOR UPDATE SKIP LOCKED) and counts the attempt. */
  claimDue(options: ClaimOptions): Promise<OutboxMessage[]>;
  /** False when the message was already delivered (or is not pending): the caller must not count it twice. */
  markDelivered(id: string): Promise<boolean>;
  /** Schedules a retry with exponential backoff, or marks the message failed after the last attempt. */
  markFailed(id: string, error: string, policy?: RetryPolicy): Promise<MessageStatus | undefined>;
  get(id: string): Promise<OutboxMessage | undefined>;
  listForTransaction(transactionId: string): Promise<OutboxMessage[]>;
  listForRecipient(recipientOri: string, options?: RecipientListOptions): Promise<OutboxMessage[]>;
  /** Records the recipient's acknowledgement; false for another agency's, an undelivered or an acknowledged message. */
  acknowledge(id: string, recipientOri: string): Promise<boolean>;
}

export interface RecipientListOptions {
  status?: MessageStatus;
  /** Only messages not yet acknowledged (an inbox's unread view). */
  unacknowledged?: boolean;
  limit?: number;
}

function fromRow(row: MessageRow, cipher: EnvelopeCipher): OutboxMessage {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    type: row.type,
    recipientOri: row.recipient_ori,
    status: row.status as MessageStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    payload: row.payload && cipher.open(row.payload, payloadContext(row.id)),
    payloadJson: (row.payload_json ?? {}) as Record<string, unknown>,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    acknowledgedAt: row.acknowledged_at,
  };
}

const MAX_LIST = 10_000;

export class PostgresOutboxRepository implements OutboxRepository {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
    private readonly cipher: EnvelopeCipher = PLAINTEXT_CIPHER,
  ) {}

  async enqueue(input: NewOutboxMessage): Promise<{ message: OutboxMessage; created: boolean }> {
    const now = this.clock();
    const id = input.id ?? randomUUID();
    const inserted = await this.db
      .insertInto("messages")
      .values({
        id,
        transaction_id: input.transactionId,
        type: input.type,
        recipient_ori: input.recipientOri,
        status: input.suppressed ? "suppressed" : "pending",
        next_attempt_at: now,
        last_error: null,
        payload: input.payload ? this.cipher.seal(input.payload, payloadContext(id)) : null,
        payload_json: JSON.stringify(input.payloadJson ?? {}),
        created_at: now,
        delivered_at: null,
      })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { message: fromRow(inserted, this.cipher), created: true };
    const existing = await this.get(id);
    if (!existing) throw new Error(`message ${id}: conflict on insert but no row to read`);
    return { message: existing, created: false };
  }

  async claimDue({ limit, leaseMs }: ClaimOptions): Promise<OutboxMessage[]> {
    const now = this.clock();
    const due = this.db
      .selectFrom("messages")
      .select("id")
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .limit(limit)
      .forUpdate()
      .skipLocked();
    const rows = await this.db
      .updateTable("messages")
      .set({ attempts: sql`attempts + 1`, next_attempt_at: new Date(now.getTime() + leaseMs) })
      .where("id", "in", due)
      .returningAll()
      .execute();
    return rows
      .map((row) => fromRow(row, this.cipher))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async markDelivered(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable("messages")
      .set({ status: "delivered", delivered_at: this.clock(), last_error: null })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async markFailed(
    id: string,
    error: string,
    policy = DEFAULT_DELIVERY_RETRY,
  ): Promise<MessageStatus | undefined> {
    const row = await this.db
      .selectFrom("messages")
      .select(["attempts", "status"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (row?.status !== "pending") return row?.status as MessageStatus | undefined;
    const exhausted = row.attempts >= policy.maxAttempts;
    const next = new Date(this.clock().getTime() + backoffDelayMs(row.attempts, policy.baseMs, policy.maxMs));
    await this.db
      .updateTable("messages")
      .set({
        status: exhausted ? "failed" : "pending",
        next_attempt_at: next,
        last_error: error.slice(0, 2000),
      })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .execute();
    return exhausted ? "failed" : "pending";
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const row = await this.db.selectFrom("messages").selectAll().where("id", "=", id).executeTakeFirst();
    return row && fromRow(row, this.cipher);
  }

  async listForTransaction(transactionId: string): Promise<OutboxMessage[]> {
    const rows = await this.db
      .selectFrom("messages")
      .selectAll()
      .where("transaction_id", "=", transactionId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map((row) => fromRow(row, this.cipher));
  }

  async listForRecipient(recipientOri: string, options: RecipientListOptions = {}): Promise<OutboxMessage[]> {
    let query = this.db.selectFrom("messages").selectAll().where("recipient_ori", "=", recipientOri);
    if (options.status !== undefined) query = query.where("status", "=", options.status);
    if (options.unacknowledged) query = query.where("acknowledged_at", "is", null);
    const rows = await query
      .orderBy("created_at")
      .orderBy("id")
      .limit(Math.min(options.limit ?? 1000, MAX_LIST))
      .execute();
    return rows.map((row) => fromRow(row, this.cipher));
  }

  async acknowledge(id: string, recipientOri: string): Promise<boolean> {
    const result = await this.db
      .updateTable("messages")
      .set({ acknowledged_at: this.clock() })
      .where("id", "=", id)
      .where("recipient_ori", "=", recipientOri)
      .where("status", "=", "delivered")
      .where("acknowledged_at", "is", null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}

/** The row a message's EBTS file is bound to (its additional authenticated data). */
export function payloadContext(id: string): string {
  return `messages.payload:${id}`;
}
