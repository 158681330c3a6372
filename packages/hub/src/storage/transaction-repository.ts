import { createHash, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { HubDatabase, TransactionRow } from "./database-schema.js";
import { type EnvelopeCipher, PLAINTEXT_CIPHER } from "./envelope-cipher.js";
import { ConcurrentUpdateError } from "./storage-error.js";

export interface StoredTransaction {
  id: string;
  tcn: string;
  tot: string;
  submitterOri: string;
  /** The county FIPS code of the booking's jurisdiction (stored in `jurisdiction_ori`, an older name). */
  jurisdictionId: string | null;
  /** An intake booking's county of arrest and whether IDENT searched there on the arrest day. */
  arrest?: { jurisdictionId: string; identSearch: boolean | null };
  state: string;
  stateData: Record<string, unknown>;
  /** Hex SHA-256 of the submitted file, when one was stored. */
  requestSha256: string | null;
  /** Incremented by every update; pass it back to `update` to detect a concurrent change. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** When the retention purge deleted the submitted file and its prints (decision 0016); null before. */
  printsPurgedAt: Date | null;
}

export interface NewTransaction {
  tcn: string;
  tot: string;
  submitterOri: string;
  jurisdictionId?: string | null;
  arrest?: { jurisdictionId: string; identSearch: boolean | null };
  state: string;
  stateData?: Record<string, unknown>;
  /** The submitted file, kept for reprocessing and audit. */
  request?: Uint8Array | null;
  /** Hex SHA-256 of the file; computed from `request` when not given. */
  requestSha256?: string | null;
  id?: string;
}

export interface TransactionUpdate {
  state: string;
  stateData?: Record<string, unknown>;
  jurisdictionId?: string | null;
}

export interface TransactionListFilter {
  state?: string;
  submitterOri?: string;
  jurisdictionId?: string;
  limit?: number;
}

export interface TransactionRepository {
  /**
   * Idempotent by (submitter, TCN): a pair seen before returns the first transaction and `created: false`
   * (the caller compares `requestSha256` to tell a resubmission from another file reusing the TCN).
   */
  createOrGet(input: NewTransaction): Promise<{ transaction: StoredTransaction; created: boolean }>;
  get(id: string): Promise<StoredTransaction | undefined>;
  getByTcn(submitterOri: string, tcn: string): Promise<StoredTransaction | undefined>;
  getRequest(id: string): Promise<Uint8Array | undefined>;
  /** Writes the new state if the row is still at `expectedVersion`; otherwise ConcurrentUpdateError. */
  update(id: string, expectedVersion: number, change: TransactionUpdate): Promise<StoredTransaction>;
  list(filter?: TransactionListFilter): Promise<StoredTransaction[]>;
}

const COLUMNS = [
  "id",
  "tcn",
  "tot",
  "submitter_ori",
  "jurisdiction_ori",
  "arrest_jurisdiction_ori",
  "arrest_ident_search",
  "state",
  "state_data",
  "request_sha256",
  "version",
  "created_at",
  "updated_at",
  "prints_purged_at",
] as const;

function fromRow(row: Omit<TransactionRow, "request">): StoredTransaction {
  return {
    id: row.id,
    tcn: row.tcn,
    tot: row.tot,
    submitterOri: row.submitter_ori,
    jurisdictionId: row.jurisdiction_ori,
    ...(row.arrest_jurisdiction_ori !== null
      ? { arrest: { jurisdictionId: row.arrest_jurisdiction_ori, identSearch: row.arrest_ident_search } }
      : {}),
    state: row.state,
    stateData: (row.state_data ?? {}) as Record<string, unknown>,
    requestSha256: row.request_sha256,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    printsPurgedAt: row.prints_purged_at,
  };
}

const MAX_LIST = 10_000;

/**
 * Transaction rows as this process last wrote or read them, for a database that this process alone
 * writes, with nothing else changing its transactions meanwhile (a simulated year; not a hub whose
 * workers, API or retention purge run beside others): `get` then answers from memory. Rows are treated
 * as immutable; the newest `capacity` are kept.
 */
export class TransactionRowCache {
  readonly #rows = new Map<string, StoredTransaction>();
  readonly #capacity: number;

  constructor(capacity = 256) {
    this.#capacity = capacity;
  }

  get(id: string): StoredTransaction | undefined {
    return this.#rows.get(id);
  }

  set(row: StoredTransaction): void {
    this.#rows.delete(row.id);
    this.#rows.set(row.id, row);
    // Maps keep insertion order: the first key is the oldest entry.
    if (this.#rows.size > this.#capacity) this.#rows.delete(this.#rows.keys().next().value!);
  }

  delete(id: string): void {
    this.#rows.delete(id);
  }
}

/** Where a repository keeps rows: the cache, and inside a transaction the rows to keep once it commits. */
export interface TransactionRows {
  readonly cache: TransactionRowCache;
  /** Set inside a database transaction: its writes enter the cache only when it commits (runTransition). */
  readonly uncommitted?: StoredTransaction[];
}

const rowCaches = new WeakMap<object, TransactionRowCache>();

/**
 * Keeps the transaction rows of `db` in memory from now on (`TransactionRowCache`: only for a process
 * that alone writes that database's transactions). Returns the cache.
 */
export function keepTransactionRows(db: object, capacity?: number): TransactionRowCache {
  const cache = new TransactionRowCache(capacity);
  rowCaches.set(db, cache);
  return cache;
}

/** The row cache kept for `db`, if any. */
export function transactionRowsOf(db: object): TransactionRowCache | undefined {
  return rowCaches.get(db);
}

export class PostgresTransactionRepository implements TransactionRepository {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
    private readonly cipher: EnvelopeCipher = PLAINTEXT_CIPHER,
    private readonly rows?: TransactionRows,
  ) {}

  /** Keeps a row this repository wrote: at once, or when the surrounding transaction commits. */
  #wrote(row: StoredTransaction): void {
    if (!this.rows) return;
    if (this.rows.uncommitted) {
      // Until the commit the cache must not answer with the row as it was before this write.
      this.rows.cache.delete(row.id);
      this.rows.uncommitted.push(row);
    } else this.rows.cache.set(row);
  }

  async createOrGet(input: NewTransaction): Promise<{ transaction: StoredTransaction; created: boolean }> {
    const now = this.clock();
    const id = input.id ?? randomUUID();
    const inserted = await this.db
      .insertInto("transactions")
      .values({
        id,
        tcn: input.tcn,
        tot: input.tot,
        submitter_ori: input.submitterOri,
        jurisdiction_ori: input.jurisdictionId ?? null,
        arrest_jurisdiction_ori: input.arrest?.jurisdictionId ?? null,
        arrest_ident_search: input.arrest?.identSearch ?? null,
        state: input.state,
        state_data: JSON.stringify(input.stateData ?? {}),
        version: 1,
        request: input.request ? this.cipher.seal(input.request, requestContext(id)) : null,
        // Of the plain file: the sealed bytes differ on every write.
        request_sha256:
          input.requestSha256 ??
          (input.request ? createHash("sha256").update(input.request).digest("hex") : null),
        created_at: now,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.columns(["submitter_ori", "tcn"]).doNothing())
      .returning(COLUMNS)
      .executeTakeFirst();
    if (inserted) {
      const transaction = fromRow(inserted);
      this.#wrote(transaction);
      return { transaction, created: true };
    }
    const existing = await this.getByTcn(input.submitterOri, input.tcn);
    if (!existing)
      throw new ConcurrentUpdateError(
        `transaction TCN ${input.tcn} of ${input.submitterOri}: conflict on insert but no row to read`,
      );
    return { transaction: existing, created: false };
  }

  async get(id: string): Promise<StoredTransaction | undefined> {
    const kept = this.rows?.cache.get(id);
    if (kept) return kept;
    const row = await this.db
      .selectFrom("transactions")
      .select(COLUMNS)
      .where("id", "=", id)
      .executeTakeFirst();
    const transaction = row && fromRow(row);
    // A row read inside a transaction may still change in it: only a committed read is kept.
    if (transaction && this.rows && !this.rows.uncommitted) this.rows.cache.set(transaction);
    return transaction;
  }

  async getByTcn(submitterOri: string, tcn: string): Promise<StoredTransaction | undefined> {
    const row = await this.db
      .selectFrom("transactions")
      .select(COLUMNS)
      .where("submitter_ori", "=", submitterOri)
      .where("tcn", "=", tcn)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async getRequest(id: string): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom("transactions")
      .select("request")
      .where("id", "=", id)
      .executeTakeFirst();
    return row?.request ? this.cipher.open(row.request, requestContext(id)) : undefined;
  }

  async update(id: string, expectedVersion: number, change: TransactionUpdate): Promise<StoredTransaction> {
    const row = await this.db
      .updateTable("transactions")
      .set({
        state: change.state,
        ...(change.stateData !== undefined && { state_data: JSON.stringify(change.stateData) }),
        ...(change.jurisdictionId !== undefined && { jurisdiction_ori: change.jurisdictionId }),
        version: expectedVersion + 1,
        updated_at: this.clock(),
      })
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row)
      throw new ConcurrentUpdateError(
        `transaction ${id}: not at version ${expectedVersion} (changed or missing)`,
      );
    const transaction = fromRow(row);
    this.#wrote(transaction);
    return transaction;
  }

  async list(filter: TransactionListFilter = {}): Promise<StoredTransaction[]> {
    let query = this.db.selectFrom("transactions").select(COLUMNS);
    if (filter.state !== undefined) query = query.where("state", "=", filter.state);
    if (filter.submitterOri !== undefined) query = query.where("submitter_ori", "=", filter.submitterOri);
    if (filter.jurisdictionId !== undefined)
      query = query.where("jurisdiction_ori", "=", filter.jurisdictionId);
    const rows = await query
      .orderBy("created_at")
      .orderBy("id")
      .limit(Math.min(filter.limit ?? 1000, MAX_LIST))
      .execute();
    return rows.map(fromRow);
  }
}

/** The row a submitted file's envelope is bound to (its additional authenticated data). */
export function requestContext(id: string): string {
  return `transactions.request:${id}`;
}
