import type { Kysely } from "kysely";
import { type ApiKeyStore, PostgresApiKeyStore } from "./api-key-store.js";
import { type AuditLog, PostgresAuditLog, TransitionAuditLog } from "./audit-log.js";
import type { HubDatabase } from "./database-schema.js";
import { type DetainerRepository, PostgresDetainerRepository } from "./detainer-repository.js";
import { type DirectoryRepository, PostgresDirectoryRepository } from "./directory-repository.js";
import { type EnrolledPrintStore, PostgresEnrolledPrintStore } from "./enrolled-print-store.js";
import { cipherOf, type EnvelopeCipher } from "./envelope-cipher.js";
import { type GalleryTemplateStore, PostgresGalleryTemplateStore } from "./gallery-template-store.js";
import { type LescReviewRepository, PostgresLescReviewRepository } from "./lesc-review-repository.js";
import { type OutboxRepository, PostgresOutboxRepository } from "./outbox-repository.js";
import { RecordTombstoneStore } from "./record-tombstone-store.js";
import {
  PostgresRejectedSubmissionStore,
  type RejectedSubmissionStore,
} from "./rejected-submission-store.js";
import { PostgresSubjectRecordStore, type SubjectRecordStore } from "./subject-record-store.js";
import {
  PostgresTransactionRepository,
  type StoredTransaction,
  type TransactionRepository,
  type TransactionRows,
  transactionRowsOf,
} from "./transaction-repository.js";
import { PostgresWebhookStore, type WebhookStore } from "./webhook-store.js";
import { PostgresWorkQueue, type WorkQueue } from "./work-queue.js";

/** The repositories the hub's services depend on, all bound to one database or one database transaction. */
export interface HubStorage {
  transactions: TransactionRepository;
  outbox: OutboxRepository;
  audit: AuditLog;
  queue: WorkQueue;
  gallery: GalleryTemplateStore;
  enrolledPrints: EnrolledPrintStore;
  apiKeys: ApiKeyStore;
  directory: DirectoryRepository;
  subjects: SubjectRecordStore;
  lescReviews: LescReviewRepository;
  detainers: DetainerRepository;
  webhooks: WebhookStore;
  rejectedSubmissions: RejectedSubmissionStore;
  tombstones: RecordTombstoneStore;
}

export interface StorageOptions {
  /** Time source for timestamps, leases and backoff; tests pass a fake one. */
  clock?: () => Date;
  /** Seals biometrics, records, files and secrets; by default the one bound to `db` where it was opened. */
  cipher?: EnvelopeCipher;
  /** Transaction rows kept in memory; by default those kept for `db` (keepTransactionRows), if any. */
  transactionRows?: TransactionRows;
}

export function createHubStorage(db: Kysely<HubDatabase>, options: StorageOptions = {}): HubStorage {
  const clock = options.clock ?? (() => new Date());
  const cipher = options.cipher ?? cipherOf(db);
  const kept = transactionRowsOf(db);
  const rows = options.transactionRows ?? (kept ? { cache: kept } : undefined);
  return {
    transactions: new PostgresTransactionRepository(db, clock, cipher, rows),
    outbox: new PostgresOutboxRepository(db, clock, cipher),
    audit: new PostgresAuditLog(db, clock),
    queue: new PostgresWorkQueue(db, clock),
    gallery: new PostgresGalleryTemplateStore(db, cipher),
    enrolledPrints: new PostgresEnrolledPrintStore(db, cipher),
    apiKeys: new PostgresApiKeyStore(db, clock),
    directory: new PostgresDirectoryRepository(db, clock),
    subjects: new PostgresSubjectRecordStore(db, cipher),
    lescReviews: new PostgresLescReviewRepository(db, clock),
    detainers: new PostgresDetainerRepository(db, clock),
    webhooks: new PostgresWebhookStore(db, clock, cipher),
    rejectedSubmissions: new PostgresRejectedSubmissionStore(db),
    tombstones: new RecordTombstoneStore(db),
  };
}

export interface TransitionOptions extends StorageOptions {
  /** Attempts when Postgres aborts the transaction for a serialisation failure or deadlock. */
  maxAttempts?: number;
}

/** SQLSTATEs after which re-running the whole transaction is correct. */
const RETRYABLE = new Set(["40001", "40P01"]);

function isRetryable(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code))
  );
}

/**
 * Runs `fn` in one database transaction with storage bound to it: the new state, its audit events and its
 * outgoing messages commit together or not at all (transactional outbox). If `fn` throws, nothing it wrote
 * remains. `fn` may run more than once (on a serialisation failure), so it must not do outside I/O.
 */
export async function runTransition<T>(
  db: Kysely<HubDatabase>,
  fn: (storage: HubStorage, trx: Kysely<HubDatabase>) => Promise<T>,
  options: TransitionOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 3;
  const cipher = options.cipher ?? cipherOf(db);
  const cache = transactionRowsOf(db);
  for (let attempt = 1; ; attempt++) {
    const uncommitted: StoredTransaction[] = [];
    try {
      const result = await db.transaction().execute(async (trx) => {
        const clock = options.clock ?? (() => new Date());
        const audit = new TransitionAuditLog(new PostgresAuditLog(trx, clock, db), clock);
        const transactionRows = cache ? { cache, uncommitted } : undefined;
        const storage = createHubStorage(trx, {
          ...options,
          cipher,
          ...(transactionRows && { transactionRows }),
        });
        const result = await fn({ ...storage, audit }, trx);
        await audit.flush();
        return result;
      });
      for (const row of uncommitted) cache?.set(row);
      return result;
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
    }
  }
}
