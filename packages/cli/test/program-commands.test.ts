import { Help } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, COMMANDS, invokedCommand } from "../src/program.js";

describe("commands load when they run", () => {
  it("lists in the light table every top-level command the modules register, as they describe it", async () => {
    const program = await buildProgram("all");
    const help = new Help();
    const registered = program.commands.map((command) => ({
      term: help.subcommandTerm(command),
      description: command.description(),
    }));
    expect(
      COMMANDS.map((entry) => ({
        term: entry.term === undefined ? entry.name : `${entry.name} ${entry.term}`,
        description: entry.description,
      })),
    ).toEqual(registered);
  });

  it("prints the same --help without loading any command module", async () => {
    const light = await buildProgram(undefined);
    const full = await buildProgram("all");
    expect(light.commands.every((command) => command.commands.length === 0)).toBe(true);
    expect(light.helpInformation()).toBe(full.helpInformation());
  });

  it("loads only the module of the command being run", async () => {
    const program = await buildProgram(invokedCommand(["nist", "dump", "file.eft"]));
    const loaded = program.commands.filter((command) => command.commands.length > 0).map((c) => c.name());
    expect(loaded).toEqual(["nist"]);
    expect(invokedCommand(["--json", "help", "backup"])).toBe("backup");
    expect(invokedCommand(["--version"])).toBeUndefined();
  });
});
