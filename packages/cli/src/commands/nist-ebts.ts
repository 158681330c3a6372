import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildCar,
  buildCna,
  EbtsError,
  formatProblem,
  hasErrors,
  NistError,
  profileForTot,
  serializeTransaction,
  validateTransaction,
  WsqError,
} from "@tenprint/nist";
import { ImageError } from "@tenprint/nist/image";
import type { Command } from "commander";
import { invalidInput, usageError, writeOutputSync } from "./cli-errors.js";
import { BuildSpecError, readBuildSpec } from "./nist-build-spec.js";
import { readTransaction } from "./nist-read.js";

/**
 * The example spec shipped with the CLI, as a path from where the user is: `packages/cli/examples/…` in
 * this repository, `node_modules/@tenprint/cli/examples/…` in a project that installed the package.
 */
function exampleSpecPath(): string {
  const example = fileURLToPath(new URL("../../examples/synthetic-car.json", import.meta.url));
  const fromHere = relative(process.cwd(), example);
  return fromHere.startsWith("..") ? example : fromHere;
}

/** --profile: "ebts" picks the profile named by 1.004 TOT; a TOT name forces that profile. */
function chooseProfile(name: string) {
  if (name.toLowerCase() === "ebts") return { profile: undefined };
  const profile = profileForTot(name.toUpperCase());
  if (!profile)
    throw usageError(`--profile: unknown profile ${JSON.stringify(name)}; use "ebts" or a TOT such as CAR`);
  return { profile };
}

/** Exit 0: valid. Exit 1: problems (one line each) or a malformed file. Exit 2: no such file or profile. */
async function runValidate(file: string, options: { profile: string; json?: boolean }): Promise<void> {
  const { profile } = chooseProfile(options.profile);
  const transaction = await readTransaction(file);
  const problems = validateTransaction(transaction, profile);
  const valid = !hasErrors(problems);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ file, valid, records: transaction.records.length, problems })}\n`,
    );
  } else {
    for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
    if (valid) process.stdout.write(`${file}: valid (${transaction.records.length} records)\n`);
  }
  process.exitCode = valid ? 0 : 1;
}

function runBuild(specFile: string, options: { output: string; json?: boolean }): void {
  try {
    const { tot, submission } = readBuildSpec(specFile);
    const transaction = tot === "CAR" ? buildCar(submission) : buildCna(submission);
    const bytes = serializeTransaction(transaction);
    writeOutputSync(options.output, bytes);
    process.stdout.write(
      `${options.output}: ${tot} with ${transaction.records.length} records, ${bytes.length} bytes\n`,
    );
    process.exitCode = 0;
  } catch (error) {
    if (
      error instanceof EbtsError ||
      error instanceof BuildSpecError ||
      error instanceof NistError ||
      error instanceof ImageError ||
      error instanceof WsqError
    ) {
      throw invalidInput(error.message, error);
    }
    throw error;
  }
}

export function registerNistEbtsCommands(nist: Command): void {
  nist
    .command("validate")
    .description("check a transaction against its FBI EBTS profile; one line per problem")
    .argument("<file>", "ANSI/NIST-ITL transaction file")
    .option("--profile <name>", 'profile: "ebts" (by 1.004 TOT) or a TOT such as CAR, SRE, IAQ', "ebts")
    .option("--json", "print {file, valid, records, problems} as one JSON object instead of lines")
    .action(runValidate);
  nist
    .command("build")
    .description(`build an EBTS CAR or CNA from a JSON spec (example: ${exampleSpecPath()})`)
    .argument("<spec>", "JSON spec: header, subject, arrest, fingers (image files relative to the spec)")
    .requiredOption("-o, --output <file>", "where to write the transaction")
    .action(runBuild);
}
