import { readFileSync, writeFileSync } from "node:fs";
import {
  DEFAULT_DATA_DIR,
  type GroundTruth,
  openHubDatabase,
  produceAccountabilityReport,
  produceMonthlyReport,
  REPORT_FORMATS,
  type ReportFormat,
  renderReport,
} from "@tenprint/hub";
import type { Command } from "commander";
import { storedDataCipher } from "./stored-data-cipher.js";

interface CommonOptions {
  state?: string;
  timeZone?: string;
  format: string;
  output: string;
  data?: string;
}

function formatOf(format: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new Error(`--format must be one of ${REPORT_FORMATS.join(", ")}, got ${format}`);
  return format as ReportFormat;
}

function dateOf(option: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new Error(`${option} must be an ISO-8601 date or instant, got ${value}`);
  return date;
}

/** Opens the database the reports read (DATABASE_URL, else the embedded one), runs `produce`, writes the file. */
async function withDatabase(
  options: CommonOptions,
  produce: (
    db: Awaited<ReturnType<typeof openHubDatabase>>["db"],
  ) => Promise<Parameters<typeof renderReport>[0]>,
): Promise<void> {
  const format = formatOf(options.format);
  const handle = await openHubDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: options.data ?? DEFAULT_DATA_DIR,
    mustExist: true,
    cipher: storedDataCipher(options.data ?? DEFAULT_DATA_DIR),
  });
  try {
    const report = await produce(handle.db);
    const rendered = await renderReport(report, format);
    writeFileSync(options.output, rendered.body);
    process.stdout.write(`${report.title}: ${options.output} (${format}) from ${handle.location}\n`);
  } finally {
    await handle.close();
  }
}

/**
 * `tenprint report monthly|accountability`: the programme's monthly statistics and the accountability
 * report, from the hub's database, as JSON, CSV, HTML (with charts) or PDF.
 */
export function registerReportCommands(program: Command): void {
  const report = program
    .command("report")
    .description("statistics and accountability reports from the hub's database");
  const common = (command: Command) =>
    command
      .option("--state <XX>", "one state (postal code); every state when absent")
      .option("--time-zone <zone>", "IANA zone the months are cut in (default America/New_York)")
      .option("--format <format>", `one of ${REPORT_FORMATS.join(", ")}`, "html")
      .requiredOption("-o, --output <file>", "file to write")
      .option(
        "--data <dir>",
        `embedded database directory when DATABASE_URL is not set (default ${DEFAULT_DATA_DIR})`,
      );
  common(
    report
      .command("monthly")
      .description("IDENT/IAFIS interoperability statistics for one month, per state and jurisdiction")
      .requiredOption("--month <YYYY-MM>", "the month"),
  ).action(async (options: CommonOptions & { month: string }) => {
    await withDatabase(options, (db) =>
      produceMonthlyReport(db, {
        month: options.month,
        ...(options.state ? { state: options.state } : {}),
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      }),
    );
  });
  common(
    report
      .command("accountability")
      .description(
        "response times, holds, citizens, false matches, disparity signals, detainers without a conviction",
      )
      .option("--from <date>", "bookings received at or after this instant")
      .option("--to <date>", "bookings received before this instant (default now)")
      .option("--truth <file>", "ground truth a simulation wrote (synthetic runs only)"),
  ).action(async (options: CommonOptions & { from?: string; to?: string; truth?: string }) => {
    const from = dateOf("--from", options.from);
    const to = dateOf("--to", options.to);
    const groundTruth = options.truth
      ? (JSON.parse(readFileSync(options.truth, "utf8")) as GroundTruth)
      : undefined;
    await withDatabase(options, (db) =>
      produceAccountabilityReport(db, {
        ...(options.state ? { state: options.state } : {}),
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(groundTruth ? { groundTruth } : {}),
      }),
    );
  });
}
