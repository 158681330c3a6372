import { jetstreamManager } from "@nats-io/jetstream";
import { type NatsConnection, NoRespondersError } from "@nats-io/transport-node";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { farmNames, statusSubject } from "./farm-names.js";
import { FARM_PARAMETERS } from "./farm-parameters.js";
import { decodeJson } from "./search-protocol.js";
import type { MatcherStatus } from "./shard-matcher.js";

export interface RepositoryStatus {
  readonly repository: RepositoryName;
  /** The stream's last sequence (0 when it does not exist yet). */
  readonly streamSeq: number;
  /** The first sequence the stream still holds: older events were trimmed (`trimEnrolmentLog`). */
  readonly firstSeq: number;
  /** Shards configured (from the caller) or seen (from the matchers' `i/S`). */
  readonly shards: number;
  readonly matchers: readonly (MatcherStatus & { readonly lag: number })[];
  /** Shards with no ready replica: searches of this repository fail until one is started. */
  readonly uncovered: readonly number[];
}

/**
 * Asks every matcher of the farm for its status (they all answer, no queue group) and compares each
 * with its stream: lag is the events it has still to apply.
 */
export async function clusterStatus(
  nc: NatsConnection,
  options: { prefix?: string; shards?: Partial<Record<RepositoryName, number>>; waitMs?: number } = {},
): Promise<RepositoryStatus[]> {
  const prefix = options.prefix ?? FARM_PARAMETERS.defaultPrefix;
  const replies: MatcherStatus[] = [];
  try {
    const answers = await nc.requestMany(statusSubject(prefix), undefined, {
      strategy: "timer",
      maxWait: options.waitMs ?? 1000,
    });
    for await (const msg of answers) replies.push(decodeJson<MatcherStatus>(msg.data));
  } catch (error) {
    // No matcher at all is a status to report (every shard uncovered), not a failure to look.
    if (!(error instanceof NoRespondersError) && !/no responders/i.test(String(error))) throw error;
  }
  const jsm = await jetstreamManager(nc);
  const out: RepositoryStatus[] = [];
  for (const repository of ["criminal", "ident"] as const) {
    const { streamSeq, firstSeq } = await jsm.streams
      .info(farmNames(prefix, repository).stream)
      .then((info) => ({ streamSeq: info.state.last_seq, firstSeq: info.state.first_seq }))
      .catch(() => ({ streamSeq: 0, firstSeq: 0 }));
    const matchers = replies
      .filter((m) => m.repository === repository)
      .map((m) => ({ ...m, lag: Math.max(0, streamSeq - m.applied) }))
      .sort((a, b) => a.shards - b.shards || a.shard - b.shard || (a.replica < b.replica ? -1 : 1));
    const shards = options.shards?.[repository] ?? Math.max(0, ...matchers.map((m) => m.shards));
    const uncovered: number[] = [];
    for (let shard = 0; shard < shards; shard++) {
      if (!matchers.some((m) => m.shards === shards && m.shard === shard && m.ready)) uncovered.push(shard);
    }
    out.push({ repository, streamSeq, firstSeq, shards, matchers, uncovered });
  }
  return out;
}
