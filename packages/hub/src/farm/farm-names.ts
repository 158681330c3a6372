import type { RepositoryName } from "../storage/subject-record-store.js";

/** Where one repository's farm lives on NATS: its stream, subjects and snapshot objects. */
export interface FarmNames {
  readonly stream: string;
  /** The subject enrolment events are published on. */
  readonly events: string;
  /** The object-store bucket holding every shard's snapshot. */
  readonly snapshots: string;
  /** The request subject of shard `index` of `count`; its queue group has the same name. */
  searchSubject(index: number, count: number): string;
  snapshotObject(index: number, count: number): string;
  /** The object (in the snapshot bucket) recording how far the stream was trimmed. */
  readonly trimObject: string;
}

export function farmNames(prefix: string, repository: RepositoryName): FarmNames {
  if (!/^[A-Za-z0-9_-]+$/.test(prefix))
    throw new RangeError(`farm prefix must be letters, digits, '_' or '-', got ${JSON.stringify(prefix)}`);
  return {
    stream: `${prefix}_gallery_${repository}`,
    events: `${prefix}.gallery.${repository}`,
    snapshots: `${prefix}_snapshots`,
    searchSubject: (index, count) => `${prefix}.search.${repository}.${index}-of-${count}`,
    snapshotObject: (index, count) => `${repository}-${index}-of-${count}`,
    trimObject: `${repository}-trimmed`,
  };
}

/** The subject every matcher of a farm answers status requests on. */
export function statusSubject(prefix: string): string {
  return `${prefix}.status`;
}

export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Reads "i/S" (0 ≤ i < S). */
export function parseShard(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count)
    throw new RangeError(`shard must be i/S with 0 ≤ i < S (for example 0/4), got ${JSON.stringify(text)}`);
  return { index, count };
}

/**
 * The shard of an identity: FNV-1a (32 bit) of its UTF-8 bytes modulo S. Stable across processes,
 * machines and releases, which is all a partition key needs; identities are UUID-like, so it spreads
 * evenly.
 */
export function shardOf(identity: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(identity, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}
