import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeWsq, encodeWsq, parseTransaction, serializeTransaction, textField } from "@tenprint/nist";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/main.js";

const here = dirname(fileURLToPath(import.meta.url));
const exampleSpec = resolve(here, "../examples/synthetic-car.json");
const nbisDir = resolve(here, "../../../../shared/data/fingerprints/nbis-an2k-testdata");
const hasNbis = existsSync(nbisDir);
if (!hasNbis) console.warn(`NBIS AN2K files not found at ${nbisDir}: the CLI test on them is skipped`);

let out = "";
let err = "";

beforeEach(() => {
  out = "";
  err = "";
  process.exitCode = undefined;
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const work = mkdtempSync(join(tmpdir(), "tenprint-ebts-cli-"));

/** A synthetic 8-bit ramp (not a fingerprint), WSQ-encoded by the library. */
function syntheticWsq(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % width) * 3 + Math.floor(i / width)) % 256;
  return encodeWsq({ width, height, ppi: 500, pixels });
}

describe("tenprint nist build / validate", () => {
  it("builds the synthetic example spec into a CAR that validates", async () => {
    const output = join(work, "example.an2");
    expect(await main(["nist", "build", exampleSpec, "-o", output])).toBe(0);
    expect(out).toMatch(/CAR with 4 records/);
    out = "";
    expect(await main(["nist", "validate", output, "--profile", "ebts"])).toBe(0);
    expect(out).toBe(`${output}: valid (4 records)\n`);
  });

  it("prints one line per problem and exits 1 for an invalid transaction", async () => {
    const built = join(work, "example-for-breaking.an2");
    await main(["nist", "build", exampleSpec, "-o", built]);
    const tx = parseTransaction(new Uint8Array(readFileSync(built)));
    const broken = {
      records: tx.records.map((record, index) =>
        index === 1 && record.kind === "tagged"
          ? {
              ...record,
              fields: record.fields.map((f) =>
                f.number === 24 ? textField(24, "Q") : f.number === 22 ? textField(22, "19900231") : f,
              ),
            }
          : record,
      ),
    };
    const file = join(work, "broken.an2");
    writeFileSync(file, serializeTransaction(broken));
    out = "";
    expect(await main(["nist", "validate", file])).toBe(1);
    expect(out.trim().split("\n")).toEqual([
      'record 1 field 2.022 DOB: "19900231" is not a real date in CCYYMMDD form (or 00000000 when unknown)',
      'record 1 field 2.024 SEX: "Q" is not a SEX code (M, F, X, G, N, Y, Z)',
    ]);
    out = "";
    expect(await main(["nist", "validate", file, "--json"])).toBe(1);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ file, valid: false, records: 4 });
    expect(report.problems.map((p: { tag: string }) => p.tag)).toEqual(["2.022", "2.024"]);
    out = "";
    expect(await main(["nist", "validate", file, "--profile", "SRE"])).toBe(1);
    expect(out).toMatch(
      /record 0 field 1.004 TOT: TOT is "CAR" but the transaction is checked against the SRE profile/,
    );
  });

  it("reports a malformed file with the parser's message", async () => {
    const file = join(work, "truncated.an2");
    writeFileSync(file, "1.001:500\x1d1.002:0400\x1c");
    expect(await main(["nist", "validate", file])).toBe(1);
    expect(err).toMatch(/record 0 \(Type-1\)/);
    expect(out).toBe("");
  });

  it("rejects an unknown profile name and a missing file", async () => {
    expect(await main(["nist", "validate", join(work, "missing.an2")])).toBe(1);
    expect(err).toMatch(/ENOENT/);
    err = "";
    expect(await main(["nist", "validate", join(work, "missing.an2"), "--profile", "XYZ"])).toBe(1);
    expect(err).toMatch(/unknown profile "XYZ"/);
  });

  it("embeds WSQ files as-is and WSQ-encodes other images", async () => {
    const wsq = syntheticWsq(200, 300);
    writeFileSync(join(work, "f1.wsq"), wsq);
    const spec = JSON.parse(readFileSync(exampleSpec, "utf8"));
    spec.tot = "CNA";
    spec.fingers = [
      { fgp: 1, imp: 1, file: "f1.wsq" },
      { fgp: 12, imp: 0, file: resolve(dirname(exampleSpec), "synthetic-finger-12.png") },
    ];
    const specFile = join(work, "wsq-spec.json");
    writeFileSync(specFile, JSON.stringify(spec));
    const output = join(work, "wsq.an2");
    expect(await main(["nist", "build", specFile, "-o", output])).toBe(0);
    const tx = parseTransaction(new Uint8Array(readFileSync(output)));
    const value = (record: number, n: number) => {
      const found = tx.records[record];
      return found?.kind === "tagged" ? found.fields.find((f) => f.number === n) : undefined;
    };
    expect(value(2, 6)).toMatchObject({ subfields: [["200"]] });
    expect(value(2, 7)).toMatchObject({ subfields: [["300"]] });
    expect(value(2, 11)).toMatchObject({ subfields: [["WSQ20"]] });
    expect(value(2, 999)).toMatchObject({ kind: "data", data: wsq });
    expect(value(3, 11)).toMatchObject({ subfields: [["WSQ20"]] });
    expect(value(3, 6)).toMatchObject({ subfields: [["160"]] });
    const encoded = value(3, 999);
    expect(encoded?.kind === "data" && decodeWsq(encoded.data).height).toBe(200);
  });

  it("reports unreadable images and raw bytes without a size", async () => {
    writeFileSync(join(work, "broken.wsq"), Uint8Array.of(0xff, 0xa0, 0xff, 0xa8, 0x00));
    writeFileSync(join(work, "finger.raw"), new Uint8Array(100));
    const spec = JSON.parse(readFileSync(exampleSpec, "utf8"));
    const specFile = join(work, "broken-spec.json");
    writeFileSync(specFile, JSON.stringify({ ...spec, fingers: [{ fgp: 1, imp: 1, file: "broken.wsq" }] }));
    expect(await main(["nist", "build", specFile, "-o", join(work, "z.an2")])).toBe(1);
    expect(err.length).toBeGreaterThan(0);
    err = "";
    writeFileSync(
      specFile,
      JSON.stringify({ ...spec, fingers: [{ fgp: 1, imp: 1, file: "finger.raw", compression: "NONE" }] }),
    );
    expect(await main(["nist", "build", specFile, "-o", join(work, "z.an2")])).toBe(1);
    expect(err).toMatch(/"width" and "height" are required/);
    err = "";
    writeFileSync(
      specFile,
      JSON.stringify({
        ...spec,
        fingers: [{ fgp: 1, imp: 1, file: "finger.raw", compression: "NONE", width: 10, height: 10 }],
      }),
    );
    expect(await main(["nist", "build", specFile, "-o", join(work, "z.an2")])).toBe(0);
  });

  it("explains spec mistakes: JSON shape by path, EBTS rules by field", async () => {
    const spec = JSON.parse(readFileSync(exampleSpec, "utf8"));
    const base = dirname(exampleSpec);
    spec.fingers = spec.fingers.map((f: { file: string }) => ({ ...f, file: join(base, f.file) }));
    const badShape = join(work, "bad-shape.json");
    writeFileSync(badShape, JSON.stringify({ ...spec, subject: { ...spec.subject, heightInches: "tall" } }));
    expect(await main(["nist", "build", badShape, "-o", join(work, "x.an2")])).toBe(1);
    expect(err).toMatch(/spec\.subject\.heightInches: expected a number/);
    err = "";
    const badCodes = join(work, "bad-codes.json");
    writeFileSync(
      badCodes,
      JSON.stringify({ ...spec, subject: { ...spec.subject, sex: "Q", eyeColor: "PURPLE" } }),
    );
    expect(await main(["nist", "build", badCodes, "-o", join(work, "y.an2")])).toBe(1);
    expect(err).toMatch(/cannot build a valid CAR/);
    expect(err).toMatch(/record 1 field 2.024 SEX/);
    expect(err).toMatch(/record 1 field 2.031 EYE/);
    expect(existsSync(join(work, "y.an2"))).toBe(false);
  });

  describe.skipIf(!hasNbis)("on the NBIS AN2K files", () => {
    it("lists the problems of an older EBTS file", async () => {
      expect(await main(["nist", "validate", join(nbisDir, "valid1.3.an2")])).toBe(1);
      const lines = out.trim().split("\n");
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(line).toMatch(/^record \d+ field \d+\.\d{3} [A-Z-]+: .+/);
    });
  });
});
