import {
  type EnrolledFinger,
  type EnrolmentItem,
  type ProbeFinger,
  readTenprintTemplate,
  type SearchResult,
  type TenprintGallery,
  writeTenprintTemplate,
} from "@tenprint/afis";
import type { Kysely } from "kysely";
import type { HubDatabase } from "../storage/database-schema.js";
import type { EnrolledPrint } from "../storage/enrolled-print-store.js";
import type { GalleryTemplate } from "../storage/gallery-template-store.js";
import { createHubStorage, type HubStorage, runTransition } from "../storage/hub-storage.js";
import type { RepositoryName } from "../storage/subject-record-store.js";
import type { BiometricRepository, EnrolledSubject } from "./biometric-repository.js";
import type { GalleryMirror } from "./record-redress.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import { asSubjectRecord, type SubjectRecord } from "./subject-record.js";

export interface EnrolmentBatchItem {
  readonly record: SubjectRecord;
  readonly fingers: readonly EnrolledFinger[];
  /** The images the templates were extracted from, kept for analysts to look at (optional). */
  readonly prints?: readonly EnrolledPrint[];
}

/** Writes the records, templates and prints of an enrolment batch (inside the caller's transaction). */
export async function writeEnrolments(
  tx: HubStorage,
  repository: RepositoryName,
  items: readonly EnrolmentBatchItem[],
): Promise<void> {
  const templates = items.flatMap(({ record, fingers }) =>
    fingers.map((finger) => ({
      identity: record.identity,
      position: finger.position,
      template: writeTenprintTemplate(finger.template),
    })),
  );
  await tx.subjects.putMany(
    repository,
    items.map(({ record }) => ({ identity: record.identity, record: { ...record } })),
  );
  await tx.gallery.put(repository, templates);
  for (const { record, prints } of items)
    if (prints) await tx.enrolledPrints.put(repository, record.identity, prints);
}

/**
 * The answer without identities expunged since the searching gallery learnt them (another process
 * expunged them, on a server without a farm): a search never names an expunged record. `forget` lets an
 * in-process gallery drop them for good.
 */
export async function withoutExpunged<R extends SearchResult>(
  db: Kysely<HubDatabase>,
  repository: RepositoryName,
  result: R,
  forget?: (identity: string) => void,
): Promise<R> {
  if (result.candidates.length === 0) return result;
  const expunged = await createHubStorage(db).tombstones.expungedAmong(
    repository,
    result.candidates.map((candidate) => candidate.identity),
  );
  if (expunged.size === 0) return result;
  for (const identity of expunged) forget?.(identity);
  return {
    ...result,
    candidates: result.candidates.filter((candidate) => !expunged.has(candidate.identity)),
  };
}

/**
 * The record `BiometricRepository.enrol` stores for a subject it knows only by identifiers (tools and
 * tests enrol so): no name, date of birth or sex.
 */
export function bareRecord(subject: EnrolledSubject): SubjectRecord {
  return {
    synthetic: false,
    identity: subject.identity,
    ...(subject.fbiNumber ? { fbiNumber: subject.fbiNumber } : {}),
    ...(subject.fin ? { fin: subject.fin } : {}),
    name: { surname: "UNKNOWN", given: "UNKNOWN" },
    dateOfBirth: "00000000",
    sex: "X",
  };
}

/** A repository's subject as `BiometricRepository.get` answers it, from its stored record. */
export async function storedSubject(
  db: Kysely<HubDatabase>,
  repository: RepositoryName,
  identity: string,
): Promise<EnrolledSubject | undefined> {
  const record = asSubjectRecord(await createHubStorage(db).subjects.get(repository, identity));
  if (!record) return undefined;
  return {
    identity,
    ...(record.fbiNumber ? { fbiNumber: record.fbiNumber } : {}),
    ...(record.fin ? { fin: record.fin } : {}),
  };
}

