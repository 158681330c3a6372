import type { Kysely, Selectable } from "kysely";
import type { HubDatabase, WebhookTable } from "./database-schema.js";
import { type EnvelopeCipher, openText, PLAINTEXT_CIPHER, sealText } from "./envelope-cipher.js";
import { StorageError } from "./storage-error.js";

export interface Webhook {
  ori: string;
  url: string;
  /** Shared secret for the HMAC signature of each delivery. */
  secret: string;
  updatedAt: Date;
}

/** One webhook per agency; an agency without one collects its messages from its inbox. */
export interface WebhookStore {
  put(ori: string, url: string, secret: string): Promise<Webhook>;
  get(ori: string): Promise<Webhook | undefined>;
  remove(ori: string): Promise<boolean>;
}

export class PostgresWebhookStore implements WebhookStore {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
    private readonly cipher: EnvelopeCipher = PLAINTEXT_CIPHER,
  ) {}

  #fromRow(row: Selectable<WebhookTable>): Webhook {
    const secret =
      row.sealed_secret === null
        ? row.secret
        : openText(this.cipher, row.sealed_secret, secretContext(row.ori));
    if (secret === null) throw new StorageError(`webhook of ${row.ori}: no secret stored`);
    return { ori: row.ori, url: row.url, secret, updatedAt: row.updated_at };
  }

  async put(ori: string, url: string, secret: string): Promise<Webhook> {
    const values = {
      url,
      secret: null,
      sealed_secret: sealText(this.cipher, secret, secretContext(ori)),
      updated_at: this.clock(),
    };
    const row = await this.db
      .insertInto("webhooks")
      .values({ ori, ...values })
      .onConflict((conflict) => conflict.column("ori").doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.#fromRow(row);
  }

  async get(ori: string): Promise<Webhook | undefined> {
    const row = await this.db.selectFrom("webhooks").selectAll().where("ori", "=", ori).executeTakeFirst();
    return row && this.#fromRow(row);
  }

  async remove(ori: string): Promise<boolean> {
    const result = await this.db.deleteFrom("webhooks").where("ori", "=", ori).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }
}

/** The row a webhook secret's envelope is bound to (its additional authenticated data). */
export function secretContext(ori: string): string {
  return `webhooks.secret:${ori}`;
}
