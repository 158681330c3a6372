import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTemplate, writeTenprintTemplate } from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const scratch = scratchDirectory("synth-gallery");

describe("tenprint synth gallery", () => {
  it("writes a template gallery that afis identify searches", async () => {
    const gallery = join(scratch, "gallery");
    const run = await runTenprint([
      "synth",
      "gallery",
      "--identities",
      "12",
      "--fingers",
      "3",
      "--seed",
      "4",
      "--workers",
      "1",
      "-o",
      gallery,
    ]);
    expect(run.code).toBe(0);
    const folders = readdirSync(gallery).filter((name) => /^synthetic-\d+$/.test(name));
    expect(folders).toHaveLength(12);
    expect(readdirSync(join(gallery, "synthetic-0000007")).sort()).toEqual([
      "01_plain.tpt",
      "02_plain.tpt",
      "03_plain.tpt",
    ]);
    const stored = readTemplate(
      new Uint8Array(readFileSync(join(gallery, "synthetic-0000007", "02_plain.tpt"))),
    );
    const expected = syntheticTemplate({ seed: 4, identity: 7, finger: 2, impression: 1 });
    expect(stored.minutiae).toHaveLength(expected.minutiae.length);
    expect(JSON.parse(readFileSync(join(gallery, "synthetic-gallery.json"), "utf8")).synthetic).toBe(true);

    const probe = join(scratch, "probe");
    mkdirSync(probe);
    for (const position of [1, 3]) {
      const template = syntheticTemplate({ seed: 4, identity: 7, finger: position, impression: 2 });
      writeFileSync(join(probe, `0${position}.tpt`), writeTenprintTemplate(template));
    }
    const search = await runTenprint(["afis", "identify", probe, "--gallery", gallery, "--workers", "0"]);
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/^1\. synthetic-0000007 /m);
  });

  it("rejects impossible parameters with exit code 2 before writing anything", async () => {
    const cases: [string[], RegExp][] = [
      [["--identities", "0", "-o", join(scratch, "zero")], /identities/],
      [["--identities", "5", "--fingers", "11", "-o", join(scratch, "eleven")], /fingers/],
      [["--identities", "5", "--workers", "-1", "-o", join(scratch, "workers")], /workers/],
      [["-o", join(scratch, "none")], /identities: is required/],
      [["--identities", "5"], /output: is required/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runTenprint(["synth", "gallery", ...args]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    }
    expect(existsSync(join(scratch, "zero"))).toBe(false);
  });
});
