import {
  clusterStatus,
  connectFarm,
  extractorStatus,
  FARM_PARAMETERS,
  parseShardCounts,
  trimEnrolmentLog,
} from "@tenprint/hub";
import type { Command } from "commander";

/** `tenprint cluster status`: the farm's matchers, their shards, replicas, stream sequence and lag. */
export function registerClusterCommands(program: Command): void {
  const cluster = program.command("cluster").description("the matcher farm on NATS JetStream");
  cluster
    .command("status")
    .description(
      "list matchers by repository and shard, with their stream sequence and lag, and the extraction workers",
    )
    .requiredOption("--nats <url>", "NATS server with JetStream")
    .option("--prefix <name>", "stream and subject prefix", FARM_PARAMETERS.defaultPrefix)
    .option(
      "--shards <list>",
      "shards expected per repository, e.g. criminal=2,ident=4 (exit 1 if one is uncovered)",
    )
    .option("--json", "print JSON")
    .action(async (options: { nats: string; prefix: string; shards?: string; json?: boolean }) => {
      const nc = await connectFarm(options.nats, "tenprint cluster status");
      try {
        const [status, extractors] = await Promise.all([
          clusterStatus(nc, {
            prefix: options.prefix,
            ...(options.shards ? { shards: parseShardCounts(options.shards) } : {}),
          }),
          extractorStatus(nc, { prefix: options.prefix }),
        ]);
        if (options.json)
          process.stdout.write(
            `${JSON.stringify({ repositories: status, extraction: { connected: extractors.length, extractors } }, null, 2)}\n`,
          );
        else {
          for (const repository of status) {
            process.stdout.write(
              `${repository.repository}: stream sequence ${repository.streamSeq} (first held ${repository.firstSeq}), ${repository.shards} shard(s)${repository.uncovered.length > 0 ? `, NO READY REPLICA for shard(s) ${repository.uncovered.join(", ")}` : ""}\n`,
            );
            for (const m of repository.matchers)
              process.stdout.write(
                `  shard ${m.shard}/${m.shards}  ${m.replica}  ${m.ready ? "ready" : "loading"}  applied ${m.applied}  lag ${m.lag}  identities ${m.identities}  snapshot ${m.snapshotSeq}\n`,
              );
          }
          process.stdout.write(
            `extraction: ${extractors.length} extractor(s) connected${extractors.length === 0 ? " (hubs extract on their own threads)" : ""}\n`,
          );
          for (const e of extractors)
            process.stdout.write(
              `  ${e.extractor}  ${e.workers} thread(s)  jobs done ${e.jobsDone}  skipped ${e.skipped}  busy ${e.busy}  last job ${e.lastJobAt ?? "none"}  seen ${e.lastSeen}\n`,
            );
        }
        if (status.some((repository) => repository.uncovered.length > 0)) process.exitCode = 1;
      } finally {
        await nc.close();
      }
    });
  cluster
    .command("trim")
    .description(
      "purge each enrolment stream through what every shard's snapshot covers (the hub does it every 10 minutes)",
    )
    .requiredOption("--nats <url>", "NATS server with JetStream")
    .requiredOption("--shards <list>", "the layout whose snapshots count, e.g. criminal=2,ident=4")
    .option("--prefix <name>", "stream and subject prefix", FARM_PARAMETERS.defaultPrefix)
    .action(async (options: { nats: string; prefix: string; shards: string }) => {
      const shards = parseShardCounts(options.shards);
      const nc = await connectFarm(options.nats, "tenprint cluster trim");
      try {
        for (const repository of ["criminal", "ident"] as const) {
          const outcome = await trimEnrolmentLog(nc, repository, shards[repository], {
            prefix: options.prefix,
          });
          process.stdout.write(
            outcome.trimmed
              ? `${repository}: trimmed through sequence ${outcome.through} (${outcome.purged} events purged)\n`
              : `${repository}: not trimmed (${outcome.reason}); trimmed through ${outcome.through}\n`,
          );
        }
      } finally {
        await nc.close();
      }
    });
}
