import type { Kysely } from "kysely";
import type { HubDatabase } from "../storage/database-schema.js";
import type { RepositoryName } from "../storage/subject-record-store.js";

/** What a repository held of one identity before it was erased (inside a transaction). */
export interface ErasedIdentity {
  /** A subject record or templates existed. */
  readonly found: boolean;
  /** The identity was on the farm's enrolment log: its deletion must be logged too. */
  readonly logged: boolean;
  /** Stream sequences of the erased enrolment events, whose messages still carry the old templates. */
  readonly streamSequences: readonly number[];
}

/**
 * Deletes the templates, enrolled images and enrolment-log events (their payloads are templates) of an
 * identity, and its subject record unless `keepRecord`, inside the caller's transaction. Rows, not flags:
 * an expunged record's biometrics must not stay in the database at all.
 */
export async function eraseIdentity(
  trx: Kysely<HubDatabase>,
  repository: RepositoryName,
  identity: string,
  options: { keepRecord?: boolean } = {},
): Promise<ErasedIdentity> {
  const templates = await trx
    .deleteFrom("gallery_templates")
    .where("repository", "=", repository)
    .where("identity", "=", identity)
    .executeTakeFirst();
  await trx
    .deleteFrom("enrolled_prints")
    .where("repository", "=", repository)
    .where("identity", "=", identity)
    .execute();
  const records = options.keepRecord
    ? await trx
        .selectFrom("subject_records")
        .select("identity")
        .where("repository", "=", repository)
        .where("identity", "=", identity)
        .execute()
    : await trx
        .deleteFrom("subject_records")
        .where("repository", "=", repository)
        .where("identity", "=", identity)
        .returning("identity")
        .execute();
  const events = await trx
    .deleteFrom("gallery_events")
    .where("repository", "=", repository)
    .where("identity", "=", identity)
    .returning(["kind", "stream_seq"])
    .execute();
  return {
    found: Number(templates.numDeletedRows) > 0 || records.length > 0,
    logged: events.length > 0,
    streamSequences: events.flatMap((event) =>
      event.kind === "enrol" && event.stream_seq !== null ? [Number(event.stream_seq)] : [],
    ),
  };
}

/** Which of `identities` the repository holds a record of. */
export async function enrolledAmong(
  db: Kysely<HubDatabase>,
  repository: RepositoryName,
  identities: readonly string[],
): Promise<Set<string>> {
  if (identities.length === 0) return new Set();
  const rows = await db
    .selectFrom("subject_records")
    .select("identity")
    .where("repository", "=", repository)
    .where("identity", "in", [...identities])
    .execute();
  return new Set(rows.map((row) => row.identity));
}
