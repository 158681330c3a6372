import { jetstreamManager } from "@nats-io/jetstream";
import { type NatsConnection, NoRespondersError } from "@nats-io/transport-node";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { type ExtractorStatus, extractorStatusSubject } from "./extraction-protocol.js";
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
  // No matcher at all is a status to report (every shard uncovered), not a failure to look.
  const replies = (await everyAnswer(nc, statusSubject(prefix), options.waitMs)).map((answer) =>
    decodeJson<MatcherStatus>(answer.data),
  );
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

/** An extractor as the cluster view lists it: its own status and when it was seen. */
export interface ExtractorSeen extends ExtractorStatus {
  /** When its status answer arrived. */
  readonly lastSeen: string;
}

/**
 * Asks every `tenprint extractor` of the farm for its status (they all answer); none connected is an
 * empty list (the hubs then extract on their own threads).
 */
export async function extractorStatus(
  nc: NatsConnection,
  options: { prefix?: string; waitMs?: number } = {},
): Promise<ExtractorSeen[]> {
  const prefix = options.prefix ?? FARM_PARAMETERS.defaultPrefix;
  const answers = await everyAnswer(nc, extractorStatusSubject(prefix), options.waitMs);
  return answers
    .map((answer) => ({ ...decodeJson<ExtractorStatus>(answer.data), lastSeen: answer.at.toISOString() }))
    .sort((a, b) => (a.extractor < b.extractor ? -1 : a.extractor > b.extractor ? 1 : 0));
}

/** Every answer to a request on `subject` within `waitMs` (default 1 s); none when nobody listens. */
async function everyAnswer(
  nc: NatsConnection,
  subject: string,
  waitMs = 1000,
): Promise<{ data: Uint8Array; at: Date }[]> {
  const out: { data: Uint8Array; at: Date }[] = [];
  try {
    const answers = await nc.requestMany(subject, undefined, { strategy: "timer", maxWait: waitMs });
    for await (const msg of answers) out.push({ data: msg.data, at: new Date() });
  } catch (error) {
    if (!(error instanceof NoRespondersError) && !/no responders/i.test(String(error))) throw error;
  }
  return out;
}
