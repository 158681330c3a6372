/**
 * The directory's exchange format (docs/directory-format.md): four tables, each a CSV file or an array of
 * the JSON document, with the same column names in both. Rows are read as text, whatever carried them, so
 * one validator serves CSV and JSON and one projection serves import and export.
 */
export const DIRECTORY_FORMAT = "tenprint-directory/1";

export const DIRECTORY_TABLES = ["agencies", "jurisdictions", "agreements", "regions"] as const;
export type DirectoryTable = (typeof DIRECTORY_TABLES)[number];

interface Column {
  readonly name: string;
  readonly required: boolean;
}

const required = (name: string): Column => ({ name, required: true });
const optional = (name: string): Column => ({ name, required: false });

/** Column order is the export's; an import takes the columns in any order. */
export const DIRECTORY_COLUMNS: Readonly<Record<DirectoryTable, readonly Column[]>> = {
  agencies: [
    required("ori"),
    required("kind"),
    required("name"),
    required("state"),
    optional("jurisdiction"),
    optional("parent_ori"),
    optional("attention"),
    optional("phone"),
    optional("time_zone"),
  ],
  jurisdictions: [
    required("id"),
    required("kind"),
    required("name"),
    required("state"),
    optional("county_fips"),
    optional("ero_ori"),
    optional("status"),
    optional("scheduled_on"),
    optional("activated_on"),
    optional("deferred_reason"),
    optional("receipt_idr"),
    optional("receipt_iar"),
  ],
  agreements: [required("sib_ori"), required("state"), required("signed_on"), optional("terminated_on")],
  regions: [required("id"), required("name"), optional("coordinator_ori"), required("states")],
};

export function columnNames(table: DirectoryTable): string[] {
  return DIRECTORY_COLUMNS[table].map((column) => column.name);
}

/** One row as text, wherever it came from; `row` locates it (a CSV line, or a JSON array position from 1). */
export interface DirectoryRow {
  readonly table: DirectoryTable;
  readonly file: string;
  readonly row: number;
  readonly values: Readonly<Record<string, string>>;
}

/** A located problem: the file, the row (CSV line or JSON position), the column, the value and why. */
export interface DirectoryProblem {
  readonly file: string;
  readonly table: DirectoryTable | null;
  readonly row: number | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly reason: string;
}

export function describeProblem(problem: DirectoryProblem): string {
  const where = [
    problem.file,
    problem.row !== null ? `row ${problem.row}` : null,
    problem.column !== null ? `column ${problem.column}` : null,
  ]
    .filter((part) => part !== null)
    .join(", ");
  const value = problem.value !== null ? ` (value ${JSON.stringify(problem.value)})` : "";
  return `${where}: ${problem.reason}${value}`;
}

/** Every problem of an import, all of them: nothing was written. */
export class DirectoryImportError extends Error {
  override name = "DirectoryImportError";
  constructor(readonly problems: readonly DirectoryProblem[]) {
    super(
      `the directory has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was imported:\n${problems
        .slice(0, 50)
        .map(describeProblem)
        .join("\n")}${problems.length > 50 ? `\n… and ${problems.length - 50} more` : ""}`,
    );
  }
}
