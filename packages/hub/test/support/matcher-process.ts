import { CliProcess } from "./cli-process.js";
import { NATS_TEST_URL } from "./farm-nats.js";

/** A `tenprint matcher` child process. */
export class MatcherProcess extends CliProcess {
  constructor(args: {
    prefix: string;
    repository: string;
    shard: string;
    replica: string;
    snapshotSeconds?: number;
  }) {
    super([
      "matcher",
      "--nats",
      NATS_TEST_URL,
      "--prefix",
      args.prefix,
      "--repository",
      args.repository,
      "--shard",
      args.shard,
      "--replica",
      args.replica,
      "--workers",
      "0",
      "--snapshot-seconds",
      String(args.snapshotSeconds ?? 1),
    ]);
  }
}
