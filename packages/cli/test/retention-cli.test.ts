import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTenprint } from "./run-tenprint.js";

describe("tenprint retention and purge", () => {
  const data = mkdtempSync(join(tmpdir(), "tenprint-retention-cli-"));
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it("sets a policy, reports it and a dry run as JSON, and refuses wrong arguments with exit 2", async () => {
    const set = await runTenprint(["retention", "messages", "ERRT", "90", "--data", data]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("ERRT messages: kept 90 days");
    const dry = await runTenprint(["purge", "--dry-run", "--json", "--data", data]);
    expect(dry.code, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report).toMatchObject({
      dryRun: true,
      prints: { purged: 0 },
      policies: { prints: { criminal: true, ident: false }, messageDays: { ERRT: 90 } },
    });
    expect(report.messages).toEqual([expect.objectContaining({ type: "ERRT", keepDays: 90, deleted: 0 })]);
    const shown = await runTenprint(["retention", "show", "--json", "--data", data]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({
      prints: { criminal: true, ident: false },
      messageDays: { ERRT: 90 },
    });
    // A wrong argument is a usage error (2), as everywhere: 1 is kept for invalid input and "no".
    const wrong = await runTenprint(["retention", "prints", "civil", "delete", "--data", data]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      "tenprint retention prints: repository civil is not one of criminal, ident",
    );
    const days = await runTenprint(["retention", "messages", "ERRT", "soon", "--data", data]);
    expect(days).toMatchObject({
      code: 2,
      stderr: "tenprint retention messages: the second argument must be a number of days or keep, got soon\n",
    });
  }, 400_000);
});
