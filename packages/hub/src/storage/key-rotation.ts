import { type Kysely, sql } from "kysely";
import { FBI_CJIS_ORI } from "../domain/hub-oris.js";
import { galleryEventContext } from "../farm/enrolment-log.js";
import type { HubDatabase } from "./database-schema.js";
import { printContext } from "./enrolled-print-store.js";
import { type EnvelopeCipher, sealText } from "./envelope-cipher.js";
import { templateContext } from "./gallery-template-store.js";
import { runTransition } from "./hub-storage.js";
import { payloadContext } from "./outbox-repository.js";
import { recordContext } from "./subject-record-store.js";
import { requestContext } from "./transaction-repository.js";
import { secretContext } from "./webhook-store.js";

/** One protected column: how to page through its rows, name each row, and write a rewrapped value. */
interface SealedColumn {
  readonly name: string;
  /** Rows after `after` (the last row's key, or undefined for the first page), in key order. */
  page(db: Kysely<HubDatabase>, after: string[] | undefined, limit: number): Promise<SealedRow[]>;
  write(db: Kysely<HubDatabase>, row: SealedRow, value: Uint8Array): Promise<void>;
}

interface SealedRow {
  readonly key: string[];
  readonly context: string;
  /** The stored envelope, or a value written before encryption (bytes, or text to seal). */
  readonly value: Uint8Array | string;
}

const bytesOf = (value: unknown): Uint8Array => value as Uint8Array;

const COLUMNS: readonly SealedColumn[] = [
  {
    name: "enrolled_prints.wsq",
    async page(db, after, limit) {
      const rows = await sql<{ repository: string; identity: string; position: number; wsq: Uint8Array }>`
        select repository, identity, position, wsq from enrolled_prints
        where ${after ? sql`(repository, identity, position) > (${after[0]}, ${after[1]}, ${Number(after[2])})` : sql`true`}
        order by repository, identity, position limit ${limit}`.execute(db);
      return rows.rows.map((r) => ({
        key: [r.repository, r.identity, String(r.position)],
        context: printContext(r.repository, r.identity, r.position),
        value: bytesOf(r.wsq),
      }));
    },
    async write(db, row, value) {
      const [repository = "", identity = "", position = "0"] = row.key;
      await db
        .updateTable("enrolled_prints")
        .set({ wsq: value })
        .where("repository", "=", repository)
        .where("identity", "=", identity)
        .where("position", "=", Number(position))
        .execute();
    },
  },
  {
    name: "gallery_templates.template",
    async page(db, after, limit) {
      const rows = await sql<{
        repository: string;
        identity: string;
        position: number;
        template: Uint8Array;
      }>`
        select repository, identity, position, template from gallery_templates
        where ${after ? sql`(repository, identity, position) > (${after[0]}, ${after[1]}, ${Number(after[2])})` : sql`true`}
        order by repository, identity, position limit ${limit}`.execute(db);
      return rows.rows.map((r) => ({
        key: [r.repository, r.identity, String(r.position)],
        context: templateContext(r.repository, r.identity, r.position),
        value: bytesOf(r.template),
      }));
    },
    async write(db, row, value) {
      const [repository = "", identity = "", position = "0"] = row.key;
      await db
        .updateTable("gallery_templates")
        .set({ template: value })
        .where("repository", "=", repository)
        .where("identity", "=", identity)
        .where("position", "=", Number(position))
        .execute();
    },
  },
  {
    name: "subject_records.record",
    async page(db, after, limit) {
      const rows = await sql<{
        repository: string;
        identity: string;
        sealed: Uint8Array | null;
        record: string;
      }>`
        select repository, identity, sealed, record::text as record from subject_records
        where ${after ? sql`(repository, identity) > (${after[0]}, ${after[1]})` : sql`true`}
        order by repository, identity limit ${limit}`.execute(db);
      return rows.rows.map((r) => ({
        key: [r.repository, r.identity],
        context: recordContext(r.repository, r.identity),
        value: r.sealed ? bytesOf(r.sealed) : r.record,
      }));
    },
    async write(db, row, value) {
      const [repository = "", identity = ""] = row.key;
      await db
        .updateTable("subject_records")
        .set({ sealed: value, record: null })
        .where("repository", "=", repository)
        .where("identity", "=", identity)
        .execute();
    },
  },
  {
    name: "webhooks.secret",
    async page(db, after, limit) {
      const rows = await sql<{ ori: string; sealed_secret: Uint8Array | null; secret: string }>`
        select ori, sealed_secret, secret from webhooks
        where ${after ? sql`ori > ${after[0]}` : sql`true`} order by ori limit ${limit}`.execute(db);
      return rows.rows.map((r) => ({
        key: [r.ori],
        context: secretContext(r.ori),
        value: r.sealed_secret ? bytesOf(r.sealed_secret) : r.secret,
      }));
    },
    async write(db, row, value) {
      await db
        .updateTable("webhooks")
        .set({ sealed_secret: value, secret: null })
        .where("ori", "=", row.key[0] ?? "")
        .execute();
    },
  },
  {
    name: "transactions.request",
    async page(db, after, limit) {
      const rows = await sql<{ id: string; request: Uint8Array }>`
        select id, request from transactions
        where request is not null and ${after ? sql`id > ${after[0]}` : sql`true`} order by id limit ${limit}`.execute(
        db,
      );
      return rows.rows.map((r) => ({
        key: [r.id],
        context: requestContext(r.id),
        value: bytesOf(r.request),
      }));
    },
    async write(db, row, value) {
      await db
        .updateTable("transactions")
        .set({ request: value })
        .where("id", "=", row.key[0] ?? "")
        .execute();
    },
  },
  {
    name: "gallery_events.payload",
    async page(db, after, limit) {
      const rows = await sql<{ id: string; repository: string; identity: string; payload: Uint8Array }>`
        select id::text as id, repository, identity, payload from gallery_events
        where ${after ? sql`id > ${Number(after[0])}` : sql`true`} order by id limit ${limit}`.execute(db);
      return rows.rows.map((r) => ({
        key: [r.id],
        context: galleryEventContext(r.repository, r.identity),
        value: bytesOf(r.payload),
      }));
    },
    async write(db, row, value) {
      await sql`update gallery_events set payload = ${value} where id = ${Number(row.key[0] ?? 0)}`.execute(
        db,
      );
    },
  },
  {
    name: "messages.payload",
    async page(db, after, limit) {
      const rows = await sql<{ id: string; payload: Uint8Array }>`
        select id, payload from messages
        where payload is not null and ${after ? sql`id > ${after[0]}` : sql`true`} order by id limit ${limit}`.execute(
        db,
      );
      return rows.rows.map((r) => ({
        key: [r.id],
        context: payloadContext(r.id),
        value: bytesOf(r.payload),
      }));
    },
    async write(db, row, value) {
      await db
        .updateTable("messages")
        .set({ payload: value })
        .where("id", "=", row.key[0] ?? "")
        .execute();
    },
  },
];

