import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { farmNames } from "../src/farm/farm-names.js";
import { FarmSearchError, type FarmSearchResult } from "../src/farm/farm-search.js";
import { type HubDatabaseHandle, HubRuntime, openHubDatabase } from "../src/index.js";
import { createTestSchema, dropTestSchema, POSTGRES_TEST_URL } from "./storage-backends.js";
import { connectTestNats, removeFarm, uniquePrefix } from "./support/farm-nats.js";
import { farmIdentities } from "./support/farm-templates.js";
import { MatcherProcess } from "./support/matcher-process.js";

/**
 * Issue 13 across processes: two hub runtimes (each its own PostgreSQL pool and NATS connection, sharing
 * nothing but the servers) over one database, and `tenprint matcher` child processes killed with SIGKILL:
 * enrolments through one hub are found through the other; a replica killed during searches costs no
 * answer and reports no partial one; replicas killed during enrolment lose and duplicate nothing, and a
 * new replica catching up from snapshot plus stream answers exactly as the one it replaces.
 */
const { fingersOf, probeOf } = farmIdentities(1313, [1, 2, 7]);

describe("farm across hub and matcher processes", () => {
  const prefix = uniquePrefix();
  const schema = prefix;
  const connections: NatsConnection[] = [];
  const handles: HubDatabaseHandle[] = [];
  let hubA: HubRuntime;
  let hubB: HubRuntime;
  const matchers = new Map<string, MatcherProcess>();
  const enrolled: number[] = [];

  const startMatcher = async (shard: string, replica: string) => {
    const matcher = new MatcherProcess({ prefix, repository: "ident", shard, replica });
    matchers.set(replica, matcher);
    return matcher;
  };

  async function openHub(): Promise<HubRuntime> {
    const nc = await connectTestNats();
    connections.push(nc);
    const url = new URL(POSTGRES_TEST_URL);
    url.searchParams.set("options", `-c search_path=${schema}`);
    const handle = await openHubDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
    handles.push(handle);
    return HubRuntime.attach(handle, {
      searchThreads: 0,
      extractionThreads: 0,
      farm: { nc, prefix, shards: { criminal: 1, ident: 2 }, searchTimeoutMs: 5000 },
    });
  }

  async function enrolThroughA(n: number): Promise<void> {
    await hubA.ident.enrol({ identity: `person-${n}` }, fingersOf(n));
    enrolled.push(n);
  }

  beforeAll(async () => {
    await createTestSchema(schema);
    hubA = await openHub();
    hubB = await openHub();
    const started = [
      await startMatcher("0/2", "0a"),
      await startMatcher("0/2", "0b"),
      await startMatcher("1/2", "1a"),
      await startMatcher("1/2", "1b"),
    ];
    await Promise.all(started.map((matcher) => matcher.ready()));
  }, 300_000);

  afterAll(async () => {
    for (const matcher of MatcherProcess.live) await matcher.kill("SIGTERM");
    await hubA?.close();
    await hubB?.close();
    if (connections[0]) await removeFarm(connections[0], prefix);
    for (const nc of connections) await nc.close();
    await dropTestSchema(schema);
  }, 60_000);

  it("finds through one hub a person enrolled through the other", async () => {
    await enrolThroughA(0);
    const result = (await hubB.ident.identify(probeOf(0))) as FarmSearchResult;
    expect(result.candidates[0]?.identity).toBe("person-0");
    expect(result.shards.map((s) => s.shard).sort()).toEqual([0, 1]);
  }, 30_000);

  it("answers every search completely while a replica is killed with SIGKILL", async () => {
    for (let n = 1; n <= 8; n++) await enrolThroughA(n);
    let complete = 0;
    let failedLoudly = 0;
    let partial = 0;
    for (let i = 0; i < 24; i++) {
      if (i === 6) void matchers.get("0a")!.kill();
      const n = enrolled[i % enrolled.length]!;
      try {
        const result = (await hubB.ident.identify(probeOf(n))) as FarmSearchResult;
        if (result.shards.length !== 2 || result.candidates[0]?.identity !== `person-${n}`) partial++;
        else complete++;
      } catch (error) {
        expect(error).toBeInstanceOf(FarmSearchError);
        failedLoudly++;
      }
    }
    expect({ complete, failedLoudly, partial }).toEqual({ complete: 24, failedLoudly: 0, partial: 0 });
  }, 120_000);

  it("loses and duplicates no enrolment when replicas are killed during enrolment; a new one catches up", async () => {
    for (let n = 9; n <= 40; n++) {
      await enrolThroughA(n);
      if (n === 15) await matchers.get("1a")!.kill();
      // Past a snapshot interval (1 s), so the new replica starts from a snapshot plus the tail.
      if (n === 25) await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    const fresh = await startMatcher("1/2", "1c");
    await fresh.ready();
    expect(fresh.output).not.toMatch(/snapshot at 0\)/);
    const answers = new Map<number, FarmSearchResult>();
    for (const n of enrolled) {
      const result = (await hubB.ident.identify(probeOf(n))) as FarmSearchResult;
      expect(result.candidates[0]?.identity).toBe(`person-${n}`);
      expect(result.gallerySize).toBe(enrolled.length);
      answers.set(n, result);
    }
    // One event per enrolment in the stream, however often it was published.
    const jsm = await jetstreamManager(connections[0]!);
    expect((await jsm.streams.info(farmNames(prefix, "ident").stream)).state.messages).toBe(enrolled.length);
    // Only the new replica is left for shard 1: it answers exactly as before.
    await matchers.get("1b")!.kill();
    for (const n of enrolled) {
      const result = (await hubB.ident.identify(probeOf(n))) as FarmSearchResult;
      expect(result.candidates).toEqual(answers.get(n)!.candidates);
      expect(result.shards.find((s) => s.shard === 1)?.replica).toBe("1c");
    }
  }, 300_000);
});
