import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";

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
  ) {}

  async put(ori: string, url: string, secret: string): Promise<Webhook> {
    const values = { url, secret, updated_at: this.clock() };
    const row = await this.db
      .insertInto("webhooks")
      .values({ ori, ...values })
      .onConflict((conflict) => conflict.column("ori").doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ori: row.ori, url: row.url, secret: row.secret, updatedAt: row.updated_at };
  }

  async get(ori: string): Promise<Webhook | undefined> {
    const row = await this.db.selectFrom("webhooks").selectAll().where("ori", "=", ori).executeTakeFirst();
    return row && { ori: row.ori, url: row.url, secret: row.secret, updatedAt: row.updated_at };
  }

  async remove(ori: string): Promise<boolean> {
    const result = await this.db.deleteFrom("webhooks").where("ori", "=", ori).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }
}
