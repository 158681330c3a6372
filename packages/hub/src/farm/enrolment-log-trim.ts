import { jetstreamManager } from "@nats-io/jetstream";
import { type ObjectStore, Objm } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { clusterStatus } from "./cluster-status.js";
import { type FarmNames, farmNames } from "./farm-names.js";
import { FARM_PARAMETERS } from "./farm-parameters.js";

/** Object metadata key: the stream sequence a snapshot covers, or how far the stream was trimmed. */
export const SEQ_METADATA = "seq";

export type TrimOutcome =
  | { readonly trimmed: true; readonly through: number; readonly purged: number }
  | { readonly trimmed: false; readonly through: number; readonly reason: string };

export function openSnapshotBucket(nc: NatsConnection, names: FarmNames): Promise<ObjectStore> {
  return new Objm(nc).create(names.snapshots);
}

/** The sequence recorded in an object's metadata; undefined when the object or the record is absent. */
export async function objectSequence(bucket: ObjectStore, name: string): Promise<number | undefined> {
  const info = await bucket.info(name);
  const text = info?.metadata?.[SEQ_METADATA];
  const seq = Number(text);
  return text !== undefined && Number.isInteger(seq) && seq >= 0 ? seq : undefined;
}

/** Every event up to this sequence may be gone from the stream (0: never trimmed). */
export async function trimmedThrough(bucket: ObjectStore, names: FarmNames): Promise<number> {
  return (await objectSequence(bucket, names.trimObject)) ?? 0;
}

/**
 * Purges the repository's enrolment stream up to what every shard of the layout can do without
 * (docs/decisions/0011-matcher-farm.md): through the lowest of every shard's stored snapshot sequence
 * and every answering matcher's applied sequence; nothing while a shard has no snapshot. The bound is
 * recorded in the snapshot bucket before the purge, so a matcher that meets a gap in the stream can
 * tell a trim it fell behind (reload from the snapshot) from an erased message (skip it).
 */
export async function trimEnrolmentLog(
  nc: NatsConnection,
  repository: RepositoryName,
  shards: number,
  options: { prefix?: string; statusWaitMs?: number } = {},
): Promise<TrimOutcome> {
  const prefix = options.prefix ?? FARM_PARAMETERS.defaultPrefix;
  const names = farmNames(prefix, repository);
  const bucket = await openSnapshotBucket(nc, names);
  const already = await trimmedThrough(bucket, names);
  let through = Number.POSITIVE_INFINITY;
  for (let shard = 0; shard < shards; shard++) {
    const seq = await objectSequence(bucket, names.snapshotObject(shard, shards));
    if (seq === undefined)
      return { trimmed: false, through: already, reason: `shard ${shard}/${shards} has no snapshot` };
    through = Math.min(through, seq);
  }
  const [status] = (await clusterStatus(nc, { prefix, waitMs: options.statusWaitMs ?? 1000 })).filter(
    (r) => r.repository === repository,
  );
  for (const matcher of status?.matchers ?? []) through = Math.min(through, matcher.applied);
  if (through <= already)
    return { trimmed: false, through: already, reason: `nothing past sequence ${already} is covered yet` };
  await bucket.putBlob(
    { name: names.trimObject, metadata: { [SEQ_METADATA]: String(through) } },
    new TextEncoder().encode(`${through}\n`),
  );
  const jsm = await jetstreamManager(nc);
  const { purged } = await jsm.streams.purge(names.stream, { seq: through + 1 });
  return { trimmed: true, through, purged };
}
