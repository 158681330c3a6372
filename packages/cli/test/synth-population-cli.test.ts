import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseTransaction, validateTransaction } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const scratch = scratchDirectory("synth-cli");

/** Runs `tenprint synth <args>` and expects it to succeed. */
async function run(...args: string[]): Promise<void> {
  const { code, stderr } = await runTenprint(["synth", ...args]);
  expect(code, stderr).toBe(0);
}

/**
 * Runs `tenprint synth <args>` and expects it to fail with `message` on stderr and exit code 2, whether
 * the option parser rejects a value or the generator refuses the options (a SynthOptionError).
 */
async function rejected(args: string[], message: RegExp): Promise<void> {
  const result = await runTenprint(["synth", ...args]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
}

describe("tenprint synth population", () => {
  it("writes people, records, jurisdictions and agencies, identical for the same seed", async () => {
    const a = join(scratch, "pop-a");
    const b = join(scratch, "pop-b");
    await run("population", "--people", "120", "--seed", "cli", "--state", "RI,VT", "-o", a);
    await run("population", "--people", "120", "--seed", "cli", "--state", "RI", "--state", "VT", "-o", b);
    const files = readdirSync(a).sort();
    expect(files).toEqual([
      "agencies.json",
      "criminal-records.ndjson",
      "immigration-records.ndjson",
      "jurisdictions.json",
      "manifest.json",
      "people.ndjson",
    ]);
    for (const file of files) expect(readFileSync(join(b, file))).toEqual(readFileSync(join(a, file)));
    const people = readFileSync(join(a, "people.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(people).toHaveLength(120);
    expect(people.every((p) => p.synthetic === true && ["RI", "VT"].includes(p.residence.state))).toBe(true);
    const jurisdictions = JSON.parse(readFileSync(join(a, "jurisdictions.json"), "utf8"));
    expect(jurisdictions.jurisdictions).toHaveLength(19);
  });

  it("rejects impossible parameters before writing anything", async () => {
    const untouched = join(scratch, "never-created");
    await rejected(["population", "--people", "-3", "-o", untouched], /--people/);
    await rejected(["population", "--people", "2.5", "-o", untouched], /whole number/);
    await rejected(["population", "--people", "5", "--state", "XY", "-o", untouched], /unknown state/);
    await rejected(
      ["population", "--people", "5", "--reference-date", "2011-02-30", "-o", untouched],
      /^tenprint synth population: referenceDate: "2011-02-30" is not a YYYY-MM-DD date/,
    );
    const file = join(scratch, "a-file");
    writeFileSync(file, "x");
    await rejected(["population", "--people", "5", "-o", file], /not a directory/);
    await rejected(["population", "--people", "5", "-o", "/proc/tenprint-synth"], /cannot write/);
    expect(readdirSync(scratch)).not.toContain("never-created");
  });
});

describe("tenprint synth bookings", () => {
  it("writes CAR files that validate clean and a ground truth line per booking", async () => {
    const out = join(scratch, "bookings");
    await run("bookings", "--count", "2", "--seed", "cli", "--state", "RI", "--images", "sketch", "-o", out);
    const cars = readdirSync(out).filter((name) => name.endsWith(".eft"));
    expect(cars).toHaveLength(2);
    for (const car of cars)
      expect(validateTransaction(parseTransaction(readFileSync(join(out, car))))).toEqual([]);
    const truth = readFileSync(join(out, "ground-truth.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(truth.map((b) => `${b.tcn}.eft`).sort()).toEqual(cars.sort());
    expect(truth.every((b) => b.state === "RI" && b.truth.synthetic === true)).toBe(true);
    const people = new Set(
      readFileSync(join(out, "people.ndjson"), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).id),
    );
    expect(truth.every((b) => people.has(b.truth.personId))).toBe(true);
    expect(readdirSync(out)).toEqual(
      expect.arrayContaining(["jurisdictions.json", "agencies.json", "manifest.json"]),
    );
  });

  it("rejects impossible parameters before generating", async () => {
    const out = join(scratch, "bad-bookings");
    await rejected(["bookings", "--count", "-1", "-o", out], /--count/);
    await rejected(["bookings", "--count", "1", "--state", "QQ", "-o", out], /unknown state/);
    await rejected(["bookings", "--count", "1", "--per-day", "0", "-o", out], /bookings a day/);
    await rejected(["bookings", "--count", "1", "--images", "photo", "-o", out], /engine, sketch/);
    await rejected(["bookings", "--count", "1", "--compression", "jpeg", "-o", out], /wsq, none/);
    expect(readdirSync(scratch)).not.toContain("bad-bookings");
  });
});
