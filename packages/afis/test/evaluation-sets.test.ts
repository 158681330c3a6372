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