/** A repository as the hub runtime holds it: in this process's memory, or on a matcher farm. */
export interface HubRepository extends BiometricRepository {
  /** Identities searchable (as last known, for a farm). */
  readonly size: number;
  load(stop?: () => boolean): Promise<number>;
  enrolMany(items: readonly EnrolmentBatchItem[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A repository whose templates and subject records live in Postgres and whose search structure is an
 * in-memory gallery loaded from them at start. Writes commit before the gallery learns of them, so a
 * crash never leaves a searchable identity that a restart would not find again.
 */
export class StoredBiometricRepository implements HubRepository, GalleryMirror {
  readonly #db: Kysely<HubDatabase>;
  readonly #name: RepositoryName;
  readonly #gallery: TenprintGallery;
  /** The load in progress or done: a correction waits for it, or a page read before would undo it. */
  #reading: Promise<number> | undefined;

  constructor(db: Kysely<HubDatabase>, name: RepositoryName, gallery: TenprintGallery) {
    this.#db = db;
    this.#name = name;
    this.#gallery = gallery;
  }

  get size(): number {
    return this.#gallery.size;
  }

  /**
   * Loads every stored template into the gallery and warms its search up; returns the number of
   * identities. `stop` is asked between pages, so a process told to stop while loading does not
   * finish first.
   */
  async load(stop: () => boolean = () => false): Promise<number> {
    const reading = this.#readGallery(stop);
    this.#reading = reading;
    const identities = await reading;
    if (!stop()) await this.#gallery.warmUp();
    return identities;
  }

  async #readGallery(stop: () => boolean): Promise<number> {
    let pending: GalleryTemplate[] = [];
    let identities = 0;
    let batch: EnrolmentItem[] = [];
    const flush = () => {
      const first = pending[0];
      if (!first) return;
      batch.push({
        id: first.identity,
        fingers: pending.map((row) => ({
          position: row.position,
          template: readTenprintTemplate(row.template),
        })),
      });
      identities++;
      pending = [];
    };
    const storage = createHubStorage(this.#db);
    // Seeding may have filled the gallery already (a first start): then there is nothing to read.
    if ((await storage.gallery.countIdentities(this.#name)) === this.#gallery.size) return this.#gallery.size;
    // enrolMany does the per-finger work on worker threads and yields between batches, so the API stays
    // responsive; one page enrols while the next is read.
    let enrolling: Promise<void> = Promise.resolve();
    for await (const page of storage.gallery.load(this.#name, SERVICE_PARAMETERS.runtime.loadPageSize)) {
      if (stop()) {
        await enrolling;
        return identities;
      }
      for (const row of page) {
        if (pending.length > 0 && pending[0]?.identity !== row.identity) flush();
        pending.push(row);
      }
      await enrolling;
      // The page's complete identities; the last one may continue on the next page.
      enrolling = this.#gallery.enrolMany(batch);
      // Its failure surfaces at the next await of it, not as an unhandled rejection while a page loads.
      enrolling.catch(() => {});
      batch = [];
    }
    flush();
    await enrolling;
    await this.#gallery.enrolMany(batch);
    return identities;
  }

  enrol(subject: EnrolledSubject, fingers: readonly EnrolledFinger[]): Promise<void> {
    return this.enrolMany([{ record: bareRecord(subject), fingers }]);
  }

  /** Enrols records with their prints in one database transaction, then makes them searchable. */
  async enrolMany(items: readonly EnrolmentBatchItem[]): Promise<void> {
    await runTransition(this.#db, (tx) => writeEnrolments(tx, this.#name, items));
    await this.#gallery.enrolMany(items.map(({ record, fingers }) => ({ id: record.identity, fingers })));
  }

  async identify(probe: readonly ProbeFinger[]): Promise<SearchResult> {
    return withoutExpunged(this.#db, this.#name, await this.#gallery.search(probe), (identity) =>
      this.#gallery.delete(identity),
    );
  }

  /** An expunged identity leaves the search structure (its rows are gone already). */
  forget(identity: string): void {
    this.#gallery.delete(identity);
  }

  /** A corrected identity's prints replace its old ones in the search structure. */
  async replace(identity: string, fingers: readonly EnrolledFinger[]): Promise<void> {
    await this.#reading?.catch(() => 0);
    this.#gallery.delete(identity);
    await this.#gallery.enrolMany([{ id: identity, fingers }]);
  }

  /** Stops the gallery's worker threads. */
  close(): Promise<void> {
    return this.#gallery.close();
  }

  get(identity: string): Promise<EnrolledSubject | undefined> {
    return storedSubject(this.#db, this.#name, identity);
  }
}
