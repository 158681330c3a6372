import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTenprint } from "./run-tenprint.js";

describe("tenprint retention and purge", () => {
  const data = mkdtempSync(join(tmpdir(), "tenprint-retention-cli-"));
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it("sets a policy, reports a dry run as JSON, and refuses an unknown repository with exit 1", async () => {
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
    const wrong = await runTenprint(["retention", "prints", "civil", "delete", "--data", data]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      "tenprint retention prints: repository civil is not one of criminal, ident",
    );
  }, 180_000);
});
