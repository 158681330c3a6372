/**
 * A shard's state at one stream sequence, as a matcher writes it to the object store: for every identity
 * the id of the last event applied to it and, unless that was a deletion, the event's payload. Binary:
 * a JSON header line, then per identity u32 identity length, identity (UTF-8), f64 event id, u32 payload
 * length (0 for a deletion), payload.
 */
export interface ShardSnapshot {
  readonly repository: string;
  readonly shard: number;
  readonly shards: number;
  /** Every event up to this stream sequence is in the snapshot. */
  readonly seq: number;
  readonly entries: ReadonlyMap<string, SnapshotEntry>;
}

export interface SnapshotEntry {
  readonly eventId: number;
  /** The enrolment event's payload; undefined after a deletion. */
  readonly payload: Uint8Array | undefined;
}

export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
}

export function writeShardSnapshot(snapshot: ShardSnapshot): Uint8Array {
  const chunks = [...shardSnapshotChunks({ ...snapshot, count: snapshot.entries.size })];
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** What a snapshot is written from: `count` entries, produced one at a time. */
export interface ShardSnapshotSource extends Omit<ShardSnapshot, "entries"> {
  readonly count: number;
  readonly entries: Iterable<readonly [string, SnapshotEntry]>;
}

/**
 * The bytes of writeShardSnapshot in chunks of about `chunkBytes`, so that a large shard's snapshot is
 * streamed to the object store rather than built in memory whole.
 */
export function* shardSnapshotChunks(
  source: ShardSnapshotSource,
  chunkBytes = 1 << 20,
): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(
    `${JSON.stringify({
      v: 1,
      repository: source.repository,
      shard: source.shard,
      shards: source.shards,
      seq: source.seq,
      count: source.count,
    })}\n`,
  );
  let parts: Uint8Array[] = [];
  let size = 0;
  let written = 0;
  const flush = () => {
    const out = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    parts = [];
    size = 0;
    return out;
  };
  for (const [identity, entry] of source.entries) {
    const id = encoder.encode(identity);
    const payload = entry.payload ?? new Uint8Array(0);
    const head = new Uint8Array(4 + id.length + 8 + 4);
    const view = new DataView(head.buffer);
    view.setUint32(0, id.length);
    head.set(id, 4);
    view.setFloat64(4 + id.length, entry.eventId);
    view.setUint32(4 + id.length + 8, payload.length);
    parts.push(head, payload);
    size += head.length + payload.length;
    written++;
    if (size >= chunkBytes) yield flush();
  }
  if (written !== source.count)
    throw new SnapshotError(`shard snapshot announced ${source.count} entries, got ${written}`);
  if (size > 0) yield flush();
}

export function readShardSnapshot(bytes: Uint8Array): ShardSnapshot {
  const newline = bytes.indexOf(10);
  if (newline < 0) throw new SnapshotError("shard snapshot has no header line");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline))) as {
    v: number;
    repository: string;
    shard: number;
    shards: number;
    seq: number;
    count: number;
  };
  if (header.v !== 1) throw new SnapshotError(`shard snapshot version must be 1, got ${header.v}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  const entries = new Map<string, SnapshotEntry>();
  let at = newline + 1;
  for (let n = 0; n < header.count; n++) {
    if (at + 4 > bytes.length)
      throw new SnapshotError(`shard snapshot ends at entry ${n} of ${header.count}`);
    const idLength = view.getUint32(at);
    const identity = decoder.decode(bytes.subarray(at + 4, at + 4 + idLength));
    at += 4 + idLength;
    const eventId = view.getFloat64(at);
    at += 8;
    const length = view.getUint32(at);
    at += 4;
    if (at + length > bytes.length) throw new SnapshotError(`shard snapshot entry ${identity} is cut short`);
    entries.set(identity, { eventId, payload: length === 0 ? undefined : bytes.slice(at, at + length) });
    at += length;
  }
  return {
    repository: header.repository,
    shard: header.shard,
    shards: header.shards,
    seq: header.seq,
    entries,
  };
}
