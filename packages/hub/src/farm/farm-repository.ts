import type { EnrolledFinger, ProbeFinger } from "@tenprint/afis";
import type { Kysely } from "kysely";
import type { EnrolledSubject } from "../services/biometric-repository.js";
import {
  bareRecord,
  type EnrolmentBatchItem,
  type HubRepository,
  storedSubject,
  withoutExpunged,
  writeEnrolments,
} from "../services/stored-repository.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { cipherOf } from "../storage/envelope-cipher.js";
import { runTransition } from "../storage/hub-storage.js";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { appendGalleryEvents, type EnrolmentLogPublisher } from "./enrolment-log.js";
import type { FarmSearch, FarmSearchResult } from "./farm-search.js";
import { enrolEvent } from "./gallery-event.js";

/**
 * A search not sent because the enrolment log could not be published (NATS away or restarting): sent
 * anyway, it could miss enrolments committed before it. The workflow step fails and is retried later.
 */
export class EnrolmentLogUnavailableError extends Error {
  override readonly name = "EnrolmentLogUnavailableError";
  constructor(
    readonly repository: RepositoryName,
    cause: unknown,
  ) {
    super(
      `${repository} search not sent: committed enrolments could not be published to the NATS JetStream enrolment log (${cause instanceof Error ? cause.message : String(cause)}) — retry later`,
      { cause },
    );
  }
}

/**
 * A repository whose gallery lives on a matcher farm: enrolments commit to PostgreSQL with their
 * enrolment-log events and are then published; searches go to every shard and wait, on each, for every
 * event committed before them (read your writes across hub processes: the search first publishes
 * whatever any process committed and left unpublished).
 */
export class FarmRepository implements HubRepository {
  readonly #db: Kysely<HubDatabase>;
  readonly #name: RepositoryName;
  readonly #log: EnrolmentLogPublisher;
  readonly #search: FarmSearch;
  #size = 0;

  constructor(db: Kysely<HubDatabase>, name: RepositoryName, log: EnrolmentLogPublisher, search: FarmSearch) {
    this.#db = db;
    this.#name = name;
    this.#log = log;
    this.#search = search;
  }

  /** The repository's size at the last search (the matchers hold the gallery). */
  get size(): number {
    return this.#size;
  }

  /** Nothing to load here: publishes what an earlier process left unpublished. */
  async load(): Promise<number> {
    await this.#log.publishPending(this.#name);
    return this.#size;
  }

  enrol(subject: EnrolledSubject, fingers: readonly EnrolledFinger[]): Promise<void> {
    return this.enrolMany([{ record: bareRecord(subject), fingers }]);
  }

  async enrolMany(items: readonly EnrolmentBatchItem[]): Promise<void> {
    await runTransition(this.#db, async (tx, trx) => {
      await writeEnrolments(tx, this.#name, items);
      await appendGalleryEvents(
        trx,
        this.#name,
        items.map(({ record, fingers }) => enrolEvent(record.identity, fingers)),
        cipherOf(this.#db),
      );
    });
    // Committed: should publishing fail now, the next round (the runtime's loop, or any search) does it.
    await this.#log.publishPending(this.#name).catch(() => {});
  }

  async identify(probe: readonly ProbeFinger[]): Promise<FarmSearchResult> {
    const minSeq = await this.#log.publishPending(this.#name).catch((error: unknown) => {
      throw new EnrolmentLogUnavailableError(this.#name, error);
    });
    const result = await this.#search.search(probe, { minSeq });
    this.#size = result.gallerySize;
    // The shards apply a deletion before answering a search that needs it; this guards an expungement
    // whose event could not be published yet.
    return withoutExpunged(this.#db, this.#name, result);
  }

  get(identity: string): Promise<EnrolledSubject | undefined> {
    return storedSubject(this.#db, this.#name, identity);
  }

  async close(): Promise<void> {}
}
