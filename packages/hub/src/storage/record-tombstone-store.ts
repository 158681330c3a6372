import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";
import type { RepositoryName } from "./subject-record-store.js";

export type RedressAction = "EXPUNGED" | "CORRECTED";

/** Who removed or corrected a record, why and on whose authority: never the record or its prints. */
export interface RecordTombstone {
  readonly id: number;
  readonly repository: RepositoryName;
  readonly identity: string;
  readonly action: RedressAction;
  readonly reason: string;
  /** Who ordered it: a court, the IDENT redress programme, … */
  readonly authority: string;
  /** The order's or the case's reference. */
  readonly reference: string;
  readonly actor: string;
  readonly actorOri: string;
  /** Names of the fields a correction changed ("prints" for the fingerprints); empty for an expungement. */
  readonly changed: readonly string[];
  readonly at: Date;
}

export type NewTombstone = Omit<RecordTombstone, "id">;

export class RecordTombstoneStore {
  constructor(private readonly db: Kysely<HubDatabase>) {}

  async add(tombstone: NewTombstone): Promise<RecordTombstone> {
    const row = await this.db
      .insertInto("record_tombstones")
      .values({
        repository: tombstone.repository,
        identity: tombstone.identity,
        action: tombstone.action,
        reason: tombstone.reason,
        authority: tombstone.authority,
        reference: tombstone.reference,
        actor: tombstone.actor,
        actor_ori: tombstone.actorOri,
        changed: JSON.stringify(tombstone.changed),
        at: tombstone.at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ...tombstone, id: Number(row.id) };
  }

  /** The redress history of one record, oldest first. */
  async forIdentity(repository: RepositoryName, identity: string): Promise<RecordTombstone[]> {
    const rows = await this.db
      .selectFrom("record_tombstones")
      .selectAll()
      .where("repository", "=", repository)
      .where("identity", "=", identity)
      .orderBy("id")
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      repository: row.repository as RepositoryName,
      identity: row.identity,
      action: row.action,
      reason: row.reason,
      authority: row.authority,
      reference: row.reference,
      actor: row.actor,
      actorOri: row.actor_ori,
      changed: row.changed as string[],
      at: row.at,
    }));
  }

  /** Which of `identities` were expunged from the repository. */
  async expungedAmong(repository: RepositoryName, identities: readonly string[]): Promise<Set<string>> {
    if (identities.length === 0) return new Set();
    const rows = await this.db
      .selectFrom("record_tombstones")
      .select("identity")
      .where("repository", "=", repository)
      .where("action", "=", "EXPUNGED")
      .where("identity", "in", [...identities])
      .execute();
    return new Set(rows.map((row) => row.identity));
  }
}
