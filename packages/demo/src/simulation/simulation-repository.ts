import type { EnrolmentItem, ProbeFinger, SearchResult, TenprintGallery } from "@tenprint/afis";
import type {
  BiometricRepository,
  EnrolledSubject,
  EnrolmentBatchItem,
  HubDatabase,
  RepositoryName,
  SubjectRecord,
} from "@tenprint/hub";
import { createHubStorage } from "@tenprint/hub";
import type { Kysely } from "kysely";

/**
 * A repository for a simulated year: the search structure is a real TenprintGallery, the subject records
 * live in the hub's database where the IAQ, LESC and ERO steps read them, and the templates are not
 * stored at all (a simulation regenerates them from its seed rather than reloading them).
 */
export class SimulationRepository implements BiometricRepository {
  readonly #db: Kysely<HubDatabase>;
  readonly #name: RepositoryName;
  readonly #gallery: TenprintGallery;
  readonly #subjects = new Map<string, EnrolledSubject>();
  /** Searches started ahead by `prefetch`, with the gallery's generation they were started at. */
  readonly #prefetched = new WeakMap<
    readonly ProbeFinger[],
    { generation: number; result: Promise<SearchResult> }
  >();
  /** Counts the changes to the gallery: a search started before a change is not the gallery's answer now. */
  #generation = 0;
  #searching: Promise<unknown> = Promise.resolve();

  constructor(db: Kysely<HubDatabase>, name: RepositoryName, gallery: TenprintGallery) {
    this.#db = db;
    this.#name = name;
    this.#gallery = gallery;
  }

  get size(): number {
    return this.#gallery.size;
  }

  /** Records first, then the prints: a searchable identity always has its record. */
  async enrolMany(items: readonly EnrolmentBatchItem[]): Promise<void> {
    await this.putRecords(items.map((item) => item.record));
    this.#generation++;
    await this.#gallery.enrolMany(items.map(({ record, fingers }) => ({ id: record.identity, fingers })));
  }

  async putRecords(records: readonly SubjectRecord[]): Promise<void> {
    for (const record of records)
      this.#subjects.set(record.identity, {
        identity: record.identity,
        ...(record.fbiNumber ? { fbiNumber: record.fbiNumber } : {}),
        ...(record.fin ? { fin: record.fin } : {}),
      });
    if (records.length > 0)
      await createHubStorage(this.#db).subjects.putMany(
        this.#name,
        records.map((record) => ({ identity: record.identity, record: { ...record } })),
      );
  }

  /** Prints of identities whose records were put already. */
  enrolPrints(items: readonly EnrolmentItem[]): Promise<void> {
    this.#generation++;
    return this.#gallery.enrolMany(items);
  }

  async enrol(subject: EnrolledSubject, fingers: EnrolmentItem["fingers"]): Promise<void> {
    this.#subjects.set(subject.identity, subject);
    this.#generation++;
    await this.#gallery.enrolMany([{ id: subject.identity, fingers }]);
  }

  /**
   * The gallery's cascade (two fingers for the whole shortlist, all ten for the best ten): the same
   * identification decisions at about a fifth of the comparisons (docs/benchmarks.md, "Search cascade").
   */
  identify(probe: readonly ProbeFinger[]): Promise<SearchResult> {
    const early = this.#prefetched.get(probe);
    this.#prefetched.delete(probe);
    if (early && early.generation === this.#generation) return early.result;
    return this.#search(probe);
  }

  /**
   * Starts the search `identify(probe)` (the same array) will ask for, so that it runs on the search
   * threads while the hub's transitions before it run on this one. A search is a function of the
   * gallery and the probe, so its result is the one `identify` would compute; if the gallery changes
   * in between, `identify` searches again.
   */
  prefetch(probe: readonly ProbeFinger[]): void {
    if (this.#prefetched.get(probe)?.generation === this.#generation) return;
    const result = this.#search(probe);
    // A failure is thrown to `identify`, which awaits it; unused, it must not count as unhandled.
    result.catch(() => {});
    this.#prefetched.set(probe, { generation: this.#generation, result });
  }

  /**
   * One search at a time: the workers keep one probe's matchers, which searches interleaved on them
   * would rebuild at every switch.
   */
  #search(probe: readonly ProbeFinger[]): Promise<SearchResult> {
    const result = this.#searching.then(() => this.#gallery.search(probe, { cascade: true }));
    this.#searching = result.catch(() => {});
    return result;
  }

  async get(identity: string): Promise<EnrolledSubject | undefined> {
    return this.#subjects.get(identity);
  }
}
