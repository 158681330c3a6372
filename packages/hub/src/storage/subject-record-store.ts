import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";
import { type EnvelopeCipher, openText, PLAINTEXT_CIPHER, sealText } from "./envelope-cipher.js";

export type RepositoryName = "criminal" | "ident";

/**
 * What a repository holds about a subject beside the prints, as stored JSON. The services give it a type
 * (`SubjectRecord`); storage only keeps it whole so that a repository's record format can grow.
 */
export interface SubjectRecordStore {
  put(repository: RepositoryName, identity: string, record: Record<string, unknown>): Promise<void>;
  /** Inserts many in one statement, skipping identities already present (seeding is re-runnable). */
  putMany(
    repository: RepositoryName,
    records: readonly { identity: string; record: Record<string, unknown> }[],
  ): Promise<void>;
  get(repository: RepositoryName, identity: string): Promise<Record<string, unknown> | undefined>;
  /** Records in a repository, or only those whose identity starts with `identityPrefix`. */
  count(repository: RepositoryName, identityPrefix?: string): Promise<number>;
}

const BATCH = 500;

export class PostgresSubjectRecordStore implements SubjectRecordStore {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly cipher: EnvelopeCipher = PLAINTEXT_CIPHER,
  ) {}

  #seal(repository: RepositoryName, identity: string, record: Record<string, unknown>): Uint8Array {
    return sealText(this.cipher, JSON.stringify(record), recordContext(repository, identity));
  }

  async put(repository: RepositoryName, identity: string, record: Record<string, unknown>): Promise<void> {
    const sealed = this.#seal(repository, identity, record);
    await this.db
      .insertInto("subject_records")
      .values({ repository, identity, record: null, sealed })
      .onConflict((conflict) =>
        conflict.columns(["repository", "identity"]).doUpdateSet({ record: null, sealed }),
      )
      .execute();
  }

  async putMany(
    repository: RepositoryName,
    records: readonly { identity: string; record: Record<string, unknown> }[],
  ): Promise<void> {
    for (let start = 0; start < records.length; start += BATCH) {
      const rows = records.slice(start, start + BATCH).map(({ identity, record }) => ({
        repository,
        identity,
        record: null,
        sealed: this.#seal(repository, identity, record),
      }));
      await this.db
        .insertInto("subject_records")
        .values(rows)
        .onConflict((conflict) => conflict.columns(["repository", "identity"]).doNothing())
        .execute();
    }
  }

  async get(repository: RepositoryName, identity: string): Promise<Record<string, unknown> | undefined> {
    const row = await this.db
      .selectFrom("subject_records")
      .select(["record", "sealed"])
      .where("repository", "=", repository)
      .where("identity", "=", identity)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.sealed === null) return row.record as Record<string, unknown>;
    return JSON.parse(openText(this.cipher, row.sealed, recordContext(repository, identity))) as Record<
      string,
      unknown
    >;
  }

  async count(repository: RepositoryName, identityPrefix?: string): Promise<number> {
    let query = this.db
      .selectFrom("subject_records")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("repository", "=", repository);
    if (identityPrefix !== undefined)
      query = query.where("identity", "like", `${identityPrefix.replace(/[\\%_]/g, "\\$&")}%`);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

/** The row a subject record's envelope is bound to (its additional authenticated data). */
export function recordContext(repository: string, identity: string): string {
  return `subject_records.record:${repository}/${identity}`;
}
