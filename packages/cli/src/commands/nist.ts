import {
  BINARY_RECORD_LAYOUTS,
  type BinaryRecord,
  binaryRecordLength,
  fieldText,
  formatTag,
  NistError,
  type NistRecord,
  type NistTransaction,
  parseTransaction,
  serializeTransaction,
} from "@tenprint/nist";
import type { Command } from "commander";
import { invalidInput, readInput, writeOutput } from "./cli-errors.js";
import { registerNistEbtsCommands } from "./nist-ebts.js";

export function registerNistCommands(program: Command): void {
  const nist = program
    .command("nist")
    .description("ANSI/NIST-ITL transactions: dump, validate, rewrite, build");

  nist
    .command("dump")
    .description("list records and fields of an ANSI/NIST-ITL file (traditional encoding)")
    .argument("<file>", "transaction file")
    .option(
      "--json",
      'print {"records":[{"type":2,"fields":{"2.018":"..."}}]}: every field under its canonical tag, ' +
        "text as transmitted (subfields joined by RS, items by US), binary data as {bytes: N}",
    )
    .action(async (file: string, options: { json?: boolean }) => {
      const transaction = await readTransaction(file);
      process.stdout.write(
        options.json ? `${JSON.stringify(toJson(transaction))}\n` : formatListing(transaction),
      );
    });

  nist
    .command("rewrite")
    .description("parse and write back a transaction; byte-identical for a well-formed input")
    .argument("<in>", "transaction file to read")
    .argument("<out>", "file to write")
    .action(async (input: string, output: string) => {
      const transaction = await readTransaction(input);
      const bytes = serializeTransaction(transaction);
      await writeOutput(output, bytes);
      process.stdout.write(`${output}: ${transaction.records.length} records, ${bytes.length} bytes\n`);
    });

  registerNistEbtsCommands(nist);
}

/** Reads and parses a file: missing, exit 2; malformed, exit 1 with the NistError's record and offset. */
export async function readTransaction(file: string): Promise<NistTransaction> {
  const bytes = await readInput(file);
  try {
    return parseTransaction(bytes);
  } catch (error) {
    if (error instanceof NistError) throw invalidInput(`${file}: ${error.message}`, error);
    throw error;
  }
}

type JsonValue = string | { bytes: number };

interface DumpedField {
  readonly tag: string;
  readonly mnemonic?: string;
  readonly spelling?: string;
  readonly value: JsonValue;
}

/** Binary records have no tags; they are numbered by header position (4.001 LEN ... 4.009 data). */
function binaryFields(record: BinaryRecord): DumpedField[] {
  const fields: DumpedField[] = [
    { tag: formatTag(record.type, 1), mnemonic: "LEN", value: String(binaryRecordLength(record)) },
  ];
  for (const item of BINARY_RECORD_LAYOUTS[record.type].items) {
    const value = record.header[item.mnemonic];
    fields.push({
      tag: formatTag(record.type, fields.length + 1),
      mnemonic: item.mnemonic,
      value: typeof value === "number" ? String(value) : (value ?? []).join("\x1e"),
    });
  }
  fields.push({
    tag: formatTag(record.type, fields.length + 1),
    mnemonic: "DATA",
    value: { bytes: record.data.length },
  });
  return fields;
}

function recordFields(record: NistRecord): DumpedField[] {
  if (record.kind === "binary") return binaryFields(record);
  return record.fields.map((field) => {
    const value = field.kind === "data" ? { bytes: field.data.length } : fieldText(field);
    const tag = formatTag(record.type, field.number);
    return field.spelling === undefined ? { tag, value } : { tag, spelling: field.spelling, value };
  });
}

function toJson(transaction: NistTransaction): {
  records: { type: number; fields: Record<string, JsonValue> }[];
} {
  return {
    records: transaction.records.map((record) => ({
      type: record.type,
      fields: Object.fromEntries(recordFields(record).map((field) => [field.tag, field.value])),
    })),
  };
}

function formatListing(transaction: NistTransaction): string {
  const lines: string[] = [];
  for (const [index, record] of transaction.records.entries()) {
    const fields = recordFields(record);
    lines.push(`record ${index}: Type-${record.type} (${record.kind}, ${fields.length} fields)`);
    for (const field of fields) {
      const label = field.mnemonic ?? (field.spelling === undefined ? "" : `(${field.spelling})`);
      const value = typeof field.value === "string" ? showText(field.value) : `<${field.value.bytes} bytes>`;
      lines.push(`  ${field.tag.padEnd(7)} ${label.padEnd(6)} ${value}`.trimEnd());
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Makes separators and other control characters visible: RS as ␞, US as ␟, the rest as \xNN. */
function showText(text: string): string {
  let shown = "";
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code === 0x1e) shown += "␞";
    else if (code === 0x1f) shown += "␟";
    else if (code < 0x20 || code === 0x7f) shown += `\\x${code.toString(16).padStart(2, "0")}`;
    else shown += character;
  }
  return shown;
}
