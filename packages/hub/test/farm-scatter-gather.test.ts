import { jetstreamManager } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";
import { type ProbeFinger, TenprintGallery } from "@tenprint/afis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterStatus } from "../src/farm/cluster-status.js";
import { farmClusterView } from "../src/farm/cluster-view.js";
import { appendGalleryEvents, EnrolmentLogPublisher } from "../src/farm/enrolment-log.js";
import { farmNames, shardOf } from "../src/farm/farm-names.js";
import { FarmSearch, FarmSearchError } from "../src/farm/farm-search.js";
import { decodeGalleryEvent, enrolEvent, type GalleryEvent } from "../src/farm/gallery-event.js";
import { ShardMatcher } from "../src/farm/shard-matcher.js";
import { readShardSnapshot } from "../src/farm/shard-snapshot.js";
import type { HubDatabaseHandle } from "../src/index.js";
import { BACKENDS } from "./storage-backends.js";
import { connectTestNats, removeFarm, uniquePrefix } from "./support/farm-nats.js";
import { farmIdentities, ordered } from "./support/farm-templates.js";

/**
 * Issue 13: scatter-gather over S shards × R replicas answers exactly as one gallery holding the same
 * identities; a search sees every enrolment committed before it; a missing shard is an error, never a
 * smaller answer. Tiny template-level gallery (under the filter's minimum shortlist, so every shard
 * keeps every candidate it would in one gallery).
 */
const postgres = BACKENDS.find((backend) => backend.name === "postgres")!;
const IDENTITIES = 48;
const { fingersOf, probeOf } = farmIdentities(13, [1, 2, 6]);

