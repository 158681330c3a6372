import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";

export interface ApiKeyIdentity {
  id: string;
  ori: string;
  role: string;
}

export interface ApiKeyRecord extends ApiKeyIdentity {
  createdAt: Date;
  revokedAt: Date | null;
}

/** Agency API keys. Only a hash is stored; the key itself is shown once, when issued. */
export interface ApiKeyStore {
  issue(ori: string, role: string): Promise<ApiKeyIdentity & { apiKey: string }>;
  /** The key's owner, or undefined for an unknown or revoked key. */
  authenticate(apiKey: string): Promise<ApiKeyIdentity | undefined>;
  /** Issues a new key for the same ORI and role and revokes the old one; undefined if it was not active. */
  rotate(id: string): Promise<(ApiKeyIdentity & { apiKey: string }) | undefined>;
  revoke(id: string): Promise<boolean>;
  list(ori?: string): Promise<ApiKeyRecord[]>;
}

/**
 * Keys carry 256 random bits, so a plain SHA-256 is enough to make a stolen table useless; a slow password
 * hash would only slow every request.
 */
export function hashApiKey(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex");
}

const MAX_KEY_LENGTH = 200;

export class PostgresApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async issue(ori: string, role: string): Promise<ApiKeyIdentity & { apiKey: string }> {
    const id = randomUUID();
    const apiKey = `tp_${randomBytes(32).toString("base64url")}`;
    await this.db
      .insertInto("api_keys")
      .values({ id, ori, role, key_hash: hashApiKey(apiKey), created_at: this.clock(), revoked_at: null })
      .execute();
    return { id, ori, role, apiKey };
  }

  async authenticate(apiKey: string): Promise<ApiKeyIdentity | undefined> {
    if (apiKey.length === 0 || apiKey.length > MAX_KEY_LENGTH) return undefined;
    return this.db
      .selectFrom("api_keys")
      .select(["id", "ori", "role"])
      .where("key_hash", "=", hashApiKey(apiKey))
      .where("revoked_at", "is", null)
      .executeTakeFirst();
  }

  async rotate(id: string): Promise<(ApiKeyIdentity & { apiKey: string }) | undefined> {
    if (!this.db.isTransaction)
      return this.db.transaction().execute((trx) => new PostgresApiKeyStore(trx, this.clock).rotate(id));
    const old = await this.db
      .updateTable("api_keys")
      .set({ revoked_at: this.clock() })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .returning(["ori", "role"])
      .executeTakeFirst();
    return old && this.issue(old.ori, old.role);
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable("api_keys")
      .set({ revoked_at: this.clock() })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async list(ori?: string): Promise<ApiKeyRecord[]> {
    let query = this.db.selectFrom("api_keys").select(["id", "ori", "role", "created_at", "revoked_at"]);
    if (ori !== undefined) query = query.where("ori", "=", ori);
    const rows = await query.orderBy("created_at").orderBy("id").execute();
    return rows.map((row) => ({
      id: row.id,
      ori: row.ori,
      role: row.role,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    }));
  }
}
