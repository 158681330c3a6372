import { readFileSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { type Command, CommanderError } from "commander";

/**
 * The exit codes of every tenprint command (packages/cli/README.md):
 * 0 done, the answer is yes; 1 the input is invalid or the answer is no (a malformed file, a failed
 * validation, a broken audit chain); 2 the command could not do its job (a wrong option or argument, a
 * file that cannot be read or written, a database that cannot be opened).
 */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/**
 * What a command throws to end itself. `main` prints the message as `tenprint <command>: <message>` on
 * stderr and exits with the code, so commands never write their own prefix.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: typeof EXIT_INVALID | typeof EXIT_USAGE;

  constructor(
    exitCode: typeof EXIT_INVALID | typeof EXIT_USAGE,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** The input was read and is wrong (exit 1): say which file, and which record, field or byte. */
export function invalidInput(message: string, cause?: unknown): CliError {
  return new CliError(EXIT_INVALID, message, cause === undefined ? undefined : { cause });
}

/** The command was called wrongly (exit 2): say which option or argument, and what it accepts. */
export function usageError(message: string): CliError {
  return new CliError(EXIT_USAGE, message);
}

/** Node's file-system errors carry the failed system call; other coded errors (pg, commander) do not. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error && typeof error.code === "string" && "syscall" in error;
}

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "already exists",
  ENOSPC: "no space left on the device",
  EROFS: "read-only file system",
  EMFILE: "too many open files",
};

/** A file-system error in words, led by the path (Node's EISDIR on read carries no path of its own). */
export function describeFileError(error: NodeJS.ErrnoException, path?: string): string {
  const where = path ?? error.path ?? "(unknown path)";
  const problem = FILE_PROBLEMS[error.code ?? ""];
  return problem ? `${where}: ${problem}` : `${where}: ${error.message}`;
}

/** An I/O failure on `path` as the exit-2 error every command reports it with. */
export function fileError(error: unknown, path: string): unknown {
  return isFileSystemError(error) ? new CliError(EXIT_USAGE, describeFileError(error, path)) : error;
}

/** Reads a whole input file; a missing or unreadable file ends the command with its path and exit 2. */
export async function readInput(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw fileError(error, path);
  }
}

export function readInputSync(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw fileError(error, path);
  }
}

export async function writeOutput(path: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (error) {
    throw fileError(error, path);
  }
}

export function writeOutputSync(path: string, data: Uint8Array | string): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw fileError(error, path);
  }
}

/** `tenprint nist dump`: the words a user typed to reach `command`, for the prefix of its messages. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

/** Commander's own errors are usage errors (exit 2), except help and --version asked for (exit 0). */
const COMMANDER_SUCCESS = new Set(["commander.helpDisplayed", "commander.version"]);

/**
 * The exit code and the message (undefined when already printed) for whatever ended a command: a
 * CliError keeps its code; commander's errors were printed by commander; a file-system error is named by
 * its path; anything else is reported by its message with exit 2.
 */
export function failureOf(error: unknown): { exitCode: number; message?: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  if (error instanceof CommanderError) {
    // Codes of our own (tenprint.*) are commands that printed their message and chose their exit code.
    if (!error.code.startsWith("commander.")) return { exitCode: error.exitCode };
    if (COMMANDER_SUCCESS.has(error.code) || (error.code === "commander.help" && error.exitCode === 0))
      return { exitCode: EXIT_OK };
    return { exitCode: EXIT_USAGE };
  }
  if (isFileSystemError(error)) return { exitCode: EXIT_USAGE, message: describeFileError(error) };
  return { exitCode: EXIT_USAGE, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Makes commander's own messages ("error: unknown option '--x'") carry the same `tenprint <command>: `
 * prefix as ours. Call once, after every command is registered.
 */
export function prefixCommanderErrors(command: Command): void {
  const prefix = commandPath(command);
  command.configureOutput({
    outputError: (text, write) => write(`${prefix}: ${text.replace(/^error: /, "")}`),
  });
  for (const sub of command.commands) prefixCommanderErrors(sub);
}
