import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type NistTransaction, serializeTransaction, textField } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const NBIS_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/data/fingerprints/nbis-an2k-testdata/valid1.1.an2",
);
const hasNbis = existsSync(NBIS_FILE);
if (!hasNbis) console.warn(`NBIS test file not found at ${NBIS_FILE}: the test on it is skipped`);

const work = scratchDirectory("nist-cli");

const transaction: NistTransaction = {
  records: [
    { kind: "tagged", type: 1, fields: [textField(2, "0502"), textField(4, "CAR"), textField(9, "TCN1")] },
    {
      kind: "tagged",
      type: 2,
      fields: [
        textField(2, "00"),
        textField(18, "ROE,JANE"),
        textField(47, [
          ["20250101", "0102"],
          ["20240202", "2399"],
        ]),
      ],
    },
    {
      kind: "tagged",
      type: 14,
      fields: [
        textField(2, "01"),
        textField(3, "0"),
        { kind: "data", number: 999, data: new Uint8Array(40).fill(0x1c) },
      ],
    },
  ],
};
const sample = join(work, "sample.an2");
writeFileSync(sample, serializeTransaction(transaction));

describe("tenprint nist", () => {
  it("dump --json prints every field under its tag", async () => {
    const { code, stdout } = await runTenprint(["nist", "dump", sample, "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.records.map((record: { type: number }) => record.type)).toEqual([1, 2, 14]);
    expect(json.records[0].fields).toEqual({
      "1.001": expect.stringMatching(/^\d+$/),
      "1.002": "0502",
      "1.003": "1\x1f2\x1e2\x1f00\x1e14\x1f01",
      "1.004": "CAR",
      "1.009": "TCN1",
    });
    expect(json.records[1].fields["2.047"]).toBe("20250101\x1f0102\x1e20240202\x1f2399");
    expect(json.records[2].fields["14.999"]).toEqual({ bytes: 40 });
  });

  it("dump lists records and fields for people", async () => {
    const { code, stdout } = await runTenprint(["nist", "dump", sample]);
    expect(code).toBe(0);
    expect(stdout).toContain("record 2: Type-14 (tagged, 4 fields)");
    expect(stdout).toMatch(/2\.018\s+ROE,JANE/);
    expect(stdout).toMatch(/2\.047\s+20250101␟0102␞20240202␟2399/);
    expect(stdout).toMatch(/14\.999\s+<40 bytes>/);
  });

  it("rewrite writes the same bytes", async () => {
    const out = join(work, "rewritten.an2");
    const { code } = await runTenprint(["nist", "rewrite", sample, out]);
    expect(code).toBe(0);
    expect(Buffer.compare(readFileSync(out), readFileSync(sample))).toBe(0);
  });

  it("reports a malformed file on stderr with exit code 1", async () => {
    const broken = join(work, "broken.an2");
    const whole = readFileSync(sample);
    writeFileSync(broken, whole.subarray(0, whole.length - 10));
    const { code, stdout, stderr } = await runTenprint(["nist", "dump", broken, "--json"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /broken\.an2: record 2 \(Type-14\), byte \d+: LEN \d+ runs past the end of the file/,
    );
  });

  it.skipIf(!hasNbis)("dumps the NBIS file valid1.1.an2", async () => {
    const { code, stdout } = await runTenprint(["nist", "dump", NBIS_FILE, "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.records[0].fields["1.002"]).toBe("0201");
    expect(json.records[1].fields["2.018"]).toBe("JOHN,CLINTON");
    expect(json.records[2].fields["4.009"]).toEqual({ bytes: 14846 });
  });
});
