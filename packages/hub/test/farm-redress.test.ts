import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { type ProbeFinger, readTenprintTemplate, writeTenprintTemplate } from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnrolmentCandidate } from "../src/enrolment/enrolment-sources.js";
import { farmNames, shardOf } from "../src/farm/farm-names.js";
import { FarmSearch } from "../src/farm/farm-search.js";
import { ShardMatcher } from "../src/farm/shard-matcher.js";
import { enrolmentWriter, enrolRepository, type HubDatabaseHandle, HubRuntime } from "../src/index.js";
import { BACKENDS } from "./storage-backends.js";
import { connectTestNats, removeFarm, uniquePrefix } from "./support/farm-nats.js";

/**
 * Decision 0018 on a matcher farm: bulk enrolment goes through the enrolment log; an expunged identity
 * leaves every shard (and the stream keeps no message with its templates), a replica restarted from
 * snapshot and stream does not bring it back, and a correction's prints replace the old ones on the shard.
 */
const postgres = BACKENDS.find((backend) => backend.name === "postgres")!;
const SEED = 18;
const IDENTITIES = 40;
const SHARDS = 2;
const POSITIONS = [1, 2, 6, 7];

function template(identity: number, position: number, impression: number) {
  return readTenprintTemplate(
    writeTenprintTemplate(syntheticTemplate({ seed: SEED, identity, finger: position, impression })),
  );
}

function fingersOf(identity: number) {
  return POSITIONS.map((position) => ({ position, template: template(identity, position, 1) }));
}

function probeOf(identity: number): ProbeFinger[] {
  return POSITIONS.map((position) => ({ position, template: template(identity, position, 2) }));
}

const ORDER = {
  actor: "test:officer",
  actorOri: "DCDHSID00",
  reason: "court order",
  authority: "US District Court",
  reference: "1:26-cv-0018",
};

describe("expungement and correction on a matcher farm", () => {
  let handle: HubDatabaseHandle;
  let nc: NatsConnection;
  let hub: HubRuntime;
  const prefix = uniquePrefix();
  const matchers: ShardMatcher[] = [];
  const start = async (index: number, replica: string) => {
    const matcher = await ShardMatcher.start({
      nc,
      prefix,
      repository: "ident",
      shard: { index, count: SHARDS },
      replica,
      readYourWritesMs: 2000,
      snapshotIntervalMs: 200,
    });
    matchers.push(matcher);
    return matcher;
  };
  /** The shards' own answer, without the hub's tombstone filter. */
  const shardsAnswer = async (probe: ProbeFinger[]) => {
    const minSeq = await hub.enrolmentLog!.publishPending("ident");
    return new FarmSearch(nc, "ident", SHARDS, prefix).search(probe, { minSeq });
  };

  beforeAll(async () => {
    nc = await connectTestNats();
    handle = await postgres.open();
    hub = await HubRuntime.attach(
      { ...handle, close: async () => {} },
      {
        searchThreads: 0,
        extractionThreads: 0,
        farm: { nc, prefix, shards: { criminal: 1, ident: SHARDS } },
      },
    );
    const candidates: EnrolmentCandidate[] = Array.from({ length: IDENTITIES }, (_, i) => ({
      kind: "candidate",
      source: `test:${i}`,
      record: {
        synthetic: true,
        identity: `FIN${i}`,
        fin: `FIN${i}`,
        name: { surname: "FARM", given: `PERSON ${i}` },
        dateOfBirth: "19900101",
        sex: "F",
      },
      fingers: fingersOf(i),
    }));
    const counts = await enrolRepository(
      (async function* () {
        yield* candidates;
      })(),
      {
        db: handle.db,
        repository: "ident",
        write: enrolmentWriter(handle.db, "ident", { publisher: hub.enrolmentLog! }),
        batchSize: 16,
      },
    );
    expect(counts.enrolled).toBe(IDENTITIES);
    for (let index = 0; index < SHARDS; index++) await start(index, `r${index}`);
  }, 60_000);

  afterAll(async () => {
    for (const matcher of matchers) await matcher.close();
    await hub?.close();
    if (nc) await removeFarm(nc, prefix);
    await nc?.close();
    await handle?.close();
  });

  it("removes an expunged identity from its shard and the stream; a restarted replica does not bring it back", async () => {
    expect((await shardsAnswer(probeOf(7))).candidates[0]?.identity).toBe("FIN7");
    const published = await handle.db
      .selectFrom("gallery_events")
      .select("stream_seq")
      .where("identity", "=", "FIN7")
      .execute();
    const sequences = published.map((row) => Number(row.stream_seq));
    expect(sequences.length).toBeGreaterThan(0);

    const outcome = await hub.records.expunge("ident", "FIN7", ORDER);
    expect(outcome.streamMessagesLeft).toBe(0);
    expect((await shardsAnswer(probeOf(7))).candidates.map((c) => c.identity)).not.toContain("FIN7");
    expect((await hub.ident.identify(probeOf(7))).candidates.map((c) => c.identity)).not.toContain("FIN7");
    // No message with its templates stays in the stream.
    const jsm = await jetstreamManager(nc);
    const stream = farmNames(prefix, "ident").stream;
    const neighbour = await handle.db
      .selectFrom("gallery_events")
      .select("stream_seq")
      .where("identity", "=", "FIN8")
      .executeTakeFirstOrThrow();
    expect(await jsm.streams.getMessage(stream, { seq: Number(neighbour.stream_seq) })).not.toBeNull();
    for (const seq of sequences) expect(await jsm.streams.getMessage(stream, { seq })).toBeNull();
    // A replica of its shard started now (snapshot + stream) does not hold it either.
    const shard = shardOf("FIN7", SHARDS);
    await start(shard, `restarted-${shard}`);
    // The original replica of that shard goes, so the restarted one answers for it.
    const [original] = matchers.splice(shard, 1);
    await original?.close();
    expect((await shardsAnswer(probeOf(7))).candidates.map((c) => c.identity)).not.toContain("FIN7");
    expect((await shardsAnswer(probeOf(8))).candidates[0]?.identity).toBe("FIN8");
  }, 60_000);

  it("replaces a corrected identity's prints on its shard", async () => {
    const outcome = await hub.records.correct(
      "ident",
      "FIN9",
      { fingers: fingersOf(300) },
      { ...ORDER, reason: "redress: prints of another person", authority: "DHS TRIP", reference: "TRIP-18" },
    );
    expect(outcome.tombstone).toMatchObject({ action: "CORRECTED", changed: ["prints"] });
    const now = (await shardsAnswer(probeOf(300))).candidates;
    expect(now[0]?.identity).toBe("FIN9");
    // The old prints no longer match it (a small gallery lists everyone, so by score).
    const old = (await shardsAnswer(probeOf(9))).candidates.find((c) => c.identity === "FIN9");
    expect(old?.fusedScore ?? 0).toBeLessThan((now[0]?.fusedScore ?? 0) / 2);
  }, 60_000);
});
