import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CsvSyntaxError, parseCsv, writeCsv } from "../src/directory/directory-csv.js";
import { isPostgresDataPath, readPostgresFiles } from "../src/storage/embedded-snapshot.js";
import { readTar, TarError, writeTar } from "../src/storage/tar-archive.js";

describe("directory CSV", () => {
  it("reads quoted commas, quotes and line breaks, and keeps the line each record starts on", () => {
    const text =
      '\ufeffid,name\r\n51001,"Accomack County, VA"\r\n\r\n51003,"Albemarle ""the"" County\nsecond line"\n51005,plain\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["id", "name"] },
      { line: 2, fields: ["51001", "Accomack County, VA"] },
      { line: 4, fields: ["51003", 'Albemarle "the" County\nsecond line'] },
      { line: 6, fields: ["51005", "plain"] },
    ]);
  });

  it("locates a stray quote, text after a closing quote and an unclosed field", () => {
    const line = (text: string) => {
      try {
        parseCsv(text);
        return undefined;
      } catch (error) {
        return (error as CsvSyntaxError).line;
      }
    };
    expect(line('a,b\nx,ab"c\n')).toBe(2);
    expect(line('a,b\nx,"ab"c\n')).toBe(2);
    expect(line('a,b\nx,y\nz,"open\nmore\n')).toBe(3);
  });

  it("writes what it reads back", () => {
    const rows = [
      ["51001", "Accomack County, VA", ""],
      ["51003", 'say "hi"', " padded "],
    ];
    const records = parseCsv(writeCsv(["id", "name", "note"], rows));
    expect(records.map((r) => r.fields)).toEqual([["id", "name", "note"], ...rows]);
  });
});

describe("backup archive", () => {
  it("round-trips files and folders, long names included", () => {
    const long = `base/${"a".repeat(60)}/${"b".repeat(90)}`;
    const entries = [
      { name: "base", type: "directory" as const, mode: 0o700, data: new Uint8Array() },
      { name: "base/1/112", type: "file" as const, mode: 0o600, data: new Uint8Array([1, 2, 3]) },
      { name: long, type: "file" as const, mode: 0o600, data: new Uint8Array(1000).fill(7) },
    ];
    expect(readTar(writeTar(entries))).toEqual(entries);
  });

  it("refuses entries that leave their folder", () => {
    const archive = writeTar([{ name: "pgdata/x", type: "file", mode: 0o600, data: new Uint8Array([1]) }]);
    // Rename the entry in place to ../x (same length), fixing nothing else: the name is what is checked.
    archive.set(new TextEncoder().encode("../../x\0"), 0);
    expect(() => readTar(archive)).toThrow(TarError);
  });

  it("takes only PostgreSQL's files from a data directory: never the master key, socket or lock", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenprint-snapshot-test-"));
    try {
      for (const name of [
        "PG_VERSION",
        "postgresql.conf",
        "master.key",
        "demo-credentials.json",
        "tenprint.lock",
        "hub.log",
        "postmaster.pid",
      ])
        writeFileSync(join(dir, name), name);
      const names = readPostgresFiles(dir)
        .map((e) => e.name)
        .sort();
      expect(names).toEqual(["PG_VERSION", "postgresql.conf"]);
      expect(isPostgresDataPath("pg_wal/000000010000000000000001")).toBe(true);
      expect(isPostgresDataPath("audit-checkpoints.jsonl")).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
