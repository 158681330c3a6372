import type { NatsConnection } from "@nats-io/transport-node";
import { fpirForFmr, type ProbeFinger, type SearchCandidate, type SearchResult } from "@tenprint/afis";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { type FarmNames, farmNames } from "./farm-names.js";
import { FARM_PARAMETERS } from "./farm-parameters.js";
import {
  decodeJson,
  encodeJson,
  encodeProbe,
  type ShardSearchReply,
  type ShardSearchRequest,
} from "./search-protocol.js";

/** A repository-wide result, with which replica of which shard answered at which sequence. */
export interface FarmSearchResult extends SearchResult {
  readonly shards: readonly { shard: number; replica: string; applied: number; gallerySize: number }[];
}

export interface FarmSearchOptions {
  readonly minSeq?: number;
  readonly maxCandidates?: number;
  readonly exhaustive?: boolean;
  readonly timeoutMs?: number;
  readonly attempts?: number;
}

/**
 * A search some shard did not answer completely. Never turned into a "no match": the workflow step
 * fails and the work queue retries it later.
 */
export class FarmSearchError extends Error {
  override readonly name = "FarmSearchError";
  constructor(
    readonly repository: RepositoryName,
    /** Shard index → why it has no answer. */
    readonly missing: ReadonlyMap<number, string>,
  ) {
    super(
      `${repository} search incomplete: ${[...missing].map(([shard, why]) => `shard ${shard} ${why}`).join("; ")} — retry later`,
    );
  }
}

/** Sends probes to every shard of a repository and fuses their answers. */
export class FarmSearch {
  readonly #nc: NatsConnection;
  readonly #repository: RepositoryName;
  readonly #shards: number;
  readonly #names: FarmNames;
  readonly #defaults: Pick<FarmSearchOptions, "timeoutMs" | "attempts">;

  constructor(
    nc: NatsConnection,
    repository: RepositoryName,
    shards: number,
    prefix?: string,
    defaults: Pick<FarmSearchOptions, "timeoutMs" | "attempts"> = {},
  ) {
    if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`shards must be ≥ 1, got ${shards}`);
    this.#nc = nc;
    this.#repository = repository;
    this.#shards = shards;
    this.#names = farmNames(prefix ?? FARM_PARAMETERS.defaultPrefix, repository);
    this.#defaults = defaults;
  }

  async search(probe: readonly ProbeFinger[], options: FarmSearchOptions = {}): Promise<FarmSearchResult> {
    const maxCandidates = options.maxCandidates ?? 10;
    const request: ShardSearchRequest = {
      probe: encodeProbe(probe),
      minSeq: options.minSeq ?? 0,
      maxCandidates,
      ...(options.exhaustive ? { exhaustive: true } : {}),
    };
    const body = encodeJson(request);
    const missing = new Map<number, string>();
    const answers = await Promise.all(
      Array.from({ length: this.#shards }, (_, shard) =>
        this.#ask(shard, body, options).catch((error: Error) => {
          missing.set(shard, error.message);
          return undefined;
        }),
      ),
    );
    if (missing.size > 0) throw new FarmSearchError(this.#repository, missing);
    return mergeShardAnswers(answers as (ShardSearchReply & { ok: true })[], maxCandidates);
  }

  /** One shard's answer; a silent or behind replica is asked again (the queue group may pick another). */
  async #ask(
    shard: number,
    body: Uint8Array,
    options: FarmSearchOptions,
  ): Promise<ShardSearchReply & { ok: true }> {
    const subject = this.#names.searchSubject(shard, this.#shards);
    const attempts = options.attempts ?? this.#defaults.attempts ?? FARM_PARAMETERS.searchAttempts;
    let last = "did not answer";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const msg = await this.#nc.request(subject, body, {
          timeout: options.timeoutMs ?? this.#defaults.timeoutMs ?? FARM_PARAMETERS.searchTimeoutMs,
        });
        const reply = decodeJson<ShardSearchReply>(msg.data);
        if (reply.ok) return reply;
        last = `${reply.error} (${reply.replica}): ${reply.message}`;
        if (reply.error === "bad-request") break;
      } catch (error) {
        last = `did not answer on ${subject} (${error instanceof Error ? error.message : String(error)})`;
      }
      if (attempt < attempts)
        await new Promise((resolve) => setTimeout(resolve, FARM_PARAMETERS.retryPauseMs));
    }
    throw new Error(`${last} after ${attempts} attempts`);
  }
}

/**
 * Fuses shard answers into the repository's answer. Every candidate's scores and FMRs are the shard's,
 * which computed them exactly as one gallery would; only the FPIR depends on the whole repository's size,
 * so it is computed again here. Ties in the fused score are broken by identity, so the order does not
 * depend on which shard answered first.
 */
export function mergeShardAnswers(
  answers: readonly (ShardSearchReply & { ok: true })[],
  maxCandidates: number,
): FarmSearchResult {
  const gallerySize = answers.reduce((sum, answer) => sum + answer.gallerySize, 0);
  const candidates: SearchCandidate[] = answers
    .flatMap((answer) => answer.candidates)
    .map((candidate) => ({ ...candidate, fpir: fpirForFmr(candidate.fmr, gallerySize) }))
    .sort(
      (a, b) =>
        b.fusedScore - a.fusedScore || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0),
    )
    .slice(0, maxCandidates);
  const comparisons = answers.reduce((sum, answer) => sum + answer.comparisons, 0);
  const eligible = answers.reduce((sum, answer) => sum + answer.eligible, 0);
  return {
    candidates,
    gallerySize,
    penetration: eligible === 0 ? 0 : comparisons / eligible,
    comparisons,
    // The shards run in parallel: the search waited for the slowest.
    filterMs: Math.max(0, ...answers.map((answer) => answer.filterMs)),
    matchMs: Math.max(0, ...answers.map((answer) => answer.matchMs)),
    shards: answers.map(({ shard, replica, applied, gallerySize: size }) => ({
      shard,
      replica,
      applied,
      gallerySize: size,
    })),
  };
}
