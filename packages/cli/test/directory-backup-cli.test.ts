import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const work = scratchDirectory("directory-backup");
const dataDir = join(work, "data");
const files = join(work, "va");

describe("tenprint directory, backup and restore", () => {
  it("imports a state's directory all or nothing, idempotently, backs it up and restores it verified", async () => {
    const synth = await runTenprint(["synth", "directory", "--state", "VA", "--format", "csv", "-o", files]);
    expect(synth.code, synth.stderr).toBe(0);
    expect(existsSync(join(files, "agencies.csv"))).toBe(true);

    // A broken copy: every problem printed with file, row and column; exit 1; nothing written.
    const broken = join(work, "broken");
    await runTenprint(["synth", "directory", "--state", "VA", "--format", "csv", "-o", broken]);
    const agencies = readFileSync(join(broken, "agencies.csv"), "utf8").split("\n");
    agencies[29] = (agencies[29] ?? "").replace(",LEA,", ",POLICE,");
    writeFileSync(join(broken, "agencies.csv"), agencies.join("\n"));
    const refused = await runTenprint(["directory", "import", broken, "--data", dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("agencies.csv, row 30, column kind: must be one of");
    expect(refused.stderr).toBe("tenprint directory import: 1 problem in 4 files; nothing was imported\n");

    const dry = await runTenprint(["directory", "import", files, "--dry-run", "--data", dataDir]);
    expect(dry.stdout).toContain("dry run: nothing was written");
    const first = await runTenprint(["directory", "import", files, "--json", "--data", dataDir]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).counts.agencies.created).toBe(
      agencies.filter((l) => l.trim()).length - 1,
    );
    const again = await runTenprint(["directory", "import", files, "--data", dataDir]);
    expect(again.stdout).toContain("no change: the directory already holds every record as given");

    const exported = join(work, "exported");
    expect(
      (await runTenprint(["directory", "export", "--format", "csv", "-o", exported, "--data", dataDir])).code,
    ).toBe(0);
    const roundTrip = await runTenprint(["directory", "import", exported, "--data", dataDir]);
    expect(roundTrip.stdout).toContain("no change");

    const backupFile = join(work, "va.backup");
    const backup = await runTenprint(["backup", "-o", backupFile, "--data", dataDir]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/audit events .* schema \d{4}-/);
    const restoredDir = join(work, "restored");
    const restore = await runTenprint(["restore", backupFile, "--data", restoredDir]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/audit chain ok: \d+ events, head [0-9a-f]{64} \(the backup's\)/);
    const verify = await runTenprint(["audit", "verify", "--data", restoredDir]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^audit chain ok/);
    const exportedAgain = await runTenprint(["directory", "export", "--data", restoredDir]);
    const original = await runTenprint(["directory", "export", "--data", dataDir]);
    expect(exportedAgain.stdout).toBe(original.stdout);

    const asJson = await runTenprint([
      "restore",
      backupFile,
      "--data",
      join(work, "restored-json"),
      "--json",
    ]);
    expect(asJson.code, asJson.stderr).toBe(0);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      file: backupFile,
      dataDir: join(work, "restored-json"),
      manifest: { format: expect.any(String), files: expect.any(Number) },
      audit: { ok: true, events: expect.any(Number) },
      counts: expect.objectContaining({ transactions: 0 }),
    });

    const overwrite = await runTenprint(["restore", backupFile, "--data", restoredDir]);
    expect(overwrite.code).toBe(1);
    expect(overwrite.stderr).toContain("is not empty");
    process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:1/none";
    try {
      const server = await runTenprint(["backup", "-o", backupFile]);
      expect(server.code).toBe(2);
      expect(server.stderr).toContain("pg_dump -Fc");
    } finally {
      delete process.env.DATABASE_URL;
    }
  }, 600_000);
});
