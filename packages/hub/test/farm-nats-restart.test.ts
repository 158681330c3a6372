import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectFarm } from "../src/farm/farm-connection.js";
import { farmNames } from "../src/farm/farm-names.js";
import { EnrolmentLogUnavailableError } from "../src/farm/farm-repository.js";
import { FarmSearchError, type FarmSearchResult } from "../src/farm/farm-search.js";
import { type HubDatabaseHandle, HubRuntime, openHubDatabase } from "../src/index.js";
import { createTestSchema, dropTestSchema, POSTGRES_TEST_URL } from "./storage-backends.js";
import { uniquePrefix } from "./support/farm-nats.js";
import { farmIdentities } from "./support/farm-templates.js";
import { MatcherProcess } from "./support/matcher-process.js";
import { PrivateNats } from "./support/private-nats.js";

/**
 * Issue 13, "NATS restarted mid-run": a hub runtime and `tenprint matcher` processes on a nats-server of
 * this test's own, stopped during a stream of enrolments and searches (once cleanly with SIGTERM, once
 * with SIGKILL) and started again on the same port and store. The hub and the matchers must reconnect by
 * themselves; every enrolment reaches the stream exactly once; every search is either answered by every
 * shard with the whole gallery or fails with an error (and is retried, as the work queue would), never a
 * smaller answer passed off as complete.
 */
const { fingersOf, probeOf } = farmIdentities(1414, [1, 2, 7]);
/** Enrolment-and-search rounds per restart; the server is down from round DOWN_AT to round UP_AT. */
const ROUNDS = 12;
const DOWN_AT = 4;
const UP_AT = 7;

describe("farm across a NATS restart", () => {
  const prefix = uniquePrefix();
  const schema = prefix;
  let nats: PrivateNats;
  let nc: NatsConnection;
  let handle: HubDatabaseHandle;
  let hub: HubRuntime;
  const matchers: MatcherProcess[] = [];
  const enrolled: number[] = [];

  beforeAll(async () => {
    await createTestSchema(schema);
    nats = await PrivateNats.start();
    // As `tenprint serve --nats` connects: reconnecting for ever.
    nc = await connectFarm(nats.url, "farm-nats-restart hub");
    const url = new URL(POSTGRES_TEST_URL);
    url.searchParams.set("options", `-c search_path=${schema}`);
    handle = await openHubDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
    hub = await HubRuntime.attach(handle, {
      searchThreads: 0,
      extractionThreads: 0,
      workflowLoops: 1,
      farm: { nc, prefix, shards: { criminal: 1, ident: 2 }, searchTimeoutMs: 2000, trimIntervalMs: 0 },
    });
    // The loops publish what was committed while NATS was away, even when no search asks for it.
    hub.start();
    for (const shard of ["0/2", "1/2"])
      matchers.push(
        new MatcherProcess({ prefix, repository: "ident", shard, replica: `m${shard[0]}`, nats: nats.url }),
      );
    await Promise.all(matchers.map((matcher) => matcher.ready()));
  }, 300_000);

  afterAll(async () => {
    for (const matcher of matchers) await matcher.kill("SIGTERM");
    await hub?.close();
    await nc?.close();
    await nats?.remove();
    await dropTestSchema(schema);
  }, 60_000);

  /** A search that returned: complete when both shards answered over every identity enrolled so far. */
  function isComplete(result: FarmSearchResult, n: number): boolean {
    return (
      result.shards.length === 2 &&
      result.gallerySize === enrolled.length &&
      result.candidates[0]?.identity === `person-${n}`
    );
  }

  it.each([
    ["SIGTERM", 0],
    ["SIGKILL", 100],
  ] as const)(
    "reconnects after a %s restart; no enrolment lost or duplicated, no partial answer",
    async (signal, first) => {
      let complete = 0;
      let partial = 0;
      const failed: { n: number; error: string }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round === DOWN_AT) await nats.stop(signal);
        if (round === UP_AT) await nats.restart();
        // Commits to PostgreSQL whether or not NATS is there; the event is published now or later.
        await hub.ident.enrol({ identity: `person-${first + round}` }, fingersOf(first + round));
        enrolled.push(first + round);
        const n = enrolled[(round * 7) % enrolled.length]!;
        try {
          const result = (await hub.ident.identify(probeOf(n))) as FarmSearchResult;
          if (isComplete(result, n)) complete++;
          else partial++;
        } catch (error) {
          // Loudly: an error naming the farm's trouble, not a result.
          expect([FarmSearchError, EnrolmentLogUnavailableError]).toContain((error as Error).constructor);
          failed.push({ n, error: String(error) });
        }
      }
      // The searches that failed are retried, as the work queue retries a failed search step.
      const retried = [];
      for (const { n } of failed) {
        const deadline = Date.now() + 60_000;
        for (;;) {
          try {
            const result = (await hub.ident.identify(probeOf(n))) as FarmSearchResult;
            if (isComplete(result, n)) retried.push(n);
            else partial++;
            break;
          } catch (error) {
            if (Date.now() > deadline)
              throw new Error(`search for person-${n} still fails: ${String(error)}`);
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
      }
      expect(partial).toBe(0);
      expect(complete + retried.length).toBe(ROUNDS);
      // Searches during the outage failed loudly (they did not wait or guess).
      expect(failed.length).toBeGreaterThan(0);

      // Nothing lost: everyone enrolled, before, during and after the outage, is found by both matchers.
      for (const n of enrolled) {
        const result = (await hub.ident.identify(probeOf(n))) as FarmSearchResult;
        expect(isComplete(result, n), `person-${n}`).toBe(true);
      }
      // Nothing duplicated: one message per enrolment in the stream, each recorded once.
      const jsm = await jetstreamManager(nc);
      const stream = await jsm.streams.info(farmNames(prefix, "ident").stream);
      expect(stream.state.messages).toBe(enrolled.length);
      expect(stream.state.last_seq).toBe(enrolled.length);
      const events = await handle.db
        .selectFrom("gallery_events")
        .select(["stream_seq"])
        .where("repository", "=", "ident")
        .execute();
      expect(events.length).toBe(enrolled.length);
      expect(new Set(events.map((e) => Number(e.stream_seq))).size).toBe(enrolled.length);
      expect(events.some((e) => e.stream_seq === null)).toBe(false);
      // The matchers never stopped following the stream.
      for (const matcher of matchers) expect(matcher.output).not.toMatch(/consumer stopped|exited/);
      const status = await hub.cluster();
      const ident = status.repositories.find((r) => r.repository === "ident")!;
      expect(ident.uncovered).toEqual([]);
      expect(ident.matchers.map((m) => m.lag)).toEqual([0, 0]);
    },
    240_000,
  );
});
