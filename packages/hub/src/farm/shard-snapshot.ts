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
  const encoder = new TextEncoder();
  const header = encoder.encode(
    `${JSON.stringify({
      v: 1,
      repository: snapshot.repository,
      shard: snapshot.shard,
      shards: snapshot.shards,
      seq: snapshot.seq,
      count: snapshot.entries.size,
    })}\n`,
  );
  const ids: Uint8Array[] = [];
  let size = header.length;
  for (const [identity, entry] of snapshot.entries) {
    const id = encoder.encode(identity);
    ids.push(id);
    size += 4 + id.length + 8 + 4 + (entry.payload?.length ?? 0);
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(header, 0);
  let at = header.length;
  let i = 0;
  for (const entry of snapshot.entries.values()) {
    const id = ids[i++]!;
    view.setUint32(at, id.length);
    out.set(id, at + 4);
    at += 4 + id.length;
    view.setFloat64(at, entry.eventId);
    at += 8;
    const payload = entry.payload ?? new Uint8Array(0);
    view.setUint32(at, payload.length);
    out.set(payload, at + 4);
    at += 4 + payload.length;
  }
  return out;
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
