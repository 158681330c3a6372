/**
 * RFC 4180 CSV, as spreadsheets write it: quoted fields may hold commas, quotes ("") and line breaks;
 * CRLF or LF; a UTF-8 byte order mark is ignored. Each record keeps the line it starts on, so a problem
 * can be located where the operator will look for it.
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
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;
  let closed = false;
  const endField = () => {
    fields.push(field);
    field = "";
    fieldStarted = false;
    closed = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is no record (spreadsheets leave them at the end).
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          closed = true;
        }
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (fieldStarted)
        throw new CsvSyntaxError(
          line,
          'a quote inside an unquoted field (quote the whole field, write "" for ")',
        );
      quoted = true;
      fieldStarted = true;
    } else if (c === ",") endField();
    else if (c === "\r" && source[i + 1] === "\n") {
      // CRLF: the LF ends the record.
    } else if (c === "\n") {
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (closed) throw new CsvSyntaxError(line, "text after a quoted field's closing quote");
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, "a quoted field is never closed");
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Header and rows, CRLF-free (LF) with quoting only where a field needs it. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => `${row.map(quote).join(",")}\n`).join("");
}
