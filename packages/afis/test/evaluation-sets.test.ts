import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type EvaluationSetManifest, splitFingers } from "../src/evaluation/evaluation-sets.js";

describe("tuning and validation split", () => {
  const fingers = Array.from({ length: 10 }, (_, i) => String(101 + i));

  it("halves the fingers, the same way every time, and depends on the salt", () => {
    const split = splitFingers(fingers, "salt-a");
    const tuning = fingers.filter((finger) => split.get(finger) === "tuning");
    expect(tuning).toHaveLength(5);
    expect(splitFingers([...fingers].reverse(), "salt-a")).toEqual(split);
    const other = splitFingers(fingers, "salt-b");
    expect(fingers.some((finger) => other.get(finger) !== split.get(finger))).toBe(true);
  });

  it("gives the extra finger of an odd count to validation and ignores repeats", () => {
    const split = splitFingers(["1", "2", "3", "3"], "salt-a");
    expect([...split.values()].filter((set) => set === "validation")).toHaveLength(2);
    expect(split.size).toBe(3);
  });
});

const dataRoot = join(import.meta.dirname, "../../../../shared/data/fingerprints");
const manifest = JSON.parse(
  readFileSync(join(import.meta.dirname, "../data/fingerprint-sets.json"), "utf8"),
) as EvaluationSetManifest;

describe("the recorded split (packages/afis/data/fingerprint-sets.json)", () => {
  it("is the rule's split, by finger and the same in every database, half and half", () => {
    const split = splitFingers(
      manifest.entries.map((entry) => entry.finger),
      manifest.salt,
    );
    for (const entry of manifest.entries) expect(entry.set, entry.path).toBe(split.get(entry.finger));
    const tuning = manifest.entries.filter((entry) => entry.set === "tuning").length;
    expect(tuning * 2).toBe(manifest.entries.length);
  });

  it.skipIf(!existsSync(dataRoot))(
    "names the real prints as they are, SHA-256 of every file (skipped without ../shared/data/fingerprints)",
    () => {
      for (const entry of manifest.entries) {
        const digest = createHash("sha256")
          .update(readFileSync(join(dataRoot, entry.path)))
          .digest("hex");
        expect(digest, entry.path).toBe(entry.sha256);
      }
    },
  );
});

/** The further public sets (validation only); their images stay outside the repository. */
interface ExtraDatabase {
  readonly name: string;
  readonly folder: string;
  readonly ppi: number;
  readonly source: string;
  readonly licence: string;
  readonly files: readonly { readonly path: string; readonly finger: string; readonly sha256: string }[];
}
const extraRoot = process.env.TENPRINT_EXTRA_SETS ?? "/work/shared-extra";
const extra = (
  JSON.parse(readFileSync(join(import.meta.dirname, "../data/extra-validation-sets.json"), "utf8")) as {
    databases: ExtraDatabase[];
  }
).databases;

describe("the further validation sets (packages/afis/data/extra-validation-sets.json)", () => {
  it("say where each set came from and under which licence, and give every finger several impressions", () => {
    expect(extra.length).toBeGreaterThan(0);
    for (const database of extra) {
      expect(database.source, database.name).toMatch(/github\.com\/[^/\s]+\/[^/\s]+ @ [0-9a-f]{7}/);
      expect(database.licence.length, database.name).toBeGreaterThan(0);
      expect(database.ppi, database.name).toBeGreaterThanOrEqual(250);
      const perFinger = new Map<string, number>();
      for (const file of database.files) {
        expect(file.sha256, file.path).toMatch(/^[0-9a-f]{64}$/);
        expect(file.path.startsWith(`${file.finger}_`), file.path).toBe(true);
        perFinger.set(file.finger, (perFinger.get(file.finger) ?? 0) + 1);
      }
      expect(new Set(database.files.map((file) => file.path)).size).toBe(database.files.length);
      // The FVC protocol needs genuine pairs (two impressions) and impostor pairs (two fingers).
      expect(perFinger.size, database.name).toBeGreaterThanOrEqual(2);
      for (const [finger, count] of perFinger)
        expect(count, `${database.name} ${finger}`).toBeGreaterThanOrEqual(2);
    }
  });

  for (const database of extra) {
    const folder = join(extraRoot, database.folder);
    if (!existsSync(folder)) console.log(`${database.name} not found at ${folder}: its hash check skipped`);
    it.skipIf(!existsSync(folder))(
      `names ${database.name}'s images as they are (skipped without ${folder})`,
      () => {
        for (const file of database.files) {
          const digest = createHash("sha256")
            .update(readFileSync(join(folder, file.path)))
            .digest("hex");
          expect(digest, file.path).toBe(file.sha256);
        }
      },
    );
  }
});
