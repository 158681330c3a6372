import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  it("names the line and field of a syntax error, past blank lines and multi-line fields", () => {
    const error = (text: string) => {
      try {
        parseCsv(text);
        return undefined;
      } catch (caught) {
        const { line, column, message } = caught as CsvSyntaxError;
        return { line, column, message };
      }
    };
    expect(error('id,name\r\n\r\n51001,"Accomack\r\nCounty"\r\n51003,Al"bemarle\r\n')).toEqual({
      line: 5,
      column: 2,
      message: 'line 5, field 2: a quote inside an unquoted field (quote the whole field, write "" for ")',
    });
    expect(error('id,name,note\n51001,"Ünïcode, VA"x,\n')).toEqual({
      line: 2,
      column: 2,
      message: "line 2, field 2: text after a quoted field's closing quote",
    });
    expect(error('id,name\n\n\n51001,ok\n\n51003,"open\nmore\n\n')).toEqual({
      line: 6,
      column: 2,
      message: "line 6, field 2: a quoted field is never closed",
    });
  });

  it("counts lines in characters beyond ASCII and keeps a bare carriage return as text", () => {
    expect(parseCsv('nom,ville\n"Zoë\nO\'Brien",Montréal\nb\rc,d\n')).toEqual([
      { line: 1, fields: ["nom", "ville"] },
      { line: 2, fields: ["Zoë\nO'Brien", "Montréal"] },
      { line: 4, fields: ["b\rc", "d"] },
    ]);
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
  it("round-trips files and folders, long names included", async () => {
    const long = `base/${"a".repeat(60)}/${"b".repeat(90)}`;
    const entries = [
      { name: "base", type: "directory" as const, mode: 0o700, data: new Uint8Array() },
      { name: "base/1/112", type: "file" as const, mode: 0o600, data: new Uint8Array([1, 2, 3]) },
      { name: long, type: "file" as const, mode: 0o600, data: new Uint8Array(1000).fill(7) },
    ];
    expect(await readTar(await writeTar(entries))).toEqual(entries);
  });

  it("writes what GNU tar lists and extracts, long names included", async () => {
    const long = `base/${"a".repeat(120)}/${"b".repeat(150)}`;
    const dir = mkdtempSync(join(tmpdir(), "tenprint-tar-test-"));
    try {
      const archive = join(dir, "backup.tar");
      writeFileSync(
        archive,
        await writeTar([
          { name: "base", type: "directory", mode: 0o700, data: new Uint8Array() },
          { name: "base/1/112", type: "file", mode: 0o600, data: new TextEncoder().encode("one") },
          { name: long, type: "file", mode: 0o640, data: new TextEncoder().encode("long") },
        ]),
      );
      expect(execFileSync("tar", ["-tf", archive], { encoding: "utf8" }).trim().split("\n")).toEqual([
        "base/",
        "base/1/112",
        long,
      ]);
      execFileSync("tar", ["-xf", archive, "-C", dir]);
      expect(readFileSync(join(dir, long), "utf8")).toBe("long");
      expect(readFileSync(join(dir, "base/1/112"), "utf8")).toBe("one");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads what GNU tar writes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tenprint-tar-test-"));
    try {
      writeFileSync(join(dir, "PG_VERSION"), "17\n");
      const archive = execFileSync("tar", ["-cf", "-", "-C", dir, "PG_VERSION"]);
      expect(await readTar(new Uint8Array(archive))).toMatchObject([
        { name: "PG_VERSION", type: "file", data: new TextEncoder().encode("17\n") },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses entries that leave their folder", async () => {
    const archive = await writeTar([
      { name: "pgdata/x", type: "file", mode: 0o600, data: new Uint8Array([1]) },
    ]);
    // Rename the entry in place to ../x (same length), fixing nothing else: the name is what is checked.
    archive.set(new TextEncoder().encode("../../x\0"), 0);
    await expect(readTar(archive)).rejects.toThrow(TarError);
    const escaping = await writeTar([
      { name: "../../x", type: "file", mode: 0o600, data: new Uint8Array([1]) },
    ]);
    await expect(readTar(escaping)).rejects.toThrow('tar entry "../../x" leaves its folder');
  });

  it("refuses links, and says what is wrong with a damaged archive", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tenprint-tar-test-"));
    try {
      writeFileSync(join(dir, "target"), "x");
      execFileSync("ln", ["-s", "target", join(dir, "link")]);
      const archive = execFileSync("tar", ["-cf", "-", "-C", dir, "link"]);
      await expect(readTar(new Uint8Array(archive))).rejects.toThrow(
        "tar entry link is of type symlink: only files and folders are read",
      );
      await expect(readTar(new Uint8Array(archive.subarray(0, 300)))).rejects.toThrow(TarError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
