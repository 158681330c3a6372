import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_DATA_DIR,
  DIRECTORY_TABLES,
  type DirectoryContent,
  DirectoryImportError,
  type DirectoryImportReport,
  type DirectorySource,
  type DirectoryTable,
  describeProblem,
  directoryCsv,
  directoryJson,
  exportDirectory,
  type HubDatabaseHandle,
  importDirectory,
  openHubDatabase,
} from "@tenprint/hub";
import type { Command } from "commander";
import { fileError, invalidInput, readInput, usageError, writeOutput } from "./cli-errors.js";

const CLI_ACTOR = { actor: "cli", ori: "" };
const dataOption = `embedded database directory (default ${DEFAULT_DATA_DIR})`;

async function withDatabase<T>(
  data: string | undefined,
  mustExist: boolean,
  use: (handle: HubDatabaseHandle) => Promise<T>,
): Promise<T> {
  let handle: HubDatabaseHandle;
  try {
    handle = await openHubDatabase({
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir: data ?? DEFAULT_DATA_DIR,
      mustExist,
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

/** The files an import reads: each PATH a .json or .csv file, or a folder of them. */
function importFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      throw fileError(error, path);
    }
    if (!isFolder) files.push(path);
    else
      files.push(
        ...readdirSync(path)
          .filter((name) => /\.(csv|json)$/i.test(name))
          .sort()
          .map((name) => join(path, name)),
      );
  }
  return files;
}

async function sourcesOf(paths: readonly string[]): Promise<DirectorySource[]> {
  const files = importFiles(paths);
  if (files.length === 0) throw usageError(`no .csv or .json file in ${paths.join(", ")}`);
  const sources: DirectorySource[] = [];
  for (const file of files) {
    const format = /\.json$/i.test(file) ? "json" : /\.csv$/i.test(file) ? "csv" : undefined;
    if (!format) throw usageError(`${file}: a directory file is .json or .csv`);
    sources.push({ file, format, text: Buffer.from(await readInput(file)).toString("utf8") });
  }
  return sources;
}

function summary(report: DirectoryImportReport): string {
  const lines = DIRECTORY_TABLES.map((table) => {
    const c = report.counts[table];
    return `${table.padEnd(14)} ${String(c.created).padStart(6)} created ${String(c.updated).padStart(6)} updated ${String(c.unchanged).padStart(6)} unchanged`;
  });
  for (const change of report.changes.filter((c) => c.action === "UPDATED"))
    lines.push(
      `  ${change.table} ${change.key}: ${Object.entries(change.columns)
        .map(([column, { from, to }]) => `${column} ${JSON.stringify(from)} → ${JSON.stringify(to)}`)
        .join(", ")}`,
    );
  const verdict = !report.changed
    ? "no change: the directory already holds every record as given"
    : report.dryRun
      ? "dry run: nothing was written"
      : "imported in one transaction; each change is an audit event";
  return `${lines.join("\n")}\n${verdict}\n`;
}

function writeExport(
  content: DirectoryContent,
  format: string,
  out: string | undefined,
  table?: DirectoryTable,
) {
  if (format === "json") {
    const text = directoryJson(content);
    return out ? writeOutput(out, text) : process.stdout.write(text);
  }
  if (table) {
    const text = directoryCsv(content, table);
    return out ? writeOutput(out, text) : process.stdout.write(text);
  }
  if (!out)
    throw usageError("--format csv writes one file per table: give -o DIR (or --table T for one table)");
  mkdirSync(out, { recursive: true });
  return Promise.all(
    DIRECTORY_TABLES.map((t) => writeOutput(join(out, `${t}.csv`), directoryCsv(content, t))),
  );
}

function tableOption(value: string | undefined): DirectoryTable | undefined {
  if (value === undefined) return undefined;
  const table = DIRECTORY_TABLES.find((t) => t === value);
  if (!table) throw usageError(`--table must be one of ${DIRECTORY_TABLES.join(", ")}, got ${value}`);
  return table;
}

function formatOption(value: string | undefined): "json" | "csv" {
  const format = value ?? "json";
  if (format !== "json" && format !== "csv") throw usageError(`--format must be json or csv, got ${format}`);
  return format;
}

/**
 * `tenprint directory`: the agencies, jurisdictions (counties and correctional facilities, with their
 * activation, ERO area and receipt preferences), SIB agreements and regions, in the exchange format of
 * docs/directory-format.md, on the hub's database (DATABASE_URL, else the embedded one).
 */
export function registerDirectoryCommands(program: Command): void {
  const directory = program
    .command("directory")
    .description("import and export the agency directory (DATABASE_URL if set, else the embedded database)");
  directory
    .command("import")
    .description(
      "import .json or .csv files (agencies.csv, jurisdictions.csv, agreements.csv, regions.csv) or folders of them: all or nothing, audited",
    )
    .argument("<path...>", "files or folders")
    .option("--dry-run", "check and report what would change; write nothing")
    .option("--json", "print the report (or the problems) as JSON")
    .option("--data <dir>", dataOption)
    .action(async (paths: string[], options: { dryRun?: boolean; json?: boolean; data?: string }) => {
      const sources = await sourcesOf(paths);
      await withDatabase(options.data, false, async ({ db }) => {
        try {
          const report = await importDirectory(db, sources, {
            by: CLI_ACTOR,
            dryRun: options.dryRun ?? false,
          });
          process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
        } catch (error) {
          if (!(error instanceof DirectoryImportError)) throw error;
          process.stdout.write(
            options.json
              ? `${JSON.stringify({ problems: error.problems }, null, 2)}\n`
              : `${error.problems.map(describeProblem).join("\n")}\n`,
          );
          throw invalidInput(
            `${error.problems.length} problem${error.problems.length === 1 ? "" : "s"} in ${sources.length} file${sources.length === 1 ? "" : "s"}; nothing was imported`,
          );
        }
      });
    });
  directory
    .command("export")
    .description("write the directory: JSON (one document) or CSV (one file per table)")
    .option("--format <format>", "json or csv", "json")
    .option("-o, --output <path>", "a file (json, or csv with --table) or a folder (csv); default stdout")
    .option("--table <table>", `csv: only this table (${DIRECTORY_TABLES.join(", ")})`)
    .option("--data <dir>", dataOption)
    .action(async (options: { format?: string; output?: string; table?: string; data?: string }) => {
      const format = formatOption(options.format);
      const table = tableOption(options.table);
      const content = await withDatabase(options.data, true, ({ db }) => exportDirectory(db));
      await writeExport(content, format, options.output, table);
    });
}

/** `tenprint synth directory`: a synthetic state's directory in the exchange format, to try an import on. */
export function registerSynthDirectoryCommand(
  synth: Command,
  build: (state: string, seed: string) => DirectoryContent,
) {
  synth
    .command("directory")
    .description(
      "a synthetic state's directory (agencies, counties, facilities, agreement, regions) to import",
    )
    .requiredOption("--state <XX>", "the state's two-letter code")
    .option("--seed <seed>", "seed", "tenprint")
    .option("--format <format>", "json or csv", "json")
    .option("-o, --output <path>", "a file (json) or a folder (csv); default stdout (json)")
    .action(async (options: { state: string; seed: string; format?: string; output?: string }) => {
      const state = options.state.toUpperCase();
      if (!/^[A-Z]{2}$/.test(state))
        throw usageError(`--state must be a two-letter code, got ${options.state}`);
      let content: DirectoryContent;
      try {
        content = build(state, options.seed);
      } catch (error) {
        throw usageError(`--state ${state}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await writeExport(content, formatOption(options.format), options.output);
    });
}
