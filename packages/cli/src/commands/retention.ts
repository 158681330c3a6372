import {
  DEFAULT_DATA_DIR,
  type HubDatabaseHandle,
  openHubDatabase,
  type PurgeReport,
  purgeExpired,
  RETAINED_MESSAGE_TYPES,
  type RetentionChange,
  type RetentionPolicies,
  retentionChangeProblem,
  retentionPolicies,
  setRetentionPolicy,
} from "@tenprint/hub";
import { FBI_CJIS_ORI } from "@tenprint/synth";
import type { Command } from "commander";
import { usageError } from "./cli-errors.js";
import { storedDataCipher } from "./stored-data-cipher.js";

async function withDatabase<T>(data: string | undefined, use: (handle: HubDatabaseHandle) => Promise<T>) {
  const handle = await openHubDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: data ?? DEFAULT_DATA_DIR,
    cipher: storedDataCipher(data ?? DEFAULT_DATA_DIR),
  });
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

/** The operator at the console: the audit log names the command and the hub's ORI. */
const BY = { actor: "cli", ori: FBI_CJIS_ORI };

/** Checks the change here, so that a wrong argument is the usual usage error (exit 2) with its reason. */
async function change(data: string | undefined, wanted: RetentionChange): Promise<void> {
  const problem = retentionChangeProblem(wanted, RETAINED_MESSAGE_TYPES);
  if (problem) throw usageError(problem);
  const policies = await withDatabase(data, ({ db }) => setRetentionPolicy(db, wanted, BY));
  process.stdout.write(`${formatPolicies(policies).join("\n")}\n`);
}

function formatPolicies(policies: RetentionPolicies): string[] {
  const lines = Object.entries(policies.prints).map(
    ([repository, retain]) =>
      `  prints of bookings searched in ${repository}: ${retain ? "retained" : "deleted once the booking is finished"}`,
  );
  const days = Object.entries(policies.messageDays);
  if (days.length === 0) lines.push("  messages: every type kept");
  for (const [type, keep] of days) lines.push(`  ${type} messages: kept ${keep} days`);
  return lines;
}

function formatReport(report: PurgeReport): string {
  const verb = report.dryRun ? "would delete" : "deleted";
  const lines = [
    `${report.dryRun ? "dry run: nothing deleted" : "retention purge"} at ${report.at}`,
    ...formatPolicies(report.policies),
    `${verb} the prints of ${report.prints.purged} finished booking(s)`,
    ...report.messages.map((m) => `${verb} ${m.deleted} ${m.type} message(s) created before ${m.before}`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * `tenprint purge [--dry-run]` and `tenprint retention show|prints|messages`: the retention policy
 * (decision 0016) and its purge, by hand; `tenprint serve` also runs the purge on a schedule.
 */
export function registerRetentionCommands(program: Command): void {
  program
    .command("purge")
    .description("delete what the retention policy no longer keeps, audited (DATABASE_URL or --data)")
    .option("--dry-run", "count what would be deleted; delete nothing")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .option("--json", "print the report as JSON")
    .action(async (options: { dryRun?: boolean; data?: string; json?: boolean }) => {
      const report = await withDatabase(options.data, ({ db }) =>
        purgeExpired(db, { by: BY, dryRun: options.dryRun === true }),
      );
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    });
  const retention = program
    .command("retention")
    .description("the retention policy per repository and message type (changes are audited)");
  retention
    .command("show")
    .description("print the policy")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .option("--json", "print {prints, messageDays} as JSON")
    .action(async (options: { data?: string; json?: boolean }) => {
      const policies = await withDatabase(options.data, ({ db }) => retentionPolicies(db));
      process.stdout.write(
        options.json ? `${JSON.stringify(policies)}\n` : `${formatPolicies(policies).join("\n")}\n`,
      );
    });
  retention
    .command("prints <repository> <retain|delete>")
    .description("whether a repository (criminal, ident) retains the prints of the bookings it searched")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .action(async (repository: string, choice: string, options: { data?: string }) => {
      if (choice !== "retain" && choice !== "delete")
        throw usageError(`the second argument must be retain or delete, got ${choice}`);
      await change(options.data, { kind: "BOOKING_PRINTS", repository, retain: choice === "retain" });
    });
  retention
    .command("messages <type> <days|keep>")
    .description("days a message type (SRE, ERRT, IDR, IAQ, IAR, …) is kept, or keep for ever")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .action(async (type: string, days: string, options: { data?: string }) => {
      const keepDays = days === "keep" ? null : Number(days);
      if (keepDays !== null && !Number.isInteger(keepDays))
        throw usageError(`the second argument must be a number of days or keep, got ${days}`);
      await change(options.data, { kind: "MESSAGES", type: type.toUpperCase(), keepDays });
    });
}
