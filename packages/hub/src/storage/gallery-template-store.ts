import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";
import { type EnvelopeCipher, PLAINTEXT_CIPHER } from "./envelope-cipher.js";

export interface GalleryTemplate {
  identity: string;
  /** Finger position (1–10 for rolled/plain fingers, as in ANSI/NIST-ITL). */
  position: number;
  template: Uint8Array;
}

export interface GalleryTemplateStore {
  /** Inserts or replaces the templates (same repository, identity and position replaces). */
  put(repository: string, templates: readonly GalleryTemplate[]): Promise<void>;
  /** All templates of a repository in identity order, in pages, for loading the search structure at start. */
  load(repository: string, pageSize?: number): AsyncIterable<GalleryTemplate[]>;
  forIdentity(repository: string, identity: string): Promise<GalleryTemplate[]>;
  countIdentities(repository: string): Promise<number>;
  removeIdentity(repository: string, identity: string): Promise<number>;
}

/** Rows per insert statement: 5 parameters each, far under Postgres' 65,535-parameter limit. */
const INSERT_CHUNK = 1000;

export class PostgresGalleryTemplateStore implements GalleryTemplateStore {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly cipher: EnvelopeCipher = PLAINTEXT_CIPHER,
  ) {}

  #open(repository: string, rows: GalleryTemplate[]): GalleryTemplate[] {
    if (!this.cipher.encrypting) return rows;
    for (const row of rows)
      row.template = this.cipher.open(row.template, templateContext(repository, row.identity, row.position));
    return rows;
  }

  async put(repository: string, templates: readonly GalleryTemplate[]): Promise<void> {
    for (let start = 0; start < templates.length; start += INSERT_CHUNK) {
      const rows = templates.slice(start, start + INSERT_CHUNK).map((item) => ({
        repository,
        identity: item.identity,
        position: item.position,
        template: this.cipher.seal(item.template, templateContext(repository, item.identity, item.position)),
      }));
      await this.db
        .insertInto("gallery_templates")
        .values(rows)
        .onConflict((conflict) =>
          conflict
            .columns(["repository", "identity", "position"])
            .doUpdateSet((eb) => ({ template: eb.ref("excluded.template") })),
        )
        .execute();
    }
  }

  async *load(repository: string, pageSize = 5000): AsyncIterable<GalleryTemplate[]> {
    let after: { identity: string; position: number } | undefined;
    for (;;) {
      let query = this.db
        .selectFrom("gallery_templates")
        .select(["identity", "position", "template"])
        .where("repository", "=", repository);
      if (after) {
        const { identity, position } = after;
        // A row comparison, so Postgres walks the primary key from where the last page ended; the
        // equivalent OR form makes every page scan and sort the whole repository.
        query = query.where((eb) =>
          eb(eb.refTuple("identity", "position"), ">", eb.tuple(identity, position)),
        );
      }
      const page = await query.orderBy("identity").orderBy("position").limit(pageSize).execute();
      if (page.length > 0) yield this.#open(repository, page);
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      after = last;
    }
  }

  async forIdentity(repository: string, identity: string): Promise<GalleryTemplate[]> {
    const rows = await this.db
      .selectFrom("gallery_templates")
      .select(["identity", "position", "template"])
      .where("repository", "=", repository)
      .where("identity", "=", identity)
      .orderBy("position")
      .execute();
    return this.#open(repository, rows);
  }

  async countIdentities(repository: string): Promise<number> {
    const row = await this.db
      .selectFrom("gallery_templates")
      .select((eb) => eb.fn.count<string>("identity").distinct().as("count"))
      .where("repository", "=", repository)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async removeIdentity(repository: string, identity: string): Promise<number> {
    const result = await this.db
      .deleteFrom("gallery_templates")
      .where("repository", "=", repository)
      .where("identity", "=", identity)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** The row a template's envelope is bound to (its additional authenticated data). */
export function templateContext(repository: string, identity: string, position: number): string {
  return `gallery_templates.template:${repository}/${identity}/${position}`;
}
