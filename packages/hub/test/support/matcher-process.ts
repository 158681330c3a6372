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
    /** Default: the shared test server. */
    nats?: string;
  }) {
    super([
      "matcher",
      "--nats",
      args.nats ?? NATS_TEST_URL,
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
