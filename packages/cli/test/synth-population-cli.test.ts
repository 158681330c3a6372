import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseTransaction, validateTransaction } from "@tenprint/nist";
import { SynthOptionError } from "@tenprint/synth";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { registerSynthPopulationCommands } from "../src/commands/synth-population.js";

const scratch = mkdtempSync(join(tmpdir(), "tenprint-synth-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(...args: string[]): Promise<void> {
  const program = new Command("tenprint")
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerSynthPopulationCommands(program.command("synth").exitOverride());
  for (const command of program.commands.flatMap((c) => [c, ...c.commands])) {
    command.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  }
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    await program.parseAsync(["synth", ...args], { from: "user" });
  } finally {
    process.stdout.write = write;
  }
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
    await expect(run("population", "--people", "-3", "-o", untouched)).rejects.toThrow(/--people/);
    await expect(run("population", "--people", "2.5", "-o", untouched)).rejects.toThrow(/whole number/);
    await expect(run("population", "--people", "5", "--state", "XY", "-o", untouched)).rejects.toThrow(
      /unknown state/,
    );
    await expect(
      run("population", "--people", "5", "--reference-date", "2011-02-30", "-o", untouched),
    ).rejects.toThrow(SynthOptionError);
    const file = join(scratch, "a-file");
    writeFileSync(file, "x");
    await expect(run("population", "--people", "5", "-o", file)).rejects.toThrow(/not a directory/);
    await expect(run("population", "--people", "5", "-o", "/proc/tenprint-synth")).rejects.toThrow(
      /cannot write/,
    );
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
    await expect(run("bookings", "--count", "-1", "-o", out)).rejects.toThrow(/--count/);
    await expect(run("bookings", "--count", "1", "--state", "QQ", "-o", out)).rejects.toThrow(
      /unknown state/,
    );
    await expect(run("bookings", "--count", "1", "--per-day", "0", "-o", out)).rejects.toThrow(
      /bookings a day/,
    );
    await expect(run("bookings", "--count", "1", "--images", "photo", "-o", out)).rejects.toThrow(
      /engine, sketch/,
    );
    await expect(run("bookings", "--count", "1", "--compression", "jpeg", "-o", out)).rejects.toThrow(
      /wsq, none/,
    );
    expect(readdirSync(scratch)).not.toContain("bad-bookings");
  });
});