describe("farm scatter-gather on NATS JetStream", () => {
  let handle: HubDatabaseHandle;
  let nc: NatsConnection;
  let publisher: EnrolmentLogPublisher;
  const prefix = uniquePrefix();
  const reference = new TenprintGallery({ workers: 0 });
  const matchers: ShardMatcher[] = [];
  const start = async (index: number, count: number, replica: string) => {
    const matcher = await ShardMatcher.start({
      nc,
      prefix,
      repository: "ident",
      shard: { index, count },
      replica,
      readYourWritesMs: 300,
    });
    matchers.push(matcher);
    return matcher;
  };

  async function enrol(events: GalleryEvent[]): Promise<number> {
    await handle.db.transaction().execute((trx) => appendGalleryEvents(trx, "ident", events));
    return publisher.publishPending("ident");
  }

  beforeAll(async () => {
    nc = await connectTestNats();
    handle = await postgres.open();
    publisher = new EnrolmentLogPublisher(handle.db, nc, prefix);
    const events: GalleryEvent[] = [];
    for (let i = 0; i < IDENTITIES; i++) {
      events.push(enrolEvent(`person-${i}`, fingersOf(i)));
      reference.enrol(`person-${i}`, fingersOf(i));
    }
    // A replacement and a deletion travel through the log too.
    events.push(enrolEvent("person-3", fingersOf(100)));
    reference.enrol("person-3", fingersOf(100));
    events.push({ kind: "delete", identity: "person-5" });
    reference.delete("person-5");
    await enrol(events);
    // S = 1; S = 2 with R = 2; S = 4.
    await start(0, 1, "s1");
    for (const replica of ["a", "b"])
      for (const index of [0, 1]) await start(index, 2, `s2-${index}${replica}`);
    for (const index of [0, 1, 2, 3]) await start(index, 4, `s4-${index}`);
  }, 60_000);

  afterAll(async () => {
    for (const matcher of matchers) await matcher.close();
    await removeFarm(nc, prefix);
    await nc?.close();
    await handle?.close();
    await reference.close();
  });

  it("answers every search with the single gallery's candidates and scores for S = 1, 2, 4", async () => {
    const probes = [probeOf(0), probeOf(7, [2]), probeOf(3), probeOf(100), probeOf(5), probeOf(31, [1, 6])];
    for (const probe of probes) {
      const expected = await reference.search(probe, { maxCandidates: 10 });
      for (const shards of [1, 2, 4]) {
        const result = await new FarmSearch(nc, "ident", shards, prefix).search(probe, { maxCandidates: 10 });
        expect(result.gallerySize).toBe(IDENTITIES - 1);
        expect(result.shards.map((s) => s.shard).sort()).toEqual(Array.from({ length: shards }, (_, i) => i));
        expect(result.candidates).toEqual(ordered(expected.candidates));
        expect(result.comparisons).toBe(expected.comparisons);
      }
    }
    // The mate is found, the replaced identity answers with its new prints, the deleted one not at all.
    const search = (probe: ProbeFinger[]) => new FarmSearch(nc, "ident", 2, prefix).search(probe);
    expect((await search(probeOf(7))).candidates[0]?.identity).toBe("person-7");
    expect((await search(probeOf(100))).candidates[0]?.identity).toBe("person-3");
    expect((await search(probeOf(5))).candidates.map((c) => c.identity)).not.toContain("person-5");
  });

  it("reads its writes: a search right after an enrolment finds it on every configuration", async () => {
    const seq = await enrol([enrolEvent("late-arrival", fingersOf(200))]);
    for (const shards of [1, 2, 4]) {
      const result = await new FarmSearch(nc, "ident", shards, prefix).search(probeOf(200), { minSeq: seq });
      expect(result.candidates[0]?.identity).toBe("late-arrival");
      for (const shard of result.shards) expect(shard.applied).toBeGreaterThanOrEqual(seq);
    }
  });

  it("fails loudly when a shard is behind or missing, never answering with fewer shards", async () => {
    const behind = new FarmSearch(nc, "ident", 2, prefix).search(probeOf(1), {
      minSeq: 1_000_000,
      attempts: 1,
    });
    await expect(behind).rejects.toBeInstanceOf(FarmSearchError);
    await expect(behind).rejects.toThrow(/shard 0 behind .*needs 1000000/);
    // Three shards configured, none serving: each is reported.
    const missing = new FarmSearch(nc, "ident", 3, prefix).search(probeOf(1), {
      attempts: 2,
      timeoutMs: 500,
    });
    await expect(missing).rejects.toThrow(/shard 0 did not answer.*shard 1 .*shard 2 /);
  });

  it("lists every replica with its shard, sequence and lag, and the shards nobody serves", async () => {
    const seq = await publisher.lastSequence("ident");
    const [criminal, ident] = await clusterStatus(nc, { prefix, shards: { criminal: 1, ident: 2 } });
    expect(criminal).toMatchObject({ repository: "criminal", matchers: [], uncovered: [0] });
    expect(ident!.streamSeq).toBe(seq);
    expect(ident!.uncovered).toEqual([]);
    expect(ident!.matchers.filter((m) => m.shards === 2).map((m) => m.replica)).toEqual([
      "s2-0a",
      "s2-0b",
      "s2-1a",
      "s2-1b",
    ]);
    for (const m of ident!.matchers) expect(m).toMatchObject({ ready: true, lag: 0, applied: seq });
    // What GET /v1/cluster answers: identities summed over shards (one replica each), none when uncovered.
    const view = farmClusterView([criminal!, ident!], prefix, new Date("2026-12-07T07:00:00Z"));
    expect(view).toMatchObject({ mode: "farm", prefix, checkedAt: "2026-12-07T07:00:00.000Z" });
    expect(view.repositories[0]).toMatchObject({ repository: "criminal", identities: null, uncovered: [0] });
    const perShard = [0, 1].map(
      (shard) => ident!.matchers.find((m) => m.shards === 2 && m.shard === shard)!.identities,
    );
    expect(view.repositories[1]!.identities).toBe(perShard[0]! + perShard[1]!);
    expect(view.repositories[1]!.streamSeq).toBe(seq);
    const [, three] = await clusterStatus(nc, { prefix, shards: { ident: 3 } });
    expect(three!.uncovered).toEqual([0, 1, 2]);
    // A farm where no matcher runs at all.
    const [, none] = await clusterStatus(nc, { prefix: `${prefix}_none`, shards: { ident: 2 } });
    expect(none).toMatchObject({ streamSeq: 0, matchers: [], uncovered: [0, 1] });
  });

  it("starts a new replica from the snapshot plus the stream's tail and answers as the others", async () => {
    const zero = matchers.find((m) => m.status().replica === "s2-0a")!;
    const snapshotSeq = await zero.writeSnapshot();
    // The snapshot carries every identity's last enrolment exactly as the stream did (the replica keeps
    // the templates packed, not the message bodies, and encodes them again when it writes).
    const names = farmNames(prefix, "ident");
    const bucket = await new Objm(nc).open(names.snapshots);
    const snapshot = readShardSnapshot((await bucket.getBlob(names.snapshotObject(0, 2)))!);
    expect(snapshot.seq).toBe(snapshotSeq);
    const jsm = await jetstreamManager(nc);
    const last = new Map<string, Uint8Array>();
    for (let seq = 1; seq <= snapshotSeq; seq++) {
      const message = await jsm.streams.getMessage(names.stream, { seq });
      const event = decodeGalleryEvent(message!.data);
      if (shardOf(event.identity, 2) === 0) last.set(event.identity, message!.data);
    }
    expect(snapshot.entries.size).toBe(last.size);
    for (const [identity, data] of last) {
      const entry = snapshot.entries.get(identity);
      // Compared as plain byte arrays (the object store hands back a Buffer).
      if (decodeGalleryEvent(data).kind === "enrol")
        expect(new Uint8Array(entry!.payload!)).toEqual(new Uint8Array(data));
      else expect(entry?.payload).toBeUndefined();
    }
    const seq = await enrol([
      enrolEvent("after-snapshot", fingersOf(300)),
      { kind: "delete", identity: "person-8" },
    ]);
    const fresh = await start(0, 2, "s2-0c");
    expect(fresh.status()).toMatchObject({ ready: true, snapshotSeq, identities: zero.size });
    expect(fresh.applied).toBeGreaterThanOrEqual(seq);
    // Only the new replica of shard 0 left beside shard 1's: its answers are the gallery's.
    await zero.close();
    await matchers.find((m) => m.status().replica === "s2-0b")!.close();
    reference.enrol("late-arrival", fingersOf(200));
    reference.enrol("after-snapshot", fingersOf(300));
    reference.delete("person-8");
    for (const probe of [probeOf(300), probeOf(8), probeOf(12)]) {
      const expected = await reference.search(probe);
      const result = await new FarmSearch(nc, "ident", 2, prefix).search(probe, { minSeq: seq });
      expect(result.candidates).toEqual(ordered(expected.candidates));
    }
  });
});
