import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers, type NatsConnection, nanos } from "@nats-io/transport-node";
import { type Kysely, sql } from "kysely";
import type { HubDatabase } from "../storage/database-schema.js";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { type FarmNames, farmNames } from "./farm-names.js";
import { FARM_PARAMETERS } from "./farm-parameters.js";
import { encodeGalleryEvent, type GalleryEvent } from "./gallery-event.js";

/** The header carrying the event's database id: matchers drop an event older than one already applied. */
export const EVENT_ID_HEADER = "Tenprint-Event-Id";

/**
 * Appends events to the enrolment log inside the caller's transaction, after its gallery_templates
 * writes: a second transaction changing the same identity waits on those rows, so per identity the ids
 * follow commit order.
 */
export async function appendGalleryEvents(
  trx: Kysely<HubDatabase>,
  repository: RepositoryName,
  events: readonly GalleryEvent[],
): Promise<void> {
  if (events.length === 0) return;
  // A few hundred rows per statement: each carries a template payload of a few kilobytes.
  for (let start = 0; start < events.length; start += 200) {
    await trx
      .insertInto("gallery_events")
      .values(
        events.slice(start, start + 200).map((event) => ({
          repository,
          kind: event.kind,
          identity: event.identity,
          payload: encodeGalleryEvent(event),
        })),
      )
      .execute();
  }
}

/** Creates the repository's stream if absent (idempotent; hub and matchers both call it). */
export async function ensureGalleryStream(jsm: JetStreamManager, names: FarmNames): Promise<void> {
  try {
    await jsm.streams.info(names.stream);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await jsm.streams.add({
      name: names.stream,
      subjects: [names.events],
      duplicate_window: nanos(FARM_PARAMETERS.duplicateWindowMs),
    });
  } catch (error) {
    // Another process created it between our look and our add.
    if (!String(error).includes("already in use")) throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test(String(error));
}

/**
 * The outbox publisher of the enrolment log: publishes committed, unpublished events in id order with
 * Nats-Msg-Id `<stream>:<id>`, then records the stream sequence JetStream gave them. Any hub process may
 * run it at any time: publishing an event twice stores it once (the duplicate's ack carries the first
 * sequence), so a process killed between publish and update loses nothing and duplicates nothing.
 */
export class EnrolmentLogPublisher {
  readonly #db: Kysely<HubDatabase>;
  readonly #js: JetStreamClient;
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #ready = new Map<RepositoryName, Promise<void>>();
  readonly #running = new Map<RepositoryName, Promise<number>>();

  constructor(db: Kysely<HubDatabase>, nc: NatsConnection, prefix: string = FARM_PARAMETERS.defaultPrefix) {
    this.#db = db;
    this.#js = jetstream(nc);
    this.#nc = nc;
    this.#prefix = prefix;
  }

  names(repository: RepositoryName): FarmNames {
    return farmNames(this.#prefix, repository);
  }

  #ensure(repository: RepositoryName): Promise<void> {
    let ready = this.#ready.get(repository);
    if (!ready) {
      // Asked when first needed, and again after a failure (a slow or restarting server).
      ready = jetstreamManager(this.#nc).then((jsm) => ensureGalleryStream(jsm, this.names(repository)));
      ready.catch(() => this.#ready.delete(repository));
      this.#ready.set(repository, ready);
    }
    return ready;
  }

  /**
   * Publishes every event committed before the call; returns the repository's highest stream sequence
   * (0 when the log is empty): a search that must see those events asks the shards for it.
   */
  publishPending(repository: RepositoryName): Promise<number> {
    // Within a process one round at a time per repository; a caller arriving during a round waits for
    // the next one, which sees what it committed.
    const previous = this.#running.get(repository) ?? Promise.resolve(0);
    const round = previous.catch(() => 0).then(() => this.#publishAll(repository));
    this.#running.set(repository, round);
    return round;
  }

  async #publishAll(repository: RepositoryName): Promise<number> {
    await this.#ensure(repository);
    const names = this.names(repository);
    for (;;) {
      const rows = await this.#db
        .selectFrom("gallery_events")
        .select(["id", "payload"])
        .where("repository", "=", repository)
        .where("stream_seq", "is", null)
        .orderBy("id")
        .limit(FARM_PARAMETERS.publishBatch)
        .execute();
      // Sent in id order on one connection, so JetStream stores them in that order; the acks are awaited
      // together (one round trip per batch, not per event), then recorded in one statement.
      const acks = await Promise.all(
        rows.map((row) => {
          const h = headers();
          h.set(EVENT_ID_HEADER, String(row.id));
          return this.#js.publish(names.events, row.payload, {
            msgID: `${names.stream}:${row.id}`,
            headers: h,
          });
        }),
      );
      if (rows.length > 0) {
        const published = rows.map((row, i) => sql`(${Number(row.id)}::bigint, ${acks[i]!.seq}::bigint)`);
        await sql`update gallery_events set stream_seq = v.seq, published_at = now()
          from (values ${sql.join(published)}) as v(id, seq)
          where gallery_events.id = v.id and gallery_events.stream_seq is null`.execute(this.#db);
      }
      if (rows.length < FARM_PARAMETERS.publishBatch) break;
    }
    return this.lastSequence(repository);
  }

  /**
   * Erases messages from the repository's stream (an expunged or corrected identity's enrolment events
   * carry its templates); returns how many it could not erase. A message already gone (erased before, or
   * never stored) counts as erased.
   */
  async erase(repository: RepositoryName, sequences: readonly number[]): Promise<number> {
    if (sequences.length === 0) return 0;
    await this.#ensure(repository);
    const jsm = await jetstreamManager(this.#nc);
    const stream = this.names(repository).stream;
    let failed = 0;
    for (const seq of sequences) {
      try {
        await jsm.streams.deleteMessage(stream, seq, true);
      } catch (error) {
        if (!/no message found|not found/i.test(String(error))) failed++;
      }
    }
    return failed;
  }

  /** The highest stream sequence recorded for the repository's events. */
  async lastSequence(repository: RepositoryName): Promise<number> {
    const row = await this.#db
      .selectFrom("gallery_events")
      .select((eb) => eb.fn.max("stream_seq").as("seq"))
      .where("repository", "=", repository)
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }
}
