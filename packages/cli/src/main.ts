import type { Command } from "commander";
import { commandPath, failureOf, prefixCommanderErrors } from "./commands/cli-errors.js";
import { buildProgram, invokedCommand } from "./program.js";

/**
 * Runs the command line and returns the process exit code (0, 1 or 2: packages/cli/README.md). Every
 * failure is printed here, once, as `tenprint <command>: <message>`.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // Only the module of the command being run is imported (packages/cli/src/program.ts).
  const program = await buildProgram(invokedCommand(argv));
  let running: Command = program;
  program.hook("preAction", (_program, action) => {
    running = action;
  });
  prefixCommanderErrors(program);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    const { exitCode, message } = failureOf(error);
    if (message !== undefined) process.stderr.write(`${commandPath(running)}: ${message}\n`);
    return exitCode;
  }
}
