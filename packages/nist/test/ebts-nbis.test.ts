import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type EbtsProblem, parseTransaction, validateTransaction } from "../src/index.js";
import { hasSharedData, readShared, SHARED_FINGERPRINTS } from "./shared-data.js";

const DIR = "nbis-an2k-testdata";

function validateFile(name: string): EbtsProblem[] {
  return validateTransaction(parseTransaction(readShared(join(DIR, name))));
}

describe.skipIf(!hasSharedData)(
  "EBTS validation of the NBIS AN2K test files (older EBTS, VER 0200/0201)",
  () => {
    const files = hasSharedData
      ? readdirSync(join(SHARED_FINGERPRINTS, DIR)).filter((f) => f.endsWith(".an2"))
      : [];

    it("validates every file without throwing and warns about the pre-2007 version", () => {
      expect(files.length).toBeGreaterThan(10);
      for (const file of files) {
        const problems = validateFile(file);
        expect(problems, file).toContainEqual(expect.objectContaining({ tag: "1.002", severity: "warning" }));
        for (const problem of problems) {
          expect(problem.reason.length, file).toBeGreaterThan(10);
          expect(problem.tag, file).toMatch(/^\d{1,2}\.\d{3}$/);
        }
      }
    });

    it("rejects CARs built from Type-3/5/6 images, which EBTS no longer admits", () => {
      for (const [file, type] of [
        ["type_3_wvu.an2", 3],
        ["type_5_wvu.an2", 5],
        ["type_6_wvu.an2", 6],
      ] as const) {
        expect(validateFile(file).map((p) => p.reason)).toEqual(
          expect.arrayContaining([
            "CAR takes 1-14 Type-4 or Type-14 records, found 0",
            `CAR does not allow Type-${type} records, found 14`,
          ]),
        );
      }
    });

    it("finds the made-up agency identifiers and impossible dates of valid1.1", () => {
      const problems = validateFile("valid1.1.an2");
      expect(problems.filter((p) => p.tag === "2.073").map((p) => p.reason)).toEqual([
        '"3488343" has 7 characters; CRI takes 9',
        '"3488343" does not start with a two-letter state or country code',
      ]);
      expect(problems).toContainEqual(
        expect.objectContaining({ tag: "2.045", reason: expect.stringMatching(/before the date of birth/) }),
      );
    });

    it("notices Type-14 headers that disagree with their WSQ frame (valid1.8) or are not WSQ at all (valid1.16)", () => {
      expect(
        validateFile("valid1.8.an2")
          .filter((p) => p.tag === "14.999")
          .map((p) => p.reason),
      ).toEqual([
        "the WSQ frame is 1600 x 976 pixels but HLL x VLL says 1800 x 1000",
        "the WSQ frame is 1600 x 976 pixels but HLL x VLL says 1800 x 1000",
        "the WSQ frame is 1600 x 800 pixels but HLL x VLL says 1800 x 900",
      ]);
      expect(validateFile("valid1.16.an2")).toContainEqual(
        expect.objectContaining({
          tag: "14.999",
          reason: expect.stringMatching(/does not start with the WSQ SOI marker/),
        }),
      );
    });

    it("reports TOTs without a profile (NFUF, TPIS) once and still checks image records", () => {
      const problems = validateFile("valid1.7.an2");
      expect(problems.filter((p) => p.tag === "1.004")).toHaveLength(1);
      expect(problems).toContainEqual(
        expect.objectContaining({ recordIndex: 2, tag: "14.013", mnemonic: "FGP" }),
      );
    });
  },
);
