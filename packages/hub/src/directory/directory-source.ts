import { CsvSyntaxError, parseCsv } from "./directory-csv.js";
import {
  DIRECTORY_COLUMNS,
  DIRECTORY_FORMAT,
  DIRECTORY_TABLES,
  type DirectoryProblem,
  type DirectoryRow,
  type DirectoryTable,
} from "./directory-format.js";

export interface ReadRows {
  readonly rows: DirectoryRow[];
  readonly problems: DirectoryProblem[];
}

/** The table a CSV file holds, from its name: `agencies.csv`, `va-agencies.csv`, `VA_jurisdictions.csv`. */
export function csvTableOf(fileName: string): DirectoryTable | undefined {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? "";
  return DIRECTORY_TABLES.find(
    (table) => base === `${table}.csv` || base.endsWith(`-${table}.csv`) || base.endsWith(`_${table}.csv`),
  );
}

function problem(
  file: string,
  table: DirectoryTable | null,
  row: number | null,
  column: string | null,
  value: string | null,
  reason: string,
): DirectoryProblem {
  return { file, table, row, column, value, reason };
}

/** One table's CSV: a header naming the columns (any order), then one row per record. */
export function rowsFromCsv(file: string, table: DirectoryTable, text: string): ReadRows {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      return {
        rows: [],
        problems: [problem(file, table, error.line, null, null, `field ${error.column}: ${error.problem}`)],
      };
    throw error;
  }
  const [header, ...body] = records;
  if (!header)
    return {
      rows: [],
      problems: [problem(file, table, 1, null, null, "the file is empty: a header row is needed")],
    };
  const known = DIRECTORY_COLUMNS[table];
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const problems: DirectoryProblem[] = [];
  names.forEach((name, index) => {
    if (!known.some((column) => column.name === name))
      problems.push(
        problem(
          file,
          table,
          header.line,
          name,
          null,
          `unknown column in ${table}; the columns are ${known.map((c) => c.name).join(", ")}`,
        ),
      );
    else if (names.indexOf(name) !== index)
      problems.push(problem(file, table, header.line, name, null, "the column appears twice"));
  });
  for (const column of known)
    if (column.required && !names.includes(column.name))
      problems.push(
        problem(
          file,
          table,
          header.line,
          column.name,
          null,
          `the header lacks the required column ${column.name}`,
        ),
      );
  if (problems.length > 0) return { rows: [], problems };
  const rows: DirectoryRow[] = [];
  for (const record of body) {
    if (record.fields.length !== names.length) {
      problems.push(
        problem(
          file,
          table,
          record.line,
          null,
          null,
          `${record.fields.length} fields where the header has ${names.length}`,
        ),
      );
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((name, index) => {
      values[name] = (record.fields[index] ?? "").trim();
    });
    rows.push({ table, file, row: record.line, values });
  }
  return { rows, problems };
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join(" ");
  return undefined;
}

/** The JSON document: `{"format": "tenprint-directory/1", "agencies": [...], ...}`, tables optional. */
export function rowsFromJson(file: string, text: string): ReadRows {
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return {
      rows: [],
      problems: [problem(file, null, null, null, null, `not JSON: ${(error as Error).message}`)],
    };
  }
  if (typeof document !== "object" || document === null || Array.isArray(document))
    return {
      rows: [],
      problems: [problem(file, null, null, null, null, "the document must be a JSON object of tables")],
    };
  const problems: DirectoryProblem[] = [];
  const rows: DirectoryRow[] = [];
  const entries = Object.entries(document as Record<string, unknown>);
  const format = (document as Record<string, unknown>).format;
  if (format !== undefined && format !== DIRECTORY_FORMAT)
    problems.push(problem(file, null, null, "format", String(format), `this hub reads ${DIRECTORY_FORMAT}`));
  for (const [key, value] of entries) {
    if (key === "format") continue;
    const table = DIRECTORY_TABLES.find((t) => t === key);
    if (!table) {
      problems.push(
        problem(file, null, null, key, null, `unknown table; the tables are ${DIRECTORY_TABLES.join(", ")}`),
      );
      continue;
    }
    if (!Array.isArray(value)) {
      problems.push(problem(file, table, null, null, null, `${table} must be an array of objects`));
      continue;
    }
    const known = DIRECTORY_COLUMNS[table];
    value.forEach((item, index) => {
      const row = index + 1;
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        problems.push(problem(file, table, row, null, null, "each row must be an object"));
        return;
      }
      const values: Record<string, string> = {};
      for (const [name, raw] of Object.entries(item as Record<string, unknown>)) {
        if (!known.some((column) => column.name === name)) {
          problems.push(
            problem(
              file,
              table,
              row,
              name,
              null,
              `unknown column in ${table}; the columns are ${known.map((c) => c.name).join(", ")}`,
            ),
          );
          continue;
        }
        const text = textOf(raw);
        if (text === undefined) {
          problems.push(
            problem(
              file,
              table,
              row,
              name,
              JSON.stringify(raw),
              "must be a string, number, boolean, null or (states) an array of strings",
            ),
          );
          continue;
        }
        values[name] = text;
      }
      // The row's other cells are still checked, so one pass reports everything.
      rows.push({ table, file, row, values });
    });
  }
  return { rows, problems };
}
