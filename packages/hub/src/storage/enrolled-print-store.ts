import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";
import { type EnvelopeCipher, PLAINTEXT_CIPHER } from "./envelope-cipher.js";
import type { RepositoryName } from "./subject-record-store.js";

/** One enrolled finger's image, WSQ-compressed. */
export interface EnrolledPrint {
  /** Finger position 1–10. */
  readonly position: number;
  readonly wsq: Uint8Array;
  readonly ppi: number;
}

/** The images of enrolled prints, for display beside the templates searched (never for searching). */
export interface EnrolledPrintStore {
  /** Inserts or replaces (same repository, identity and position replaces). */
  put(repository: RepositoryName, identity: string, prints: readonly EnrolledPrint[]): Promise<void>;
  get(repository: RepositoryName, identity: string, position: number): Promise<EnrolledPrint | undefined>;
  /** The positions that have an image, ascending. */
  positions(repository: RepositoryName, identity: string): Promise<number[]>;
}

export class PostgresEnrolledPrintStore implements EnrolledPrintStore {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly cipher: EnvelopeCipher = PLAINTEXT_CIPHER,
  ) {}

  async put(repository: RepositoryName, identity: string, prints: readonly EnrolledPrint[]): Promise<void> {
    if (prints.length === 0) return;
    await this.db
      .insertInto("enrolled_prints")
      .values(
        prints.map((print) => ({
          repository,
          identity,
          position: print.position,
          wsq: this.cipher.seal(print.wsq, printContext(repository, identity, print.position)),
          ppi: print.ppi,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(["repository", "identity", "position"]).doUpdateSet((eb) => ({
          wsq: eb.ref("excluded.wsq"),
          ppi: eb.ref("excluded.ppi"),
        })),
      )
      .execute();
  }

  async get(
    repository: RepositoryName,
    identity: string,
    position: number,
  ): Promise<EnrolledPrint | undefined> {
    const row = await this.db
      .selectFrom("enrolled_prints")
      .select(["position", "wsq", "ppi"])
      .where("repository", "=", repository)
      .where("identity", "=", identity)
      .where("position", "=", position)
      .executeTakeFirst();
    return row && { ...row, wsq: this.cipher.open(row.wsq, printContext(repository, identity, position)) };
  }

  async positions(repository: RepositoryName, identity: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom("enrolled_prints")
      .select("position")
      .where("repository", "=", repository)
      .where("identity", "=", identity)
      .orderBy("position")
      .execute();
    return rows.map((row) => row.position);
  }
}

/** The row an enrolled print's envelope is bound to (its additional authenticated data). */
export function printContext(repository: string, identity: string, position: number): string {
  return `enrolled_prints.wsq:${repository}/${identity}/${position}`;
}
