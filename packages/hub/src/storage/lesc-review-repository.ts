import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";

export interface LescReview {
  transactionId: string;
  iaqId: string;
  /** The IDENT identity the IAQ asks about. */
  fin: string;
  proposal: Record<string, unknown>;
  status: "pending" | "determined";
  enqueuedAt: Date;
  determinedAt: Date | null;
  determination: Record<string, unknown> | null;
}

export interface NewLescReview {
  transactionId: string;
  iaqId: string;
  fin: string;
  proposal: Record<string, unknown>;
}

/** The LESC work queue: one review per IAQ, oldest first. */
export interface LescReviewRepository {
  /** Idempotent by transaction: a replayed LESC_REVIEW job finds the first review. */
  enqueue(review: NewLescReview): Promise<{ review: LescReview; created: boolean }>;
  get(transactionId: string): Promise<LescReview | undefined>;
  /** Pending reviews oldest first, from the `offset`-th. */
  listPending(limit?: number, offset?: number): Promise<LescReview[]>;
  countPending(): Promise<number>;
  /** Pending reviews enqueued before `before` (overdue ones, when `before` is now less the target). */
  countPendingBefore(before: Date): Promise<number>;
  /** False when it was already determined: the caller must not answer the IAQ twice. */
  markDetermined(transactionId: string, determination: Record<string, unknown>): Promise<boolean>;
}

const MAX_LIST = 1000;

type Row = {
  transaction_id: string;
  iaq_id: string;
  fin: string;
  proposal: unknown;
  status: string;
  enqueued_at: Date;
  determined_at: Date | null;
  determination: unknown;
};

function fromRow(row: Row): LescReview {
  return {
    transactionId: row.transaction_id,
    iaqId: row.iaq_id,
    fin: row.fin,
    proposal: row.proposal as Record<string, unknown>,
    status: row.status as LescReview["status"],
    enqueuedAt: row.enqueued_at,
    determinedAt: row.determined_at,
    determination: (row.determination ?? null) as Record<string, unknown> | null,
  };
}

export class PostgresLescReviewRepository implements LescReviewRepository {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async enqueue(review: NewLescReview): Promise<{ review: LescReview; created: boolean }> {
    const inserted = await this.db
      .insertInto("lesc_reviews")
      .values({
        transaction_id: review.transactionId,
        iaq_id: review.iaqId,
        fin: review.fin,
        proposal: JSON.stringify(review.proposal),
        status: "pending",
        enqueued_at: this.clock(),
        determined_at: null,
        determination: null,
      })
      .onConflict((conflict) => conflict.column("transaction_id").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { review: fromRow(inserted), created: true };
    const existing = await this.get(review.transactionId);
    if (!existing) throw new Error(`LESC review ${review.transactionId}: conflict on insert but no row`);
    return { review: existing, created: false };
  }

  async get(transactionId: string): Promise<LescReview | undefined> {
    const row = await this.db
      .selectFrom("lesc_reviews")
      .selectAll()
      .where("transaction_id", "=", transactionId)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async listPending(limit = 100, offset = 0): Promise<LescReview[]> {
    const rows = await this.db
      .selectFrom("lesc_reviews")
      .selectAll()
      .where("status", "=", "pending")
      .orderBy("enqueued_at")
      .orderBy("iaq_id")
      .limit(Math.min(limit, MAX_LIST))
      .offset(offset)
      .execute();
    return rows.map(fromRow);
  }

  async countPending(): Promise<number> {
    const row = await this.db
      .selectFrom("lesc_reviews")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countPendingBefore(before: Date): Promise<number> {
    const row = await this.db
      .selectFrom("lesc_reviews")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("status", "=", "pending")
      .where("enqueued_at", "<", before)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async markDetermined(transactionId: string, determination: Record<string, unknown>): Promise<boolean> {
    const result = await this.db
      .updateTable("lesc_reviews")
      .set({
        status: "determined",
        determined_at: this.clock(),
        determination: JSON.stringify(determination),
      })
      .where("transaction_id", "=", transactionId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
