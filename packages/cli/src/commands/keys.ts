import { join } from "node:path";
import {
  API_ROLES,
  createEnvelopeCipher,
  createHubStorage,
  DEFAULT_DATA_DIR,
  DEMO_MASTER_KEY_FILE,
  type HubDatabaseHandle,
  openHubDatabase,
  readMasterKeyFile,
  replaceMasterKeyFile,
  rotateMasterKey,
  storedDataMasterKey,
} from "@tenprint/hub";
import type { Command } from "commander";
import { storedDataCipher } from "./stored-data-cipher.js";

const ORI = /^[A-Z]{2}[A-Z0-9]{7}$/;

async function withDatabase(data: string | undefined, use: (handle: HubDatabaseHandle) => Promise<void>) {
  const handle = await openHubDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: data ?? DEFAULT_DATA_DIR,
    cipher: storedDataCipher(data ?? DEFAULT_DATA_DIR),
  });
  try {
    await use(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Agency API keys for a deployment: the key is printed once, when issued; the hub stores only its hash.
 * Every issue, rotation and revocation is an audit event.
 */
export function registerKeyCommands(program: Command): void {
  const keys = program
    .command("keys")
    .description("agency API keys (DATABASE_URL if set, else the embedded database)");
  keys
    .command("issue")
    .description("issue a key for an agency and role; prints it once")
    .requiredOption("--ori <ori>", "the agency's nine-character ORI")
    .requiredOption("--role <role>", `one of ${API_ROLES.join(", ")}`)
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .action(async (options: { ori: string; role: string; data?: string }) => {
      const ori = options.ori.toUpperCase();
      const role = options.role.toUpperCase();
      if (!ORI.test(ori))
        throw new Error(`--ori must be two letters and seven letters or digits, got ${options.ori}`);
      if (!(API_ROLES as readonly string[]).includes(role))
        throw new Error(`--role must be one of ${API_ROLES.join(", ")}, got ${options.role}`);
      await withDatabase(options.data, async ({ db }) => {
        const storage = createHubStorage(db);
        const issued = await storage.apiKeys.issue(ori, role);
        await storage.audit.append({
          actor: "cli",
          ori,
          action: "API_KEY_ISSUED",
          object: `api-key:${issued.id}`,
          details: { role },
        });
        process.stdout.write(`${JSON.stringify({ id: issued.id, ori, role, apiKey: issued.apiKey })}\n`);
      });
    });
  keys
    .command("list")
    .description("keys with their agency, role and state (never the keys themselves)")
    .option("--ori <ori>", "only this agency's keys")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .option("--json", "print the keys as one JSON array of {id, ori, role, revokedAt}")
    .action(async (options: { ori?: string; data?: string; json?: boolean }) => {
      await withDatabase(options.data, async ({ db }) => {
        const keys = await createHubStorage(db).apiKeys.list(options.ori?.toUpperCase());
        if (options.json) {
          process.stdout.write(`${JSON.stringify(keys)}\n`);
          return;
        }
        for (const key of keys)
          process.stdout.write(
            `${key.id}  ${key.ori}  ${key.role.padEnd(7)}  ${key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : "active"}\n`,
          );
      });
    });
  keys
    .command("revoke")
    .description("revoke a key by its id")
    .argument("<id>", "the key's id, as `keys list` shows it")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .action(async (id: string, options: { data?: string }) => {
      await withDatabase(options.data, async ({ db }) => {
        const storage = createHubStorage(db);
        if (!(await storage.apiKeys.revoke(id))) throw new Error(`no active key has the id ${id}`);
        await storage.audit.append({
          actor: "cli",
          ori: "",
          action: "API_KEY_REVOKED",
          object: `api-key:${id}`,
          details: {},
        });
        process.stdout.write(`revoked ${id}\n`);
      });
    });
  keys
    .command("rotate")
    .description("re-wrap every data key of the encrypted columns under a new master key (audited)")
    .requiredOption("--new-key-file <file>", "the new master key: 32 random bytes in base64")
    .option(
      "--master-key-file <file>",
      `the current key (default: TENPRINT_MASTER_KEY_FILE, TENPRINT_MASTER_KEY, or <data>/${DEMO_MASTER_KEY_FILE})`,
    )
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .action(async (options: { newKeyFile: string; masterKeyFile?: string; data?: string }) => {
      const dataDir = options.data ?? DEFAULT_DATA_DIR;
      const current = storedDataMasterKey(dataDir, process.env, options.masterKeyFile);
      const next = readMasterKeyFile(options.newKeyFile);
      // The old key stays loaded until every row is re-wrapped; a row under neither key stops the rotation.
      const cipher = createEnvelopeCipher(next, current ? [current.key] : []);
      const handle = await openHubDatabase({
        databaseUrl: process.env.DATABASE_URL || undefined,
        dataDir,
        mustExist: true,
        cipher,
      });
      try {
        const result = await rotateMasterKey(handle.db, cipher, {
          actor: "cli",
          fromKeyIds: current ? [current.key.id] : [],
          toKeyId: next.id,
        });
        const demoKey = current?.path === join(dataDir, DEMO_MASTER_KEY_FILE) ? current.path : undefined;
        if (demoKey) replaceMasterKeyFile(demoKey, next);
        process.stdout.write(
          `${JSON.stringify({ from: current?.key.id ?? null, to: next.id, ...result })}\n` +
            (demoKey
              ? `${demoKey} now holds the new key\n`
              : "every value is under the new key: point TENPRINT_MASTER_KEY_FILE at it and destroy the old key\n"),
        );
      } finally {
        await handle.close();
      }
    });
}
