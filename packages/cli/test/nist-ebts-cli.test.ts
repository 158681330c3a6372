import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeWsq, encodeWsq, parseTransaction, serializeTransaction, textField } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const here = dirname(fileURLToPath(import.meta.url));
const exampleSpec = resolve(here, "../examples/synthetic-car.json");
const nbisDir = resolve(here, "../../../../shared/data/fingerprints/nbis-an2k-testdata");
const hasNbis = existsSync(nbisDir);
if (!hasNbis) console.warn(`NBIS AN2K files not found at ${nbisDir}: the CLI test on them is skipped`);

const work = scratchDirectory("ebts-cli");

/** A synthetic 8-bit ramp (not a fingerprint), WSQ-encoded by the library. */
function syntheticWsq(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % width) * 3 + Math.floor(i / width)) % 256;
  return encodeWsq({ width, height, ppi: 500, pixels });
}

describe("tenprint nist build / validate", () => {
  it("names in its help an example spec that exists where the user is", async () => {
    const help = await runTenprint(["nist", "build", "--help"]);
    expect(help.code).toBe(0);
    const named = /\(example: (\S+)\)/.exec(help.stdout.replace(/\s+/g, " "))?.[1] ?? "";
    expect(resolve(named)).toBe(exampleSpec);
  });

  it("builds the synthetic example spec into a CAR that validates", async () => {
    const output = join(work, "example.an2");
    const built = await runTenprint(["nist", "build", exampleSpec, "-o", output]);
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/CAR with 4 records/);
    const validated = await runTenprint(["nist", "validate", output, "--profile", "ebts"]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toBe(`${output}: valid (4 records)\n`);
  });

  it("prints one line per problem and exits 1 for an invalid transaction", async () => {
    const built = join(work, "example-for-breaking.an2");
    await runTenprint(["nist", "build", exampleSpec, "-o", built]);
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
    const lines = await runTenprint(["nist", "validate", file]);
    expect(lines.code).toBe(1);
    expect(lines.stdout.trim().split("\n")).toEqual([
      'record 1 field 2.022 DOB: "19900231" is not a real date in CCYYMMDD form (or 00000000 when unknown)',
      'record 1 field 2.024 SEX: "Q" is not a SEX code (M, F, X, G, N, Y, Z)',
    ]);
    const json = await runTenprint(["nist", "validate", file, "--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ file, valid: false, records: 4 });
    expect(report.problems.map((p: { tag: string }) => p.tag)).toEqual(["2.022", "2.024"]);
    const sre = await runTenprint(["nist", "validate", file, "--profile", "SRE"]);
    expect(sre.code).toBe(1);
    expect(sre.stdout).toMatch(
      /record 0 field 1.004 TOT: TOT is "CAR" but the transaction is checked against the SRE profile/,
    );
  });

  it("reports a malformed file with the parser's message", async () => {
    const file = join(work, "truncated.an2");
    writeFileSync(file, "1.001:500\x1d1.002:0400\x1c");
    const { code, stdout, stderr } = await runTenprint(["nist", "validate", file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/record 0 \(Type-1\)/);
    expect(stdout).toBe("");
  });

  it("rejects an unknown profile name and a missing file", async () => {
    const missing = await runTenprint(["nist", "validate", join(work, "missing.an2")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.an2: no such file or directory/);
    const unknown = await runTenprint(["nist", "validate", join(work, "missing.an2"), "--profile", "XYZ"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown profile "XYZ"/);
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
    expect((await runTenprint(["nist", "build", specFile, "-o", output])).code).toBe(0);
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
    const unreadable = await runTenprint(["nist", "build", specFile, "-o", join(work, "z.an2")]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr.length).toBeGreaterThan(0);
    writeFileSync(
      specFile,
      JSON.stringify({ ...spec, fingers: [{ fgp: 1, imp: 1, file: "finger.raw", compression: "NONE" }] }),
    );
    const sizeless = await runTenprint(["nist", "build", specFile, "-o", join(work, "z.an2")]);
    expect(sizeless.code).toBe(1);
    expect(sizeless.stderr).toMatch(/"width" and "height" are required/);
    writeFileSync(
      specFile,
      JSON.stringify({
        ...spec,
        fingers: [{ fgp: 1, imp: 1, file: "finger.raw", compression: "NONE", width: 10, height: 10 }],
      }),
    );
    expect((await runTenprint(["nist", "build", specFile, "-o", join(work, "z.an2")])).code).toBe(0);
  });

  it("explains spec mistakes: JSON shape by path, EBTS rules by field", async () => {
    const spec = JSON.parse(readFileSync(exampleSpec, "utf8"));
    const base = dirname(exampleSpec);
    spec.fingers = spec.fingers.map((f: { file: string }) => ({ ...f, file: join(base, f.file) }));
    const badShape = join(work, "bad-shape.json");
    writeFileSync(badShape, JSON.stringify({ ...spec, subject: { ...spec.subject, heightInches: "tall" } }));
    const shape = await runTenprint(["nist", "build", badShape, "-o", join(work, "x.an2")]);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toMatch(/spec\.subject\.heightInches: expected a number/);
    const badCodes = join(work, "bad-codes.json");
    writeFileSync(
      badCodes,
      JSON.stringify({ ...spec, subject: { ...spec.subject, sex: "Q", eyeColor: "PURPLE" } }),
    );
    const codes = await runTenprint(["nist", "build", badCodes, "-o", join(work, "y.an2")]);
    expect(codes.code).toBe(1);
    expect(codes.stderr).toMatch(/cannot build a valid CAR/);
    expect(codes.stderr).toMatch(/record 1 field 2.024 SEX/);
    expect(codes.stderr).toMatch(/record 1 field 2.031 EYE/);
    expect(existsSync(join(work, "y.an2"))).toBe(false);
  });

  describe.skipIf(!hasNbis)("on the NBIS AN2K files", () => {
    it("lists the problems of an older EBTS file", async () => {
      const { code, stdout } = await runTenprint(["nist", "validate", join(nbisDir, "valid1.3.an2")]);
      expect(code).toBe(1);
      const lines = stdout.trim().split("\n");
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(line).toMatch(/^record \d+ field \d+\.\d{3} [A-Z-]+: .+/);
    });
  });
});
