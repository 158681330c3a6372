import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTemplate, sniffTemplateFormat, writeTemplate } from "@tenprint/afis";
import { encodePng } from "@tenprint/nist/image";
import { syntheticTemplate } from "@tenprint/synth";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const work = scratchDirectory("afis-cli");

/** Concentric ridges with a few breaks: a fingerprint-like image the extractor can work on. */
function ridgeImage(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x - width / 2, (y - height / 2) * 0.8);
      const broken = Math.sin(x / 23) * Math.cos(y / 19) > 0.85 ? 1 : 0;
      pixels[y * width + x] = Math.round(128 + 100 * Math.cos((2 * Math.PI * r) / 9 + broken * Math.PI));
    }
  }
  return pixels;
}

/** Impression `impression` of synthetic finger `identity` (or of that person's finger at `position`). */
const fingerTemplate = (identity: number, impression: number, position?: number) =>
  syntheticTemplate({ seed: 1, identity, finger: position, impression });

const write = (path: string, bytes: Uint8Array) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, bytes);
};

describe("tenprint afis", () => {
  // A synthetic master finger (impression 0: all its minutiae) and a plain impression of it.
  const finger = fingerTemplate(42, 0);
  const a = join(work, "a.tpt");
  const b = join(work, "b.iso");
  const other = join(work, "other.ist");
  write(a, writeTemplate(finger, "tenprint"));
  write(b, writeTemplate(fingerTemplate(42, 1), "iso19794-2"));
  write(other, writeTemplate(fingerTemplate(43, 1), "ansi378"));

  it("extract writes a template of the chosen format from an image", async () => {
    const png = join(work, "print.png");
    write(png, encodePng({ width: 300, height: 300, ppi: 500, pixels: ridgeImage(300, 300) }));
    for (const format of ["tenprint", "iso19794-2", "ansi378"]) {
      const out = join(work, `print.${format}`);
      const result = await runTenprint(["afis", "extract", png, "--format", format, "-o", out]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`${format}, \\d+ minutiae`));
      const bytes = new Uint8Array(readFileSync(out));
      expect(sniffTemplateFormat(bytes)).toBe(format);
      expect(readTemplate(bytes).width).toBe(300);
    }
  });

  it("compare scores templates of any format, gives the verdict at the calibrated threshold and explains", async () => {
    const mated = await runTenprint(["afis", "compare", a, b, "--explain"]);
    expect(mated.code).toBe(0);
    expect(mated.stdout).toMatch(/^match at FMR 0\.0001 \(threshold [\d.]+\): score [\d.]+ \(/);
    const score = Number(/score ([\d.]+)/.exec(mated.stdout)![1]);
    expect(mated.stdout).toMatch(/alignment: rotate candidate/);
    expect(mated.stdout).toMatch(/\d+ paired minutiae/);
    const unrelated = await runTenprint(["afis", "compare", a, other, "--json"]);
    expect(unrelated.code).toBe(1);
    const json = JSON.parse(unrelated.stdout) as Record<string, unknown>;
    expect(json.score).toBeLessThan(score / 2);
    expect(json.fmr).toBeGreaterThan(1e-3);
    expect(json).toMatchObject({ match: false, verdict: "no match", thresholdFmr: 1e-4 });
    expect(json.threshold).toBeGreaterThan(json.score as number);
    const lenient = await runTenprint(["afis", "compare", a, other, "--fmr", "0.9"]);
    expect(lenient.stdout).toMatch(/^match at FMR 0\.9 /);
  });

  it("compare rejects an unreadable input with exit code 1 and names the problem", async () => {
    const bad = join(work, "bad.iso");
    const bytes = writeTemplate(finger, "iso19794-2").slice(0, 40);
    new DataView(bytes.buffer).setUint32(8, 40);
    write(bad, bytes);
    const result = await runTenprint(["afis", "compare", a, bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.iso: finger view 0 minutiae at byte 28/);
  });

  it("eval runs the FVC protocol per folder and writes every pair's score", async () => {
    const root = join(work, "fvc");
    for (const db of ["DB1_A", "DB2_B"]) {
      for (let f = 1; f <= 3; f++) {
        const identity = 100 * (db === "DB2_B" ? 2 : 1) + f;
        for (let i = 1; i <= 3; i++) {
          write(join(root, db, `10${f}_${i}.iso`), writeTemplate(fingerTemplate(identity, i), "iso19794-2"));
        }
      }
    }
    const scores = join(work, "scores.txt");
    const result = await runTenprint(["afis", "eval", root, "--json", "--scores", scores]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      databases: {
        database: string;
        ppi: number;
        all: { eer: number; genuineCount: number; impostorCount: number };
      }[];
    };
    expect(json.databases.map((d) => [d.database, d.ppi])).toEqual([
      ["DB1_A", 500],
      ["DB2_B", 569],
    ]);
    expect(json.databases[0]!.all.genuineCount).toBe(9);
    expect(json.databases[0]!.all.impostorCount).toBe(27);
    const lines = readFileSync(scores, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2 * 36);
    expect(lines[0]).toMatch(/^DB1_A\/101_1\.iso DB1_A\/101_2\.iso \d+\.\d+$/);
    const table = await runTenprint(["afis", "eval", root, "--ppi-map", "DB2_B=600"]);
    expect(table.stdout).toMatch(/DB2_B\s+600/);
    expect(table.stdout).toMatch(/average/);
  });

  it("identify ranks the enrolled identity first", async () => {
    const gallery = join(work, "gallery");
    for (let person = 0; person < 6; person++) {
      for (const position of [1, 2, 6]) {
        write(
          join(gallery, `person${person}`, `0${position}.tpt`),
          writeTemplate(fingerTemplate(7000 + person, 1, position), "tenprint"),
        );
      }
    }
    const probe = join(work, "probe");
    for (const position of [1, 6]) {
      write(
        join(probe, `0${position}.iso`),
        writeTemplate(fingerTemplate(7000 + 4, 2, position), "iso19794-2"),
      );
    }
    const result = await runTenprint([
      "afis",
      "identify",
      probe,
      "--gallery",
      gallery,
      "--workers",
      "0",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      candidates: { identity: string; fingers: { position: number }[] }[];
    };
    expect(json.candidates[0]!.identity).toBe("person4");
    expect(json.candidates[0]!.fingers.map((f) => f.position)).toEqual([1, 6]);
    const single = await runTenprint([
      "afis",
      "identify",
      join(probe, "06.iso"),
      "--gallery",
      gallery,
      "--position",
      "6",
      "--workers",
      "0",
    ]);
    expect(single.stdout).toMatch(/^1\. person4 /m);
  });

  it("bench prints speed figures", async () => {
    const result = await runTenprint(["afis", "bench", "--identities", "30", "--workers", "0", "--json"]);
    expect(result.code).toBe(0);
    const figures = JSON.parse(result.stdout);
    expect(figures).toMatchObject({ identities: 30, workers: 0, searches: 5 });
    expect(figures.comparisonsPerSecond).toBeGreaterThan(0);
    expect(figures.rank1).toBeGreaterThanOrEqual(0);
  });
});
