import { CsvError, parse } from "csv-parse/sync";

/**
 * RFC 4180 CSV, as spreadsheets write it, read with csv-parse: quoted fields may hold commas, quotes ("")
 * and line breaks; CRLF or LF; a UTF-8 byte order mark is ignored. Each record keeps the line it starts
 * on, and a syntax error names its line and field, so a problem can be located where the operator will
 * look for it.
 */
export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    /** 1-based field of the record where the problem is. */
    readonly column: number,
    /** What is wrong, without its location. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`line ${line}, field ${column}: ${problem}`, options);
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** What csv-parse's error codes mean to someone fixing the file in a spreadsheet or an editor. */
const PROBLEMS: Readonly<Record<string, string>> = {
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field, write "" for ")',
  CSV_INVALID_CLOSING_QUOTE: "text after a quoted field's closing quote",
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed",
};

/** The first byte of the next record at or after `offset`: past record delimiters and blank lines. */
function recordStart(bytes: Uint8Array, offset: number): number {
  let at = offset;
  while (at < bytes.length) {
    if (bytes[at] === LF) at++;
    else if (bytes[at] === CR && bytes[at + 1] === LF) at += 2;
    else break;
  }
  return at;
}

/** 1-based line of the byte at `offset` (LF is one byte in UTF-8, so counting bytes counts lines). */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset; at++) if (bytes[at] === LF) line++;
  return line;
}

export function parseCsv(text: string): CsvRecord[] {
  const bytes = Buffer.from(text, "utf8");
  // Where the record being read started: after the last one csv-parse finished (its `bytes` count
  // includes the byte order mark and the record's delimiter).
  let previousEnd = 0;
  const starts: number[] = [];
  let rows: string[][];
  try {
    rows = parse(bytes, {
      bom: true,
      record_delimiter: ["\r\n", "\n"],
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        starts.push(recordStart(bytes, previousEnd));
        previousEnd = context.bytes;
        return record;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const problem = PROBLEMS[error.code] ?? error.message;
    // csv-parse counts a CRLF inside a quoted field as two lines, so lines are counted here, from bytes:
    // an unclosed quote is found at the end of the file, so point at the record it opened in; otherwise
    // at the field in error, which starts after the `bytes` csv-parse had read (its delimiter included).
    const record = recordStart(bytes, previousEnd);
    const line = lineAt(
      bytes,
      error.code === "CSV_QUOTE_NOT_CLOSED" ? record : Math.max(record, Number(error.bytes)),
    );
    const column = Number(error.column ?? 0) + 1;
    throw new CsvSyntaxError(line, column, problem, { cause: error });
  }
  return rows.map((fields, index) => ({ line: lineAt(bytes, starts[index] ?? 0), fields }));
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Header and rows, CRLF-free (LF) with quoting only where a field needs it. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => `${row.map(quote).join(",")}\n`).join("");
}
