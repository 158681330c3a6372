import { connectFarm, FARM_PARAMETERS, parseShard, ShardMatcher } from "@tenprint/hub";
import type { Command } from "commander";
import { stopOnSignals } from "./stop-signals.js";

/**
 * `tenprint matcher`: one replica of one shard of a repository's gallery on a NATS JetStream farm. Start
 * R of them per shard (on any machines); each loads the shard's snapshot and the stream after it, then
 * answers the shard's searches.
 */
export function registerMatcherCommand(program: Command): void {
  program
    .command("matcher")
    .description("serve one shard of a repository's gallery on a NATS JetStream farm")
    .requiredOption("--nats <url>", "NATS server with JetStream, e.g. nats://127.0.0.1:4222")
    .requiredOption("--repository <name>", "criminal or ident")
    .requiredOption("--shard <i/S>", "this shard's index and the shard count, e.g. 0/4")
    .option("--workers <n>", "search worker threads (0 searches on the main thread)", "1")
    .option("--prefix <name>", "stream and subject prefix", FARM_PARAMETERS.defaultPrefix)
    .option("--replica <name>", "this replica's name (default host:pid)")
    .option("--snapshot-seconds <n>", "snapshot interval", String(FARM_PARAMETERS.snapshotIntervalMs / 1000))
    .action(
      async (options: {
        nats: string;
        repository: string;
        shard: string;
        workers: string;
        prefix: string;
        replica?: string;
        snapshotSeconds: string;
      }) => {
        if (options.repository !== "criminal" && options.repository !== "ident")
          throw new Error(`--repository must be criminal or ident, got ${options.repository}`);
        const workers = Number(options.workers);
        if (!Number.isInteger(workers) || workers < 0 || workers > 256)
          throw new Error(`--workers must be 0–256, got ${options.workers}`);
        const snapshotSeconds = Number(options.snapshotSeconds);
        if (!(snapshotSeconds > 0))
          throw new Error(`--snapshot-seconds must be > 0, got ${options.snapshotSeconds}`);
        const shard = parseShard(options.shard);
        const signal = stopOnSignals();
        const nc = await connectFarm(options.nats, `tenprint matcher ${options.repository} ${options.shard}`);
        const log = (line: string) => process.stdout.write(`${line}\n`);
        const stop = new Promise<"stop">((resolve) =>
          signal.addEventListener("abort", () => resolve("stop"), { once: true }),
        );
        try {
          // A replica the stream's trim overtook (docs/decisions/0011-matcher-farm.md) starts again from
          // its shard's snapshot, in this process.
          while (!signal.aborted) {
            const matcher = await ShardMatcher.start({
              nc,
              repository: options.repository,
              shard,
              workers,
              prefix: options.prefix,
              snapshotIntervalMs: snapshotSeconds * 1000,
              log,
              ...(options.replica ? { replica: options.replica } : {}),
            });
            const outcome = await Promise.race([stop, matcher.stopped]);
            await matcher.close();
            if (outcome !== "stop") log(`${outcome.message}: starting again from the snapshot`);
          }
        } finally {
          await nc.close();
        }
      },
    );
}
