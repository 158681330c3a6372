import { runDemo } from "@tenprint/demo";
import type { Command } from "commander";
import { DEFAULT_SHOWCASE, runShowcase } from "../showcase/showcase.js";
import { consoleFolder } from "./console-folder.js";
import { stopOnSignals } from "./stop-signals.js";

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${text}`);
  return value;
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "what npm start runs: the hub on the embedded database with a synthetic state streaming bookings through it",
    )
    .option("--data <dir>", "data directory of the embedded database", "./.tenprint")
    .option("--port <n>", "HTTP port of the API", "8080")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--rate <r>", "bookings per second the stream aims at (rendering caps it)", "0.5")
    .option("--state <code>", "state postal code of the synthetic state")
    .option("--no-console", "serve the API only, without the web console at /")
    .option(
      "--automate-all",
      "decide every LESC case and ERO review by the rules (by default a share waits for a person in the console)",
    )
    .action(
      async (options: {
        data: string;
        port: string;
        host: string;
        rate: string;
        state?: string;
        console: boolean;
        automateAll?: boolean;
      }) => {
        const port = integer("--port", options.port, 0, 65_535);
        const rate = Number(options.rate);
        if (!(rate > 0 && rate <= 1000))
          throw new Error(`--rate must be above 0 and at most 1000, got ${options.rate}`);
        const signal = stopOnSignals();
        await runDemo({
          dataDir: options.data,
          port,
          host: options.host,
          rate,
          ...(options.state ? { state: options.state } : {}),
          ...(options.automateAll ? { automateAll: true } : {}),
          print: (line) => process.stdout.write(`${line}\n`),
          signal,
          ...consoleFolder(options.console, (line) => process.stdout.write(`${line}\n`)),
        });
      },
    );

  program
    .command("showcase")
    .description(
      "the codec and engine end to end in one go: a synthetic state, bookings, SRE responses, an ERRT",
    )
    .option("--seed <seed>", "seed of the synthetic world", DEFAULT_SHOWCASE.seed)
    .option("--state <code>", "state postal code", DEFAULT_SHOWCASE.state)
    .option(
      "--distractors <n>",
      "template-level identities in the criminal repository",
      String(DEFAULT_SHOWCASE.distractors),
    )
    .action(async (options: { seed: string; state: string; distractors: string }) => {
      await runShowcase({
        ...DEFAULT_SHOWCASE,
        seed: options.seed,
        state: options.state.toUpperCase(),
        distractors: integer("--distractors", options.distractors, 0, 1_000_000),
        print: (line) => process.stdout.write(`${line}\n`),
      });
    });
}
