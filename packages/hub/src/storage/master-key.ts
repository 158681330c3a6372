import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { EncryptionError, type MasterKey, masterKeyFrom } from "./envelope-cipher.js";

const KEY_BYTES = 32;

/** A master key from its base64 text (what the key file and `TENPRINT_MASTER_KEY` hold). */
export function parseMasterKey(text: string, source: string): MasterKey {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || bytes.length !== KEY_BYTES)
    throw new EncryptionError(
      `${source}: a master key is ${KEY_BYTES} random bytes in base64 (44 characters, e.g. from \`openssl rand -base64 32\`); found ${bytes.length} bytes`,
    );
  return masterKeyFrom(bytes);
}

export function readMasterKeyFile(path: string): MasterKey {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new EncryptionError(`cannot read the master key file ${path}: ${String(error)}`, { cause: error });
  }
  return parseMasterKey(text, `master key file ${path}`);
}

/** Writes a new random master key, readable by its owner only; refuses to overwrite one. */
export function generateMasterKeyFile(path: string): MasterKey {
  if (existsSync(path)) throw new EncryptionError(`${path} exists: refusing to overwrite a master key`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return masterKeyFrom(key);
}

export const MASTER_KEY_FILE_ENV = "TENPRINT_MASTER_KEY_FILE";
export const MASTER_KEY_ENV = "TENPRINT_MASTER_KEY";

/**
 * The master key named by the environment: `TENPRINT_MASTER_KEY_FILE` (a path; `file`, from a command-line
 * option, wins over it) or `TENPRINT_MASTER_KEY` (base64). Undefined when neither is set.
 */
export function masterKeyFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  file?: string,
): MasterKey | undefined {
  const path = file ?? env[MASTER_KEY_FILE_ENV];
  if (path) return readMasterKeyFile(path);
  const text = env[MASTER_KEY_ENV];
  if (text) return parseMasterKey(text, MASTER_KEY_ENV);
  return undefined;
}

/** Where `tenprint demo` keeps the key it generated (a deployment keeps its key away from its data). */
export const DEMO_MASTER_KEY_FILE = "master.key";

/** The demo's master key: from the environment if given, else `<dataDir>/master.key`, made on first start. */
export function demoMasterKey(
  dataDir: string,
  env: Record<string, string | undefined> = process.env,
): { key: MasterKey; generated: string | undefined } {
  const given = masterKeyFromEnvironment(env);
  if (given) return { key: given, generated: undefined };
  const path = join(dataDir, DEMO_MASTER_KEY_FILE);
  if (existsSync(path)) return { key: readMasterKeyFile(path), generated: undefined };
  return { key: generateMasterKeyFile(path), generated: path };
}

/** Why `tenprint serve` will not start: no key, and encryption was not explicitly declined. */
export function missingMasterKeyMessage(): string {
  return (
    `no master key for encryption at rest: set ${MASTER_KEY_FILE_ENV} (or --master-key-file) to a file holding ` +
    `32 random bytes in base64 (\`openssl rand -base64 32 > key; chmod 600 key\`), or ${MASTER_KEY_ENV} to ` +
    "the base64 itself; --insecure-no-encryption stores biometrics, records and secrets in plain (tests only)"
  );
}

/**
 * The key the stored data is under, for commands other than `serve`: the environment's (or `file`), else the
 * demo's `<dataDir>/master.key`; undefined for a database kept in plain.
 */
export function storedDataMasterKey(
  dataDir: string | undefined,
  env: Record<string, string | undefined> = process.env,
  file?: string,
): { key: MasterKey; path: string | undefined } | undefined {
  const given = masterKeyFromEnvironment(env, file);
  if (given) return { key: given, path: file ?? env[MASTER_KEY_FILE_ENV] };
  if (dataDir === undefined || env.DATABASE_URL) return undefined;
  const path = join(dataDir, DEMO_MASTER_KEY_FILE);
  return existsSync(path) ? { key: readMasterKeyFile(path), path } : undefined;
}

/** Replaces a key file's content (write then rename, 0600): the demo's key after a rotation. */
export function replaceMasterKeyFile(path: string, key: MasterKey): void {
  const temporary = `${path}.new`;
  writeFileSync(temporary, `${key.key.toString("base64")}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
