import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { TenprintGallery } from "@tenprint/afis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendGalleryEvents, EnrolmentLogPublisher } from "../src/farm/enrolment-log.js";
import { trimEnrolmentLog } from "../src/farm/enrolment-log-trim.js";
import { farmNames } from "../src/farm/farm-names.js";
import { FarmSearch } from "../src/farm/farm-search.js";
import { enrolEvent, type GalleryEvent } from "../src/farm/gallery-event.js";
import { ShardMatcher, StaleShardError } from "../src/farm/shard-matcher.js";
import type { HubDatabaseHandle } from "../src/index.js";
import { BACKENDS } from "./storage-backends.js";
import { connectTestNats, removeFarm, uniquePrefix } from "./support/farm-nats.js";
import { farmIdentities, ordered } from "./support/farm-templates.js";

/**
 * Decision 0011's trimming rule on a real JetStream: the enrolment stream is purged through the lowest
 * sequence every shard's snapshot covers, never while a shard has none; a new replica then catches up
 * from snapshot plus the remaining tail and answers exactly as one gallery holding the same identities;
 * a gap left by an erased message is not taken for a trim; a replica whose snapshot the trim overtook
 * refuses to answer.
 */
const postgres = BACKENDS.find((backend) => backend.name === "postgres")!;
const { fingersOf, probeOf } = farmIdentities(1301, [1, 2, 6]);

describe("trimming the enrolment stream", () => {
  let handle: HubDatabaseHandle;
  let nc: NatsConnection;
  let publisher: EnrolmentLogPublisher;
  const prefix = uniquePrefix();
  const names = farmNames(prefix, "ident");
  const reference = new TenprintGallery({ workers: 0 });
  const matchers = new Map<string, ShardMatcher>();
  const start = async (index: number, count: number, replica: string) => {
    const matcher = await ShardMatcher.start({
      nc,
      prefix,
      repository: "ident",
      shard: { index, count },
      replica,
      snapshotIntervalMs: 3_600_000,
    });
    matchers.set(replica, matcher);
    return matcher;
  };

  async function enrol(events: GalleryEvent[]): Promise<number> {
    await handle.db.transaction().execute((trx) => appendGalleryEvents(trx, "ident", events));
    for (const event of events) {
      if (event.kind === "enrol") reference.enrol(event.identity, fingersOf(Number(event.identity.slice(7))));
      else reference.delete(event.identity);
    }
    return publisher.publishPending("ident");
  }

  beforeAll(async () => {
    nc = await connectTestNats();
    handle = await postgres.open();
    publisher = new EnrolmentLogPublisher(handle.db, nc, prefix);
    await enrol(Array.from({ length: 30 }, (_, n) => enrolEvent(`person-${n}`, fingersOf(n))));
    await start(0, 2, "0a");
    await start(1, 2, "1a");
  }, 60_000);

  afterAll(async () => {
    for (const matcher of matchers.values()) await matcher.close();
    await removeFarm(nc, prefix);
    await nc?.close();
    await handle?.close();
    await reference.close();
  });

  it("trims nothing while a shard has no snapshot", async () => {
    const outcome = await trimEnrolmentLog(nc, "ident", 2, { prefix, statusWaitMs: 300 });
    expect(outcome).toMatchObject({ trimmed: false, through: 0, reason: "shard 0/2 has no snapshot" });
    const info = await (await jetstreamManager(nc)).streams.info(names.stream);
    expect([info.state.first_seq, info.state.messages]).toEqual([1, 30]);
  });

  it("trims through the snapshots; a new replica catches up from snapshot and tail, exactly", async () => {
    expect(await matchers.get("0a")!.writeSnapshot()).toBe(30);
    expect(await matchers.get("1a")!.writeSnapshot()).toBe(30);
    // The tail: person-30 (erased below: replaced later), 8 more, person-30 again, person-2 deleted.
    const last = await enrol([
      ...Array.from({ length: 9 }, (_, i) => enrolEvent(`person-${30 + i}`, fingersOf(30 + i))),
      enrolEvent("person-30", fingersOf(30)),
      { kind: "delete", identity: "person-2" },
    ]);
    expect(last).toBe(41);
    const outcome = await trimEnrolmentLog(nc, "ident", 2, { prefix, statusWaitMs: 300 });
    expect(outcome).toEqual({ trimmed: true, through: 30, purged: 30 });
    // Trimming again finds nothing new to trim.
    expect(await trimEnrolmentLog(nc, "ident", 2, { prefix, statusWaitMs: 300 })).toMatchObject({
      trimmed: false,
      through: 30,
    });
    // The first message after the trim is erased: a gap the new replicas must not take for a trim.
    expect(await publisher.erase("ident", [31])).toBe(0);
    const info = await (await jetstreamManager(nc)).streams.info(names.stream);
    expect([info.state.first_seq, info.state.last_seq, info.state.messages]).toEqual([32, 41, 10]);

    const fresh0 = await start(0, 2, "0b");
    const fresh1 = await start(1, 2, "1b");
    for (const [fresh, old] of [
      [fresh0, "0a"],
      [fresh1, "1a"],
    ] as const) {
      expect(fresh.status()).toMatchObject({ ready: true, applied: 41, snapshotSeq: 30 });
      expect(fresh.size).toBe(matchers.get(old)!.size);
      await matchers.get(old)!.close();
      matchers.delete(old);
    }
    expect(fresh0.size + fresh1.size).toBe(reference.size);
    const search = new FarmSearch(nc, "ident", 2, prefix);
    for (const n of [0, 2, 7, 30, 33, 38]) {
      const expected = await reference.search(probeOf(n), { maxCandidates: 10 });
      const result = await search.search(probeOf(n), { maxCandidates: 10, minSeq: last });
      expect(result.shards.map((s) => s.replica).sort()).toEqual(["0b", "1b"]);
      expect(result.gallerySize).toBe(reference.size);
      expect(result.candidates).toEqual(ordered(expected.candidates));
    }
  }, 60_000);

  it("refuses to start a replica whose snapshot the trim overtook", async () => {
    // A layout with no snapshot at all: the events it would need are gone.
    await expect(start(0, 4, "new-layout")).rejects.toThrow(StaleShardError);
    await expect(start(0, 4, "new-layout")).rejects.toThrow(/trimmed through sequence 30/);
  }, 30_000);
});
