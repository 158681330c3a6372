/** Tunables of the matcher farm (see docs/decisions/0011-matcher-farm.md). */
export const FARM_PARAMETERS = {
  /** Name prefix of streams, subjects and the snapshot bucket; tests use their own to stay apart. */
  defaultPrefix: "tenprint",
  /**
   * JetStream's Nats-Msg-Id window. A republished event inside it is stored once; one outside it is
   * stored again and dropped by the matchers (they keep each identity's last event id).
   */
  duplicateWindowMs: 24 * 60 * 60 * 1000,
  /** Events published per round of the outbox publisher. */
  publishBatch: 500,
  /** A shard's answer deadline per attempt; a search tries each shard this many times. */
  searchTimeoutMs: 10_000,
  searchAttempts: 3,
  /** Pause between attempts at an unanswered shard, so a replica that just died leaves the queue group. */
  retryPauseMs: 250,
  /** How long a shard waits to apply the sequence a search needs before answering "behind". */
  readYourWritesMs: 5_000,
  /** A matcher writes its snapshot this often when it applied anything since the last one. */
  snapshotIntervalMs: 60_000,
  /** Identities applied per batch while catching up (enrolMany's worker threads prepare them). */
  catchUpBatch: 2_000,
  /**
   * How long the hub waits for an extractor's template before extracting the image itself (an
   * extractor killed while holding it never answers). A WSQ image takes about 0.2 s of CPU.
   */
  extractionTimeoutMs: 10_000,
  /** The hub trims each enrolment stream this often (below what every shard's snapshot covers). */
  trimIntervalMs: 10 * 60_000,
  /** A matcher that finds the stream trimmed past a snapshot it loaded reloads; this many times at most. */
  staleReloads: 3,
} as const;
