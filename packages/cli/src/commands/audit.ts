import { createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AUDIT_CHECKPOINT_ENV,
  auditSigningKeyFromEnv,
  DEFAULT_DATA_DIR,
  DEMO_AUDIT_FILES,
  openHubDatabase,
  verifyAuditChain,
  verifyAuditCheckpoints,
} from "@tenprint/hub";
import type { Command } from "commander";
import { usageError } from "./cli-errors.js";

interface VerifyOptions {
  data?: string;
  checkpoints?: string;
  publicKey?: string;
  json?: boolean;
}

/**
 * The checkpoint file and the key to check it with: given, from the environment, or the demo's beside
 * the embedded database. Undefined when there is no checkpoint file at all.
 */
function checkpointSource(
  options: VerifyOptions,
  embedded: boolean,
): { file: string; publicKey: KeyObject } | undefined {
  const dataDir = options.data ?? DEFAULT_DATA_DIR;
  const file =
    options.checkpoints ??
    process.env[AUDIT_CHECKPOINT_ENV.file] ??
    (embedded ? join(dataDir, DEMO_AUDIT_FILES.checkpoints) : undefined);
  if (!file || (!options.checkpoints && !existsSync(file))) return undefined;
  if (!existsSync(file)) throw new Error(`no checkpoint file at ${file}`);
  const demoPublic = join(dataDir, DEMO_AUDIT_FILES.publicKey);
  let publicKey: KeyObject;
  if (options.publicKey) publicKey = createPublicKey(readFileSync(options.publicKey));
  else {
    const privateKey = auditSigningKeyFromEnv();
    if (privateKey) publicKey = createPublicKey(privateKey);
    else if (embedded && existsSync(demoPublic)) publicKey = createPublicKey(readFileSync(demoPublic));
    else throw new Error(`checkpoints in ${file} but no key to check them: give --public-key FILE`);
  }
  return { file, publicKey };
}

/** Exit 0: chain intact. Exit 1: chain broken. Exit 2: no database, or it could not be read. */
async function runVerify(options: VerifyOptions): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  let handle: Awaited<ReturnType<typeof openHubDatabase>>;
  try {
    handle = await openHubDatabase({
      databaseUrl,
      dataDir: options.data ?? DEFAULT_DATA_DIR,
      mustExist: true,
      migrate: false,
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  try {
    const source = checkpointSource(options, handle.backend === "pglite");
    const result = await verifyAuditChain(handle.db);
    const anchored =
      result.ok && source
        ? await verifyAuditCheckpoints(handle.db, readFileSync(source.file, "utf8"), source.publicKey)
        : undefined;
    if (!result.ok || (anchored && !anchored.ok)) process.exitCode = 1;
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ location: handle.location, ...result, checkpoints: anchored ?? null })}\n`,
      );
      return;
    }
    if (!result.ok) {
      process.stdout.write(
        `audit chain BROKEN at event ${result.seq} (${result.problem}) in ${handle.location}: ${result.message}\n`,
      );
      return;
    }
    process.stdout.write(
      `audit chain ok: ${result.events} events in ${handle.location}, head ${result.headSeq} ${result.headHash}\n`,
    );
    if (!anchored) {
      process.stdout.write(
        "no signed checkpoints: the chain was checked against itself only, which a rewrite of the database passes\n",
      );
    } else if (anchored.ok) {
      process.stdout.write(
        `checkpoints ok: ${anchored.checkpoints} signed checkpoints in ${source?.file} agree, the last at event ${anchored.lastSeq} (${anchored.lastAt ?? "none"})\n`,
      );
    } else {
      process.stdout.write(
        `audit chain DOES NOT MATCH its checkpoints at event ${anchored.seq} (${anchored.problem}): ${anchored.message}\n`,
      );
    }
  } catch (error) {
    throw usageError(
      `cannot read the audit log in ${handle.location}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await handle.close();
  }
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command("audit").description("the hub's hash-chained audit log");
  audit
    .command("verify")
    .description(
      "check that no audit event was altered, removed or reordered (DATABASE_URL if set, else the embedded database)",
    )
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .option(
      "--checkpoints <file>",
      `signed checkpoints of the chain head (default ${AUDIT_CHECKPOINT_ENV.file}, or the demo's in --data)`,
    )
    .option(
      "--public-key <file>",
      `the operator's Ed25519 public key (default: from ${AUDIT_CHECKPOINT_ENV.keyFile}, or the demo's in --data)`,
    )
    .option("--json", "print the result as one JSON object (ok, events, head or the broken event)")
    .action(runVerify);
}
