import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";

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
  constructor(private readonly db: Kysely<HubDatabase>) {}

  async put(repository: RepositoryName, identity: string, record: Record<string, unknown>): Promise<void> {
    const json = JSON.stringify(record);
    await this.db
      .insertInto("subject_records")
      .values({ repository, identity, record: json })
      .onConflict((conflict) => conflict.columns(["repository", "identity"]).doUpdateSet({ record: json }))
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
        record: JSON.stringify(record),
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
      .select("record")
      .where("repository", "=", repository)
      .where("identity", "=", identity)
      .executeTakeFirst();
    return row?.record as Record<string, unknown> | undefined;
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
