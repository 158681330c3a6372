import { DEFAULT_DATA_DIR, openHubDatabase, verifyAuditChain } from "@tenprint/hub";
import type { Command } from "commander";
import { usageError } from "./cli-errors.js";

interface VerifyOptions {
  data?: string;
  json?: boolean;
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
    const result = await verifyAuditChain(handle.db);
    if (!result.ok) process.exitCode = 1;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ location: handle.location, ...result })}\n`);
    } else if (result.ok) {
      process.stdout.write(
        `audit chain ok: ${result.events} events in ${handle.location}, head ${result.headSeq} ${result.headHash}\n`,
      );
    } else {
      process.stdout.write(
        `audit chain BROKEN at event ${result.seq} (${result.problem}) in ${handle.location}: ${result.message}\n`,
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
    .option("--json", "print the result as one JSON object (ok, events, head or the broken event)")
    .action(runVerify);
}
