import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const work = scratchDirectory("conventions");
const missing = join(work, "no-such-file.eft");
const text = join(work, "notes.txt");
writeFileSync(text, "hello, this is not a fingerprint\n");

describe("one convention for errors and exit codes", () => {
  it("prints the version from the package manifest", async () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const result = await runTenprint(["--version"]);
    expect(result).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
  });

  it.each([
    ["nist dump", ["nist", "dump", missing]],
    ["nist validate", ["nist", "validate", missing]],
    ["nist rewrite", ["nist", "rewrite", missing, join(work, "out.eft")]],
    ["nist build", ["nist", "build", missing, "-o", join(work, "out.eft")]],
    ["wsq decode", ["wsq", "decode", missing, join(work, "out.png")]],
    ["wsq encode", ["wsq", "encode", missing, join(work, "out.wsq")]],
    ["afis extract", ["afis", "extract", missing, "-o", join(work, "out.tpt")]],
    ["afis compare", ["afis", "compare", missing, missing]],
  ])("%s: a missing file is named, in words, with exit 2", async (command, args) => {
    const { code, stdout, stderr } = await runTenprint(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`tenprint ${command}: ${missing}: no such file or directory\n`);
  });

  it("names a directory given for a file, with exit 2", async () => {
    const dump = await runTenprint(["nist", "dump", work]);
    expect(dump).toMatchObject({
      code: 2,
      stderr: `tenprint nist dump: ${work}: is a directory, not a file\n`,
    });
    const decode = await runTenprint(["wsq", "decode", work, join(work, "out.png")]);
    expect(decode).toMatchObject({
      code: 2,
      stderr: `tenprint wsq decode: ${work}: is a directory, not a file\n`,
    });
  });

  it("afis extract on a text file says what it reads, without an option it does not have", async () => {
    const { code, stderr } = await runTenprint(["afis", "extract", text, "-o", join(work, "x.tpt")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^tenprint afis extract: .*notes\.txt: not a fingerprint image or template \(first bytes 68 65 6c 6c\)/,
    );
    expect(stderr).toContain("tenprint wsq encode IN OUT.wsq --raw WxH");
    expect(stderr).not.toMatch(/pass raw width/);
  });

  it("usage mistakes exit 2 with the command's prefix, commander's own included", async () => {
    const unknownOption = await runTenprint(["nist", "dump", "--bogus", missing]);
    expect(unknownOption).toMatchObject({
      code: 2,
      stderr: "tenprint nist dump: unknown option '--bogus'\n",
    });
    const missingArgument = await runTenprint(["wsq", "decode"]);
    expect(missingArgument.code).toBe(2);
    expect(missingArgument.stderr).toBe("tenprint wsq decode: missing required argument 'in'\n");
    const badValue = await runTenprint(["afis", "compare", text, text, "--ppi", "many"]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/^tenprint afis compare: option '--ppi <n>' argument 'many' is invalid/);
    const profile = await runTenprint(["nist", "validate", text, "--profile", "XYZ"]);
    expect(profile).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^tenprint nist validate: --profile: unknown profile "XYZ"/),
    });
  });
});
