import { availableParallelism } from "node:os";
import { connectFarm, ExtractionService, FARM_PARAMETERS } from "@tenprint/hub";
import type { Command } from "commander";
import { stopOnSignals } from "./stop-signals.js";

/**
 * `tenprint extractor`: extracts booking images for the hubs of a NATS farm, so extraction (the costliest
 * step of a booking) runs on other machines. Start as many as needed; a hub without any extracts itself.
 */
export function registerExtractorCommand(program: Command): void {
  program
    .command("extractor")
    .description("extract booking images for the hubs of a NATS farm (a queue group: start any number)")
    .requiredOption("--nats <url>", "NATS server, e.g. nats://127.0.0.1:4222")
    .option(
      "--workers <n>",
      "extraction worker threads (0 extracts on the main thread)",
      String(availableParallelism()),
    )
    .option("--prefix <name>", "subject prefix", FARM_PARAMETERS.defaultPrefix)
    .option("--name <name>", "this extractor's name in replies (default host:pid)")
    .action(async (options: { nats: string; workers: string; prefix: string; name?: string }) => {
      const workers = Number(options.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 256)
        throw new Error(`--workers must be 0–256, got ${options.workers}`);
      const signal = stopOnSignals();
      const nc = await connectFarm(options.nats, `tenprint extractor ${process.pid}`);
      try {
        const service = await ExtractionService.start({
          nc,
          workers,
          prefix: options.prefix,
          log: (line) => process.stdout.write(`${line}\n`),
          ...(options.name ? { name: options.name } : {}),
        });
        await new Promise<void>((resolve) =>
          signal.addEventListener("abort", () => resolve(), { once: true }),
        );
        await service.close();
        process.stdout.write(`extractor stopped after ${service.answered} image(s)\n`);
      } finally {
        await nc.close();
      }
    });
}
