import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { StorageError } from "./storage-error.js";

/**
 * Envelope encryption of the columns that hold biometrics, subject records, submitted files and webhook
 * secrets (decision 0009). Each stored value gets its own random AES-256-GCM data key; the data key is
 * wrapped (AES-256-GCM again) by the master key, and both travel in one self-describing blob:
 *
 *   "TPE1" | key id length (1) | key id | wrap nonce (12) | wrap tag (16) | wrapped data key (32)
 *          | data nonce (12) | data tag (16) | ciphertext
 *
 * The caller's `context` names the row and column (`enrolled_prints.wsq:criminal/ID42/3`) and is the
 * additional authenticated data of both layers: a blob copied into another row does not open there.
 */
export interface EnvelopeCipher {
  /** False for the pass-through cipher of `--insecure-no-encryption` and of unit tests. */
  readonly encrypting: boolean;
  seal(plain: Uint8Array, context: string): Uint8Array;
  /** Opens a sealed blob; a value stored before encryption was enabled (no envelope) is returned as is. */
  open(stored: Uint8Array, context: string): Uint8Array;
  /**
   * The blob with its data key wrapped by the current master key (only the 60-byte header changes), a
   * plaintext value sealed, or undefined when it is already under the current key.
   */
  rewrap(stored: Uint8Array, context: string): Uint8Array | undefined;
}

export interface MasterKey {
  /** Names the key inside each blob: the first 8 bytes of its SHA-256, in hex. */
  readonly id: string;
  readonly key: Buffer;
}

/** The master key is wrong, missing or malformed, or a blob does not open under it. */
export class EncryptionError extends StorageError {
  override name = "EncryptionError";
}

const MAGIC = Buffer.from("TPE1", "ascii");
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = "aes-256-gcm";

export function masterKeyFrom(key: Uint8Array): MasterKey {
  if (key.length !== KEY_BYTES)
    throw new EncryptionError(`a master key is ${KEY_BYTES} bytes; this one has ${key.length}`);
  const buffer = Buffer.from(key);
  return { id: createHash("sha256").update(buffer).digest("hex").slice(0, 16), key: buffer };
}

function gcm(key: Buffer, nonce: Buffer, aad: Buffer, plain: Uint8Array): { tag: Buffer; data: Buffer } {
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { tag: cipher.getAuthTag(), data };
}