export interface RotationResult {
  /** Values whose data key was re-wrapped (or that were sealed for the first time), per column. */
  readonly rewrapped: Record<string, number>;
  /** Values already under the new key. */
  readonly unchanged: number;
}

export interface RotationOptions {
  /** Who ran it, for the audit event. */
  readonly actor: string;
  /** The hub's ORI, for the audit event; the FBI CJIS Division's by default, as in hub-runtime.ts. */
  readonly ori?: string;
  readonly fromKeyIds: readonly string[];
  readonly toKeyId: string;
  /** Rows per database transaction. */
  readonly pageSize?: number;
}

/**
 * Re-wraps every protected value's data key under `cipher`'s current master key (it must still hold the
 * old keys to unwrap them), and seals values written before encryption. Each page commits on its own, so
 * an interrupted rotation resumes by running again; it ends with one audit event carrying the counts.
 */
export async function rotateMasterKey(
  db: Kysely<HubDatabase>,
  cipher: EnvelopeCipher,
  options: RotationOptions,
): Promise<RotationResult> {
  const pageSize = options.pageSize ?? 500;
  const rewrapped: Record<string, number> = {};
  let unchanged = 0;
  for (const column of COLUMNS) {
    rewrapped[column.name] = 0;
    let after: string[] | undefined;
    for (;;) {
      const rows = await column.page(db, after, pageSize);
      if (rows.length === 0) break;
      const changes: { row: SealedRow; value: Uint8Array }[] = [];
      for (const row of rows) {
        const value =
          typeof row.value === "string"
            ? sealText(cipher, row.value, row.context)
            : cipher.rewrap(row.value, row.context);
        if (value === undefined) unchanged++;
        else changes.push({ row, value });
      }
      if (changes.length > 0)
        await runTransition(
          db,
          async (_storage, trx) => {
            for (const { row, value } of changes) await column.write(trx, row, value);
          },
          { cipher },
        );
      rewrapped[column.name] = (rewrapped[column.name] ?? 0) + changes.length;
      after = rows.at(-1)?.key;
      if (rows.length < pageSize) break;
    }
  }
  await runTransition(
    db,
    async (storage) => {
      await storage.audit.append({
        actor: options.actor,
        ori: options.ori ?? FBI_CJIS_ORI,
        action: "MASTER_KEY_ROTATED",
        object: `master-key:${options.toKeyId}`,
        details: { from: options.fromKeyIds, to: options.toKeyId, rewrapped, unchanged },
      });
    },
    { cipher },
  );
  return { rewrapped, unchanged };
}
