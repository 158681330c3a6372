import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Kysely } from "kysely";
import { GENESIS_HASH } from "./audit-log.js";
import type { HubDatabase } from "./database-schema.js";

/**
 * One line of the checkpoint file: the audit chain's head as it stood at `at`, signed with the operator's
 * Ed25519 key. The file lives outside the database (ideally on other storage, append-only), so someone
 * who can rewrite the database but not the file or the key cannot make a shortened or rechained log agree
 * with it. Threat model: docs/decisions/0010-audit-checkpoints.md.
 */
export interface AuditCheckpoint {
  seq: number;
  headHash: string;
  /** ISO 8601. */
  at: string;
  /** Ed25519 over `checkpointMessage`, base64. */
  signature: string;
}

/** Environment variables naming the key and the checkpoint file of a deployment. */
export const AUDIT_CHECKPOINT_ENV = {
  /** Path of the operator's Ed25519 private key (PKCS#8 PEM). */
  keyFile: "TENPRINT_AUDIT_KEY_FILE",
  /** The key itself as PEM, where a secret store injects it into the environment. */
  key: "TENPRINT_AUDIT_KEY",
  /** Path of the append-only checkpoint file (JSON lines). */
  file: "TENPRINT_AUDIT_CHECKPOINTS",
} as const;

/** The demo's file names, inside its data directory. */
export const DEMO_AUDIT_FILES = {
  key: "audit-signing-key.pem",
  publicKey: "audit-signing-key.pub.pem",
  checkpoints: "audit-checkpoints.jsonl",
} as const;

/** The exact bytes signed: versioned, so a later format cannot be confused with this one. */
export function checkpointMessage(seq: number, headHash: string, at: string): Buffer {
  return Buffer.from(`tenprint-audit-checkpoint/v1\n${seq}\n${headHash}\n${at}`, "utf8");
}

export function signCheckpoint(key: KeyObject, seq: number, headHash: string, at: Date): AuditCheckpoint {
  const iso = at.toISOString();
  return {
    seq,
    headHash,
    at: iso,
    signature: sign(null, checkpointMessage(seq, headHash, iso), key).toString("base64"),
  };
}

/** Writes a new Ed25519 key pair, the private key readable by its owner only (0600). */
export function generateAuditSigningKey(privatePath: string, publicPath: string): KeyObject {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  writeFileSync(privatePath, privateKey.export({ type: "pkcs8", format: "pem" }), {
    mode: 0o600,
    flag: "wx",
  });
  chmodSync(privatePath, 0o600);
  writeFileSync(publicPath, publicKey.export({ type: "spki", format: "pem" }), { mode: 0o600 });
  return privateKey;
}

/** The demo's key: made on first start, reused after. */
export function demoAuditSigningKey(privatePath: string, publicPath: string): KeyObject {
  if (!existsSync(privatePath)) return generateAuditSigningKey(privatePath, publicPath);
  const key = createPrivateKey(readFileSync(privatePath));
  if (!existsSync(publicPath))
    writeFileSync(publicPath, createPublicKey(key).export({ type: "spki", format: "pem" }), { mode: 0o600 });
  return key;
}

