import type { Command } from "commander";
import { DEFAULT_SHOWCASE, runShowcase } from "../showcase/showcase.js";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "what npm start runs: a synthetic state, a criminal repository and bookings through codec and engine",
    )
    .option("--seed <seed>", "seed of the synthetic world", DEFAULT_SHOWCASE.seed)
    .option("--state <code>", "state postal code", DEFAULT_SHOWCASE.state)
    .option(
      "--distractors <n>",
      "template-level identities in the criminal repository",
      String(DEFAULT_SHOWCASE.distractors),
    )
    .action(async (options: { seed: string; state: string; distractors: string }) => {
      const distractors = Number(options.distractors);
      if (!Number.isInteger(distractors) || distractors < 0 || distractors > 1_000_000) {
        throw new Error(`--distractors must be an integer from 0 to 1000000, got ${options.distractors}`);
      }
      await runShowcase({
        ...DEFAULT_SHOWCASE,
        seed: options.seed,
        state: options.state.toUpperCase(),
        distractors,
        print: (line) => process.stdout.write(`${line}\n`),
      });
    });
}
