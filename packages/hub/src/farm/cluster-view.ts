import type { RepositoryName } from "../storage/subject-record-store.js";
import type { ExtractorSeen, RepositoryStatus } from "./cluster-status.js";
import type { MatcherStatus } from "./shard-matcher.js";

/** What `GET /v1/cluster` answers: where each repository's gallery is searched, and how far behind. */
export interface ClusterView {
  /** `embedded`: each gallery in the hub's own process; `farm`: on matcher processes over NATS JetStream. */
  readonly mode: "embedded" | "farm";
  readonly checkedAt: string;
  /** The farm's stream and subject prefix; null when embedded. */
  readonly prefix: string | null;
  readonly repositories: readonly RepositoryView[];
  readonly extraction: ExtractionView;
}

/** Who extracts booking images: `tenprint extractor` processes while any is connected, else the hub. */
export interface ExtractionView {
  /** Extractors that answered within a second; 0 on an embedded hub or a farm without any. */
  readonly connected: number;
  readonly extractors: readonly ExtractorSeen[];
}

export interface RepositoryView {
  readonly repository: RepositoryName;
  /**
   * Identities searched: the in-process gallery's size, or on a farm the sum over shards of the largest
   * replica's count; null when a shard has no ready replica (its identities cannot be counted or searched).
   */
  readonly identities: number | null;
  /** The enrolment stream's last sequence; null when embedded (no stream). */
  readonly streamSeq: number | null;
  /** The first sequence the stream still holds (older events were trimmed); null when embedded. */
  readonly firstSeq: number | null;
  readonly shards: number;
  /** Shards without a ready replica: searches of the repository fail until one starts. */
  readonly uncovered: readonly number[];
  readonly matchers: readonly (MatcherStatus & { readonly lag: number })[];
}

export function embeddedClusterView(sizes: Record<RepositoryName, number>, at: Date): ClusterView {
  return {
    mode: "embedded",
    checkedAt: at.toISOString(),
    prefix: null,
    repositories: (["criminal", "ident"] as const).map((repository) => ({
      repository,
      identities: sizes[repository],
      streamSeq: null,
      firstSeq: null,
      shards: 1,
      uncovered: [],
      matchers: [],
    })),
    extraction: { connected: 0, extractors: [] },
  };
}

export function farmClusterView(
  status: readonly RepositoryStatus[],
  prefix: string,
  at: Date,
  extractors: readonly ExtractorSeen[] = [],
): ClusterView {
  return {
    mode: "farm",
    checkedAt: at.toISOString(),
    prefix,
    repositories: status.map((repository) => ({
      repository: repository.repository,
      identities: repository.uncovered.length > 0 ? null : identitiesOf(repository),
      streamSeq: repository.streamSeq,
      firstSeq: repository.firstSeq,
      shards: repository.shards,
      uncovered: repository.uncovered,
      matchers: repository.matchers,
    })),
    extraction: { connected: extractors.length, extractors },
  };
}

function identitiesOf(repository: RepositoryStatus): number {
  let total = 0;
  for (let shard = 0; shard < repository.shards; shard++) {
    const replicas = repository.matchers.filter(
      (m) => m.shards === repository.shards && m.shard === shard && m.ready,
    );
    total += Math.max(0, ...replicas.map((m) => m.identities));
  }
  return total;
}
