import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodeImage } from "@tenprint/nist/image";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const scratch = scratchDirectory("synth-finger");

const synth = (...args: string[]) => runTenprint(["synth", ...args]);

describe("tenprint synth finger / dataset", () => {
  it("writes a master and an impression as 500 ppi PNGs", async () => {
    const master = join(scratch, "master.png");
    const impression = join(scratch, "impression.png");
    expect((await synth("finger", "--seed", "7", "--class", "whorl", "-o", master)).code).toBe(0);
    expect(
      (await synth("finger", "--seed", "7", "--class", "whorl", "--impression", "2", "-o", impression)).code,
    ).toBe(0);
    const a = decodeImage(readFileSync(master));
    const b = decodeImage(readFileSync(impression));
    expect([a.width, a.height, Math.round(a.ppi)]).toEqual([448, 576, 500]);
    expect([b.width, b.height]).toEqual([288, 384]);
  });

  it("writes an FVC-style dataset numbered from 101 with a synthetic-data manifest", async () => {
    const directory = join(scratch, "set", "nested");
    const run = await synth(
      "dataset",
      "--fingers",
      "2",
      "--impressions",
      "2",
      "--seed",
      "5",
      "-o",
      directory,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `4 synthetic images (2 fingers × 2 impressions, plain, 500 ppi, png) FFF_I.png and synthetic-dataset.json → ${directory}\n`,
    );
    expect(readdirSync(directory).sort()).toEqual([
      "101_1.png",
      "101_2.png",
      "102_1.png",
      "102_2.png",
      "synthetic-dataset.json",
    ]);
    const manifest = JSON.parse(readFileSync(join(directory, "synthetic-dataset.json"), "utf8"));
    expect(manifest.synthetic).toBe(true);
    expect(manifest.fingers).toHaveLength(2);
  });

  it("rejects impossible parameters with exit code 2 before doing any work", async () => {
    const file = join(scratch, "a-file");
    writeFileSync(file, "x");
    const cases: [string[], RegExp][] = [
      [["dataset", "--fingers", "-3", "--impressions", "2", "-o", join(scratch, "neg")], /fingers/],
      [["dataset", "--fingers", "3", "--impressions", "0", "-o", join(scratch, "zero")], /impressions/],
      [["finger", "--seed", "1", "--class", "spiral", "-o", join(scratch, "c.png")], /class.*spiral/],
      [["finger", "--seed", "1", "--ppi", "90", "-o", join(scratch, "p.png")], /ppi/],
      [["finger", "--seed", "1", "-o", join(scratch, "missing-dir", "f.png")], /does not exist/],
      [["finger", "--seed", "1", "-o", join(scratch, "f.jpg")], /extension/],
      [["dataset", "--fingers", "2", "--impressions", "1", "-o", file], /not a directory/],
      [["finger", "-o", join(scratch, "s.png")], /seed: is required/],
      [["dataset", "--fingers", "2", "-o", join(scratch, "no-impressions")], /impressions: is required/],
      [["dataset", "--fingers", "2", "--impressions", "1"], /output: is required/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await synth(...args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    }
    expect(existsSync(join(scratch, "neg"))).toBe(false);
    expect(existsSync(join(scratch, "c.png"))).toBe(false);
  });
});