/** The operator's key from `TENPRINT_AUDIT_KEY` or `TENPRINT_AUDIT_KEY_FILE`, if either is set. */
export function auditSigningKeyFromEnv(env: NodeJS.ProcessEnv = process.env): KeyObject | undefined {
  const pem =
    env[AUDIT_CHECKPOINT_ENV.key] ??
    (env[AUDIT_CHECKPOINT_ENV.keyFile] && readFileSync(env[AUDIT_CHECKPOINT_ENV.keyFile] as string));
  if (!pem) return undefined;
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`the audit signing key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/**
 * Appends a checkpoint of the current head when the chain has grown since `after`; returns the new
 * checkpoint, or undefined when there was nothing new to sign.
 */
export async function writeAuditCheckpoint(
  db: Kysely<HubDatabase>,
  options: { file: string; key: KeyObject; after?: number; clock?: () => Date },
): Promise<AuditCheckpoint | undefined> {
  const head = await db
    .selectFrom("audit_head")
    .select(["seq", "hash"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  const seq = Number(head.seq);
  if (options.after !== undefined && seq <= options.after) return undefined;
  const checkpoint = signCheckpoint(options.key, seq, head.hash, (options.clock ?? (() => new Date()))());
  appendFileSync(options.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  return checkpoint;
}

/** The last checkpoint's seq in a file, so a restarted hub does not re-sign a head already signed. */
export function lastCheckpointSeq(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8").trimEnd().split("\n").filter(Boolean);
  const last = lines.at(-1);
  if (!last) return undefined;
  try {
    return (JSON.parse(last) as AuditCheckpoint).seq;
  } catch {
    return undefined;
  }
}

export type AuditCheckpointProblem =
  /** A line that is not a checkpoint, or whose signature does not verify under the operator's key. */
  | "bad-checkpoint"
  /** The log ends before an event a checkpoint signed: the tail was deleted (and the head rolled back). */
  | "tail-removed"
  /** An event a checkpoint signed has another hash now: the chain was edited and rehashed. */
  | "rewritten";

export type AuditCheckpointVerification =
  | { ok: true; checkpoints: number; lastSeq: number; lastAt: string | null }
  | {
      ok: false;
      problem: AuditCheckpointProblem;
      /** The first event missing or possibly rewritten (the line number for a bad checkpoint). */
      seq: number;
      /** For a rewrite: the last event a checkpoint still vouches for; the change lies after it. */
      intactThrough?: number;
      message: string;
    };

const LOOKUP_BATCH = 1000;

/**
 * Checks the database's chain against signed checkpoints: every line must verify under `publicKey`, and
 * every checkpointed event must still exist with the hash signed. Run after `verifyAuditChain`, which
 * checks the links between events; this checks that the chain is the one the hub signed.
 */
export async function verifyAuditCheckpoints(
  db: Kysely<HubDatabase>,
  text: string,
  publicKey: KeyObject,
): Promise<AuditCheckpointVerification> {
  const checkpoints: AuditCheckpoint[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const bad = (why: string): AuditCheckpointVerification => ({
      ok: false,
      problem: "bad-checkpoint",
      seq: index + 1,
      message: `checkpoint line ${index + 1}: ${why}`,
    });
    let checkpoint: AuditCheckpoint;
    try {
      checkpoint = JSON.parse(line) as AuditCheckpoint;
    } catch {
      return bad("not JSON");
    }
    const { seq, headHash, at, signature } = checkpoint;
    if (
      !Number.isInteger(seq) ||
      typeof headHash !== "string" ||
      typeof at !== "string" ||
      typeof signature !== "string"
    )
      return bad("missing seq, headHash, at or signature");
    if (!verify(null, checkpointMessage(seq, headHash, at), publicKey, Buffer.from(signature, "base64")))
      return bad(`the signature of seq ${seq} does not verify under the operator's public key`);
    const previous = checkpoints.at(-1);
    if (previous && seq < previous.seq)
      return bad(`seq ${seq} goes back from ${previous.seq}: checkpoints only move forward`);
    checkpoints.push(checkpoint);
  }
  const head = await db.selectFrom("audit_head").select(["seq"]).where("id", "=", 1).executeTakeFirst();
  const headSeq = head ? Number(head.seq) : 0;
  let intactThrough = 0;
  for (let start = 0; start < checkpoints.length; start += LOOKUP_BATCH) {
    const batch = checkpoints.slice(start, start + LOOKUP_BATCH);
    const seqs = [...new Set(batch.map((c) => c.seq).filter((seq) => seq > 0))];
    const rows =
      seqs.length === 0
        ? []
        : await db.selectFrom("audit_events").select(["seq", "hash"]).where("seq", "in", seqs).execute();
    const hashes = new Map(rows.map((row) => [Number(row.seq), row.hash]));
    for (const checkpoint of batch) {
      const hash = checkpoint.seq === 0 ? GENESIS_HASH : hashes.get(checkpoint.seq);
      if (hash === undefined) {
        const lastPresent = Math.min(headSeq, checkpoint.seq - 1);
        return {
          ok: false,
          problem: "tail-removed",
          seq: lastPresent + 1,
          intactThrough,
          message:
            `event ${checkpoint.seq}, signed in the checkpoint of ${checkpoint.at}, is not in the log, which ` +
            `ends at event ${headSeq}: events from ${lastPresent + 1} were removed`,
        };
      }
      if (hash !== checkpoint.headHash)
        return {
          ok: false,
          problem: "rewritten",
          seq: intactThrough + 1,
          intactThrough,
          message:
            `event ${checkpoint.seq} has hash ${hash}, but the checkpoint of ${checkpoint.at} signed ` +
            `${checkpoint.headHash}: the chain was rewritten after event ${intactThrough} (the last event a ` +
            `checkpoint still vouches for), at or before event ${checkpoint.seq}`,
        };
      intactThrough = checkpoint.seq;
    }
  }
  const last = checkpoints.at(-1);
  return { ok: true, checkpoints: checkpoints.length, lastSeq: last?.seq ?? 0, lastAt: last?.at ?? null };
}