function ungcm(key: Buffer, nonce: Buffer, tag: Buffer, aad: Buffer, data: Uint8Array): Buffer {
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

function isSealed(stored: Uint8Array): boolean {
  return stored.length > MAGIC.length && Buffer.from(stored.buffer, stored.byteOffset, 4).equals(MAGIC);
}

interface Envelope {
  keyId: string;
  wrapNonce: Buffer;
  wrapTag: Buffer;
  wrappedKey: Buffer;
  /** Data nonce, tag and ciphertext, untouched by a rewrap. */
  body: Buffer;
}

function parseEnvelope(stored: Uint8Array, context: string): Envelope {
  const buffer = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const idLength = buffer[4] ?? 0;
  const nonceAt = 5 + idLength;
  const tagAt = nonceAt + NONCE_BYTES;
  const keyAt = tagAt + TAG_BYTES;
  const bodyAt = keyAt + KEY_BYTES;
  const keyId = buffer.subarray(5, nonceAt).toString("ascii");
  const wrapNonce = buffer.subarray(nonceAt, tagAt);
  const wrapTag = buffer.subarray(tagAt, keyAt);
  const wrappedKey = buffer.subarray(keyAt, bodyAt);
  const body = buffer.subarray(bodyAt);
  if (body.length < NONCE_BYTES + TAG_BYTES)
    throw new EncryptionError(`${context}: the stored envelope is truncated (${stored.length} bytes)`);
  return { keyId, wrapNonce, wrapTag, wrappedKey, body };
}

function wrapAad(keyId: string, context: string): Buffer {
  return Buffer.from(`tenprint data key|${keyId}|${context}`, "utf8");
}

function header(master: MasterKey, dataKey: Buffer, context: string): Buffer {
  const wrapNonce = randomBytes(NONCE_BYTES);
  const wrapped = gcm(master.key, wrapNonce, wrapAad(master.id, context), dataKey);
  const id = Buffer.from(master.id, "ascii");
  return Buffer.concat([MAGIC, Buffer.of(id.length), id, wrapNonce, wrapped.tag, wrapped.data]);
}

/**
 * Seals under `current`; opens blobs under `current` or any of `previous` (kept readable while
 * `tenprint keys rotate` re-wraps the data keys).
 */
export function createEnvelopeCipher(
  current: MasterKey,
  previous: readonly MasterKey[] = [],
): EnvelopeCipher {
  const keys = new Map([...previous, current].map((key) => [key.id, key]));
  const unwrap = (envelope: Envelope, context: string): Buffer => {
    const master = keys.get(envelope.keyId);
    if (!master)
      throw new EncryptionError(
        `${context}: sealed under master key ${envelope.keyId}, which is not loaded (loaded: ${[...keys.keys()].join(", ")})`,
      );
    try {
      return ungcm(
        master.key,
        envelope.wrapNonce,
        envelope.wrapTag,
        wrapAad(envelope.keyId, context),
        envelope.wrappedKey,
      );
    } catch (error) {
      throw new EncryptionError(
        `${context}: the data key does not open (altered, or moved from another row)`,
        {
          cause: error,
        },
      );
    }
  };
  const seal = (plain: Uint8Array, context: string): Uint8Array => {
    const dataKey = randomBytes(KEY_BYTES);
    const nonce = randomBytes(NONCE_BYTES);
    const sealed = gcm(dataKey, nonce, Buffer.from(context, "utf8"), plain);
    return Buffer.concat([header(current, dataKey, context), nonce, sealed.tag, sealed.data]);
  };
  return {
    encrypting: true,
    seal,
    open(stored, context) {
      if (!isSealed(stored)) return stored;
      const envelope = parseEnvelope(stored, context);
      const dataKey = unwrap(envelope, context);
      const nonce = envelope.body.subarray(0, NONCE_BYTES);
      const tag = envelope.body.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
      try {
        return ungcm(
          dataKey,
          nonce,
          tag,
          Buffer.from(context, "utf8"),
          envelope.body.subarray(NONCE_BYTES + TAG_BYTES),
        );
      } catch (error) {
        throw new EncryptionError(
          `${context}: the stored value does not open (altered, or moved from another row)`,
          {
            cause: error,
          },
        );
      }
    },
    rewrap(stored, context) {
      if (!isSealed(stored)) return seal(stored, context);
      const envelope = parseEnvelope(stored, context);
      if (envelope.keyId === current.id) return undefined;
      return Buffer.concat([header(current, unwrap(envelope, context), context), envelope.body]);
    },
  };
}

/** Stores values as given: `tenprint serve --insecure-no-encryption`, and tests of other concerns. */
export const PLAINTEXT_CIPHER: EnvelopeCipher = {
  encrypting: false,
  seal: (plain) => plain,
  open(stored, context) {
    if (isSealed(stored))
      throw new EncryptionError(`${context}: the value is encrypted but no master key was given`);
    return stored;
  },
  rewrap: () => undefined,
};

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export function sealText(cipher: EnvelopeCipher, text: string, context: string): Uint8Array {
  return cipher.seal(textEncoder.encode(text), context);
}

export function openText(cipher: EnvelopeCipher, stored: Uint8Array, context: string): string {
  return textDecoder.decode(cipher.open(stored, context));
}

/**
 * The cipher of each open database. The services build their repositories from a bare Kysely instance in
 * many places; binding the cipher to that instance where the database is opened (`openHubDatabase`) reaches
 * every one of them without threading it through each service.
 */
const ciphers = new WeakMap<object, EnvelopeCipher>();

export function bindCipher(db: Kysely<never> | object, cipher: EnvelopeCipher): void {
  ciphers.set(db, cipher);
}

export function cipherOf(db: object): EnvelopeCipher {
  return ciphers.get(db) ?? PLAINTEXT_CIPHER;
}
