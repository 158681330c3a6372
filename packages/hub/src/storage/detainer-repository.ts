import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";
import { ConcurrentUpdateError } from "./storage-error.js";

export interface StoredDetainer {
  id: string;
  transactionId: string;
  leaOri: string;
  eroOri: string;
  status: string;
  /** The domain's DetainerState, whole. */
  state: Record<string, unknown>;
  /** The priority assessment the detainer rests on (rule set, version, level, inputs). */
  priority: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewDetainerRecord {
  id: string;
  transactionId: string;
  leaOri: string;
  eroOri: string;
  status: string;
  state: Record<string, unknown>;
  priority: Record<string, unknown>;
}

export interface DetainerListFilter {
  eroOri?: string;
  leaOri?: string;
  status?: string;
  limit?: number;
}

export interface DetainerRepository {
  /** Idempotent by transaction: one detainer per booking. */
  create(detainer: NewDetainerRecord): Promise<{ detainer: StoredDetainer; created: boolean }>;
  get(id: string): Promise<StoredDetainer | undefined>;
  getByTransaction(transactionId: string): Promise<StoredDetainer | undefined>;
  /** Writes the new state if the row is still at `expectedVersion`; otherwise ConcurrentUpdateError. */
  update(
    id: string,
    expectedVersion: number,
    change: { status: string; state: Record<string, unknown> },
  ): Promise<StoredDetainer>;
  list(filter?: DetainerListFilter): Promise<StoredDetainer[]>;
}

const MAX_LIST = 1000;

type Row = {
  id: string;
  transaction_id: string;
  lea_ori: string;
  ero_ori: string;
  status: string;
  state: unknown;
  priority: unknown;
  version: number;
  created_at: Date;
  updated_at: Date;
};

function fromRow(row: Row): StoredDetainer {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    leaOri: row.lea_ori,
    eroOri: row.ero_ori,
    status: row.status,
    state: row.state as Record<string, unknown>,
    priority: row.priority as Record<string, unknown>,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class PostgresDetainerRepository implements DetainerRepository {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(input: NewDetainerRecord): Promise<{ detainer: StoredDetainer; created: boolean }> {
    const now = this.clock();
    const inserted = await this.db
      .insertInto("detainers")
      .values({
        id: input.id,
        transaction_id: input.transactionId,
        lea_ori: input.leaOri,
        ero_ori: input.eroOri,
        status: input.status,
        state: JSON.stringify(input.state),
        priority: JSON.stringify(input.priority),
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.column("transaction_id").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { detainer: fromRow(inserted), created: true };
    const existing = await this.getByTransaction(input.transactionId);
    if (!existing) throw new Error(`detainer for ${input.transactionId}: conflict on insert but no row`);
    return { detainer: existing, created: false };
  }

  async get(id: string): Promise<StoredDetainer | undefined> {
    const row = await this.db.selectFrom("detainers").selectAll().where("id", "=", id).executeTakeFirst();
    return row && fromRow(row);
  }

  async getByTransaction(transactionId: string): Promise<StoredDetainer | undefined> {
    const row = await this.db
      .selectFrom("detainers")
      .selectAll()
      .where("transaction_id", "=", transactionId)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async update(
    id: string,
    expectedVersion: number,
    change: { status: string; state: Record<string, unknown> },
  ): Promise<StoredDetainer> {
    const row = await this.db
      .updateTable("detainers")
      .set({
        status: change.status,
        state: JSON.stringify(change.state),
        version: expectedVersion + 1,
        updated_at: this.clock(),
      })
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ConcurrentUpdateError(`detainer ${id} changed since version ${expectedVersion}`);
    return fromRow(row);
  }

  async list(filter: DetainerListFilter = {}): Promise<StoredDetainer[]> {
    let query = this.db.selectFrom("detainers").selectAll();
    if (filter.eroOri !== undefined) query = query.where("ero_ori", "=", filter.eroOri);
    if (filter.leaOri !== undefined) query = query.where("lea_ori", "=", filter.leaOri);
    if (filter.status !== undefined) query = query.where("status", "=", filter.status);
    const rows = await query
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(Math.min(filter.limit ?? 100, MAX_LIST))
      .execute();
    return rows.map(fromRow);
  }
}
