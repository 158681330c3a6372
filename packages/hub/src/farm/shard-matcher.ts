import { hostname } from "node:os";
import {
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import type { ObjectStore } from "@nats-io/obj";
import type { Msg, NatsConnection, Subscription } from "@nats-io/transport-node";
import type { SearchResult } from "@tenprint/afis";
import { TenprintGallery } from "@tenprint/afis";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { EVENT_ID_HEADER, ensureGalleryStream } from "./enrolment-log.js";
import { objectSequence, openSnapshotBucket, SEQ_METADATA, trimmedThrough } from "./enrolment-log-trim.js";
import { type FarmNames, farmNames, type ShardSpec, shardOf, statusSubject } from "./farm-names.js";
import { FARM_PARAMETERS } from "./farm-parameters.js";
import {
  decodeGalleryEvent,
  encodeGalleryEvent,
  enrolledFingers,
  type GalleryEvent,
  packEncodedFingers,
  unpackEncodedFingers,
} from "./gallery-event.js";
import {
  decodeJson,
  decodeProbe,
  encodeJson,
  type ShardSearchReply,
  type ShardSearchRequest,
} from "./search-protocol.js";
import { readShardSnapshot, type SnapshotEntry, shardSnapshotChunks } from "./shard-snapshot.js";

/**
 * What a replica keeps per identity of its shard to write snapshots: the last event's id and, after an
 * enrolment, its fingers' template bytes packed (packEncodedFingers), in a buffer of their own. Not the
 * message body: that is JSON with base64 templates (about 1.4 times the bytes), and a view into the
 * client's read buffer, which would keep the other shards' messages read with it alive.
 */
interface KeptEntry {
  readonly eventId: number;
  readonly fingers: Uint8Array | undefined;
}

interface QueuedEvent {
  readonly seq: number;
  /** The enrolment log's row id (Tenprint-Event-Id), ordering events of one identity. */
  readonly eventId: number;
  readonly data: Uint8Array;
}

export interface ShardMatcherOptions {
  readonly nc: NatsConnection;
  readonly repository: RepositoryName;
  readonly shard: ShardSpec;
  readonly prefix?: string;
  /** Search worker threads of the shard's gallery (0 searches on the main thread). */
  readonly workers?: number;
  /** This replica's name in answers and status (default host:pid). */
  readonly replica?: string;
  readonly snapshotIntervalMs?: number;
  /** How long a search waits for the sequence it needs (default FARM_PARAMETERS.readYourWritesMs). */
  readonly readYourWritesMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * The stream was trimmed past what this replica holds (it loaded a snapshot older than the trim, or fell
 * behind it): it stopped answering and must start again from its shard's snapshot.
 */
export class StaleShardError extends Error {
  override readonly name = "StaleShardError";
}

export interface MatcherStatus {
  readonly repository: RepositoryName;
  readonly shard: number;
  readonly shards: number;
  readonly replica: string;
  readonly ready: boolean;
  readonly applied: number;
  readonly identities: number;
  readonly snapshotSeq: number;
}

/**
 * One replica of one shard: holds the shard's identities in an in-memory gallery, follows the
 * repository's enrolment stream, and answers searches for the shard on its queue group once it has
 * caught up with the stream as it was at start. Its state is rebuilt at every start from the latest
 * snapshot plus the stream after it, so it needs no durable consumer of its own: an ordered consumer
 * from the snapshot's sequence replays exactly what is missing (docs/decisions/0011-matcher-farm.md).
 */
export class ShardMatcher {
  readonly #options: ShardMatcherOptions;
  readonly #names: FarmNames;
  readonly #replica: string;
  readonly #gallery: TenprintGallery;
  readonly #entries = new Map<string, KeptEntry>();
  readonly #waiters: { seq: number; resolve: () => void }[] = [];
  #applied = 0;
  #snapshotSeq = 0;
  #ready = false;
  #messages: ConsumerMessages | undefined;
  #following: Promise<void> = Promise.resolve();
  #subscription: Subscription | undefined;
  #status: Subscription | undefined;
  #timers: NodeJS.Timeout[] = [];
  #snapshots: Promise<ObjectStore> | undefined;
  #closed = false;
  #stale: StaleShardError | undefined;
  #stopped!: (error: StaleShardError) => void;
  /** Settles when the replica stopped answering because the stream was trimmed past it. */
  readonly stopped: Promise<StaleShardError> = new Promise((resolve) => {
    this.#stopped = resolve;
  });

  private constructor(options: ShardMatcherOptions) {
    this.#options = options;
    this.#names = farmNames(options.prefix ?? FARM_PARAMETERS.defaultPrefix, options.repository);
    this.#replica = options.replica ?? `${hostname()}:${process.pid}`;
    this.#gallery = new TenprintGallery({ workers: options.workers ?? 0 });
  }

  /**
   * Loads the snapshot, replays the stream after it, and resolves once answering searches. A trim that
   * overtakes the loading (the snapshot it read is older than the stream's first event) starts it again
   * from the newer snapshot the trim implies.
   */
  static async start(options: ShardMatcherOptions): Promise<ShardMatcher> {
    for (let attempt = 1; ; attempt++) {
      const matcher = new ShardMatcher(options);
      try {
        await matcher.#start();
        return matcher;
      } catch (error) {
        await matcher.close();
        if (!(error instanceof StaleShardError) || attempt >= FARM_PARAMETERS.staleReloads) throw error;
        matcher.#log(`${error.message}; loading again`);
      }
    }
  }

  get applied(): number {
    return this.#applied;
  }

  get size(): number {
    return this.#gallery.size;
  }

  status(): MatcherStatus {
    const { repository, shard } = this.#options;
    return {
      repository,
      shard: shard.index,
      shards: shard.count,
      replica: this.#replica,
      ready: this.#ready,
      applied: this.#applied,
      identities: this.#gallery.size,
      snapshotSeq: this.#snapshotSeq,
    };
  }

  async #start(): Promise<void> {
    const { nc, shard } = this.#options;
    const jsm = await jetstreamManager(nc);
    await ensureGalleryStream(jsm, this.#names);
    await this.#loadSnapshot();
    const target = (await jsm.streams.info(this.#names.stream)).state.last_seq;
    this.#follow(jetstream(nc));
    const stale = this.stopped.then((error) => {
      throw error;
    });
    await Promise.race([this.waitFor(target, Number.POSITIVE_INFINITY), stale]);
    if (this.#stale) throw this.#stale;
    await this.#gallery.warmUp();
    this.#ready = true;
    const subject = this.#names.searchSubject(shard.index, shard.count);
    this.#subscription = nc.subscribe(subject, {
      queue: subject,
      callback: (error, msg) => {
        if (!error) void this.#answer(msg);
      },
    });
    // Every replica answers status requests (no queue group): `tenprint cluster status` lists them all.
    this.#status = nc.subscribe(statusSubject(this.#options.prefix ?? FARM_PARAMETERS.defaultPrefix), {
      callback: (error, msg) => {
        if (!error) msg.respond(encodeJson(this.status()));
      },
    });
    // The subscription is registered on the server before anyone is told the shard is ready.
    await nc.flush();
    const interval = this.#options.snapshotIntervalMs ?? FARM_PARAMETERS.snapshotIntervalMs;
    this.#timers.push(
      setInterval(() => {
        if (this.#applied > this.#snapshotSeq)
          this.writeSnapshot().catch((e) => this.#log(`snapshot failed: ${String(e)}`));
      }, interval),
    );
    this.#log(
      `shard ${shard.index}/${shard.count} of ${this.#options.repository} ready: ${this.#gallery.size} identities at stream sequence ${this.#applied} (snapshot at ${this.#snapshotSeq})`,
    );
  }

  #bucket(): Promise<ObjectStore> {
    this.#snapshots ??= openSnapshotBucket(this.#options.nc, this.#names);
    return this.#snapshots;
  }

  async #loadSnapshot(): Promise<void> {
    const { shard, repository } = this.#options;
    const bucket = await this.#bucket();
    const bytes = await bucket.getBlob(this.#names.snapshotObject(shard.index, shard.count));
    const trimmed = await trimmedThrough(bucket, this.#names);
    const snapshot = bytes ? readShardSnapshot(bytes) : undefined;
    if ((snapshot?.seq ?? 0) < trimmed)
      throw new StaleShardError(
        `the stream of ${repository} is trimmed through sequence ${trimmed}, shard ${shard.index}/${shard.count}'s snapshot covers ${snapshot?.seq ?? 0}`,
      );
    if (!snapshot) return;
    if (
      snapshot.repository !== repository ||
      snapshot.shard !== shard.index ||
      snapshot.shards !== shard.count
    )
      throw new Error(
        `snapshot ${this.#names.snapshotObject(shard.index, shard.count)} holds ${snapshot.repository} shard ${snapshot.shard}/${snapshot.shards}`,
      );
    // Enrolled in batches as the entries are decoded: decoded all at once, a 250,000-identity snapshot's
    // templates (2.5 M fingers as objects) overran V8's default 4 GB heap (docs/benchmarks.md, session 9).
    let items: { id: string; fingers: ReturnType<typeof enrolledFingers> }[] = [];
    for (const [identity, entry] of snapshot.entries) {
      const event = entry.payload ? decodeGalleryEvent(entry.payload) : undefined;
      this.#entries.set(identity, {
        eventId: entry.eventId,
        fingers: event?.kind === "enrol" ? packEncodedFingers(event.fingers) : undefined,
      });
      if (event?.kind === "enrol") items.push({ id: identity, fingers: enrolledFingers(event) });
      if (items.length >= FARM_PARAMETERS.catchUpBatch) {
        await this.#gallery.enrolMany(items);
        items = [];
        // Without search threads enrolMany runs on this thread; between batches the client must get to
        // answer the server's pings, or a long load loses the connection (session 9: a 250,000-identity
        // snapshot blocked it for minutes and the next JetStream request timed out).
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await this.#gallery.enrolMany(items);
    this.#applied = snapshot.seq;
    this.#snapshotSeq = snapshot.seq;
  }

  /**
   * Writes the shard's state at the applied sequence to the object store; returns the sequence the
   * stored snapshot covers. Another replica's newer snapshot is not overwritten, nor is one written that
   * the stream's trim has overtaken (a new replica could not catch up from it).
   */
  async writeSnapshot(): Promise<number> {
    const { shard, repository } = this.#options;
    const seq = this.#applied;
    const bucket = await this.#bucket();
    const name = this.#names.snapshotObject(shard.index, shard.count);
    const stored = (await objectSequence(bucket, name)) ?? 0;
    if (this.#stale || seq < (await trimmedThrough(bucket, this.#names))) return stored;
    if (stored >= seq) {
      this.#snapshotSeq = Math.max(this.#snapshotSeq, seq);
      return stored;
    }
    // The entries as of `seq` (they are replaced, never changed, so the copy is of references only)...
    const kept = [...this.#entries];
    // ...streamed: the payloads are encoded as the stream carried them one entry at a time, never all at once.
    const chunks = shardSnapshotChunks({
      repository,
      shard: shard.index,
      shards: shard.count,
      seq,
      count: kept.length,
      entries: snapshotEntries(kept),
    });
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    });
    await bucket.put({ name, metadata: { [SEQ_METADATA]: String(seq) } }, body);
    this.#snapshotSeq = Math.max(this.#snapshotSeq, seq);
    return seq;
  }

  #follow(js: JetStreamClient): void {
    // Two loops: the consumer's only moves messages into a queue, so the iterator keeps running the
    // client's flow-control and heartbeat callbacks (an iterator left waiting while a batch is enrolled
    // misses heartbeats and is reset); the applier enrols what is queued in batches on the worker threads.
    const queue: QueuedEvent[] = [];
    let wake: (() => void) | undefined;
    let consumed = false;
    const consuming = (async () => {
      const consumer = await js.consumers.get(this.#names.stream, {
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: this.#applied + 1,
      });
      this.#messages = await consumer.consume();
      let expected = this.#applied + 1;
      for await (const msg of this.#messages) {
        // A gap is an erased message (skip it) or a trim this replica fell behind (it cannot go on).
        if (msg.seq > expected) {
          const trimmed = await trimmedThrough(await this.#bucket(), this.#names);
          if (trimmed >= expected) {
            this.#becomeStale(
              `the stream of ${this.#options.repository} is trimmed through sequence ${trimmed}, this replica needed ${expected} next`,
            );
            return;
          }
        }
        expected = msg.seq + 1;
        queue.push({
          seq: msg.seq,
          eventId: Number(msg.headers?.get(EVENT_ID_HEADER) ?? msg.seq),
          data: msg.data,
        });
        wake?.();
      }
    })().finally(() => {
      consumed = true;
      wake?.();
    });
    const applying = (async () => {
      for (;;) {
        if (queue.length === 0) {
          if (consumed) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        await this.#apply(queue.splice(0, FARM_PARAMETERS.catchUpBatch));
      }
    })();
    this.#following = Promise.all([consuming, applying]).then(() => {});
    this.#following.catch((error) => {
      if (!this.#closed) this.#log(`stream consumer stopped: ${String(error)}`);
    });
  }

  /** Applies queued events in stream order; deletions wait for the enrolments before them. */
  async #apply(events: readonly QueuedEvent[]): Promise<void> {
    let batch: { id: string; fingers: ReturnType<typeof enrolledFingers> }[] = [];
    const flush = async () => {
      if (batch.length > 0) await this.#gallery.enrolMany(batch);
      batch = [];
    };
    for (const queued of events) {
      const event = this.#change(queued);
      if (event?.kind === "enrol") batch.push({ id: event.identity, fingers: enrolledFingers(event) });
      else if (event) {
        await flush();
        this.#gallery.delete(event.identity);
      }
    }
    await flush();
    const last = events.at(-1);
    if (last) this.#advance(last.seq);
  }

  /** The event if it belongs to this shard and is newer than what the identity has; records it. */
  #change(queued: QueuedEvent): GalleryEvent | undefined {
    const event = decodeGalleryEvent(queued.data);
    if (shardOf(event.identity, this.#options.shard.count) !== this.#options.shard.index) return undefined;
    const known = this.#entries.get(event.identity);
    // A republished event outside the duplicate window arrives again, after newer ones.
    if (known && known.eventId >= queued.eventId) return undefined;
    this.#entries.set(event.identity, {
      eventId: queued.eventId,
      fingers: event.kind === "enrol" ? packEncodedFingers(event.fingers) : undefined,
    });
    return event;
  }

  #becomeStale(message: string): void {
    const error = new StaleShardError(message);
    this.#stale = error;
    this.#ready = false;
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
    this.#log(`${message}: stopped answering`);
    this.#stopped(error);
  }

  #advance(seq: number): void {
    this.#applied = Math.max(this.#applied, seq);
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const waiter = this.#waiters[i]!;
      if (waiter.seq <= this.#applied) {
        this.#waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves true once the shard has applied `seq`, false after `timeoutMs`. */
  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    if (seq <= this.#applied) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            const at = this.#waiters.indexOf(waiter);
            if (at >= 0) this.#waiters.splice(at, 1);
            resolve(false);
          }, timeoutMs)
        : undefined;
      const waiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  async #answer(msg: Msg): Promise<void> {
    const shard = this.#options.shard.index;
    const replica = this.#replica;
    let reply: ShardSearchReply;
    try {
      const request = decodeJson<ShardSearchRequest>(msg.data);
      const probe = decodeProbe(request.probe);
      const minSeq = Number(request.minSeq ?? 0);
      if (!(await this.waitFor(minSeq, this.#options.readYourWritesMs ?? FARM_PARAMETERS.readYourWritesMs))) {
        reply = {
          ok: false,
          shard,
          replica,
          error: "behind",
          message: `shard ${shard} has applied stream sequence ${this.#applied}, the search needs ${minSeq}`,
          applied: this.#applied,
        };
      } else {
        const applied = this.#applied;
        const result: SearchResult = await this.#gallery.search(probe, {
          maxCandidates: request.maxCandidates,
          ...(request.exhaustive ? { exhaustive: true } : {}),
        });
        reply = {
          ok: true,
          shard,
          replica,
          applied,
          gallerySize: result.gallerySize,
          candidates: result.candidates,
          comparisons: result.comparisons,
          eligible: result.penetration > 0 ? Math.round(result.comparisons / result.penetration) : 0,
          filterMs: result.filterMs,
          matchMs: result.matchMs,
        };
      }
    } catch (error) {
      reply = {
        ok: false,
        shard,
        replica,
        error: "bad-request",
        message: error instanceof Error ? error.message : String(error),
        applied: this.#applied,
      };
    }
    msg.respond(encodeJson(reply));
  }

  #log(line: string): void {
    this.#options.log?.(`matcher ${this.#replica}: ${line}`);
  }

  /** Stops answering and following; the connection stays the caller's. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.#subscription?.unsubscribe();
    this.#status?.unsubscribe();
    await this.#messages?.close();
    await this.#following.catch(() => {});
    await this.#gallery.close();
  }
}

/** Kept entries as a snapshot holds them: each enrolment's event as the stream carried it. */
function* snapshotEntries(
  kept: readonly (readonly [string, KeptEntry])[],
): Generator<readonly [string, SnapshotEntry]> {
  for (const [identity, entry] of kept) {
    yield [
      identity,
      {
        eventId: entry.eventId,
        payload: entry.fingers
          ? encodeGalleryEvent({ kind: "enrol", identity, fingers: unpackEncodedFingers(entry.fingers) })
          : undefined,
      },
    ];
  }
}
