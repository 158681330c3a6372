import { encodeWsq, serializeTransaction } from "@tenprint/nist";
import { bookingCar, bookingFingerImages, sketchRenderer } from "@tenprint/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterView } from "../src/farm/cluster-view.js";
import { createHubStorage, openHubDatabase } from "../src/index.js";
import { bearer } from "./api-harness.js";
import { knownBooking, personOf, SIB_ORI, seedDirectory } from "./services-fixtures.js";
import { createTestSchema, dropTestSchema, POSTGRES_TEST_URL } from "./storage-backends.js";
import { CliProcess } from "./support/cli-process.js";
import { connectTestNats, NATS_TEST_URL, removeFarm, uniquePrefix } from "./support/farm-nats.js";
import { MatcherProcess } from "./support/matcher-process.js";

/**
 * Issue 13 through the processes an operator runs: two `tenprint serve --nats URL --shards ...`
 * processes on one PostgreSQL, `tenprint matcher` processes for every shard and a `tenprint extractor`.
 * A booking submitted over HTTP to one serve process is extracted by the extractor, searched by the
 * matchers and enrolled; the same person booked again through the other serve process, which was
 * running (with nothing to load) before that enrolment, is identified. An in-process gallery would miss
 * them: it is loaded once at start.
 */
const wsq = (image: Parameters<typeof encodeWsq>[0]) => ({
  compression: "WSQ20" as const,
  data: encodeWsq(image, { bitrate: 0.75 }),
});

/** A booking of the fixtures' arrestee, with its own TCN and impression of the prints. */
function booking(tcnSuffix: string, impression: number): Uint8Array {
  const known = knownBooking();
  return serializeTransaction(
    bookingCar(
      { ...known, tcn: `${known.tcn}${tcnSuffix}` },
      bookingFingerImages(personOf(known), impression, sketchRenderer, wsq),
    ),
  );
}

class ServeProcess extends CliProcess {
  port = 0;
  constructor(databaseUrl: string, prefix: string) {
    super(
      [
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--workers",
        "1",
        "--no-console",
        "--insecure-no-encryption",
        "--purge-every",
        "0",
        "--nats",
        NATS_TEST_URL,
        "--shards",
        "criminal=2,ident=1",
        "--farm-prefix",
        prefix,
      ],
      { DATABASE_URL: databaseUrl },
    );
  }

  async listening(timeoutMs = 120_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const port = /serving on 127\.0\.0\.1:(\d+)/.exec(this.output)?.[1];
      if (port) {
        this.port = Number(port);
        return;
      }
      if (!this.running) throw new Error(`tenprint serve exited before listening:\n${this.output}`);
      if (Date.now() - started > timeoutMs)
        throw new Error(`tenprint serve not listening after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  fetch(path: string, apiKey: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}${path}`, {
      ...init,
      headers: { ...bearer(apiKey), ...(init.headers as Record<string, string> | undefined) },
    });
  }
}

describe("tenprint serve on a matcher farm", () => {
  const prefix = uniquePrefix();
  const schema = prefix;
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const keys = { SIB: "", PMO: "" };
  let serveA: ServeProcess;
  let serveB: ServeProcess;

  beforeAll(async () => {
    await createTestSchema(schema);
    const handle = await openHubDatabase({ databaseUrl: url.toString(), maxConnections: 2 });
    try {
      await seedDirectory({ db: handle.db });
      const apiKeys = createHubStorage(handle.db).apiKeys;
      keys.SIB = (await apiKeys.issue(SIB_ORI, "SIB")).apiKey;
      keys.PMO = (await apiKeys.issue("DCICEPMO0", "PMO")).apiKey;
    } finally {
      await handle.close();
    }
    const farm = [
      new MatcherProcess({ prefix, repository: "criminal", shard: "0/2", replica: "c0" }),
      new MatcherProcess({ prefix, repository: "criminal", shard: "1/2", replica: "c1" }),
      new MatcherProcess({ prefix, repository: "ident", shard: "0/1", replica: "i0" }),
      new CliProcess([
        "extractor",
        "--nats",
        NATS_TEST_URL,
        "--prefix",
        prefix,
        "--workers",
        "0",
        "--name",
        "x1",
      ]),
    ];
    await Promise.all(farm.map((process) => process.ready()));
    serveA = new ServeProcess(url.toString(), prefix);
    serveB = new ServeProcess(url.toString(), prefix);
    await Promise.all([serveA.listening(), serveB.listening()]);
  }, 300_000);

  afterAll(async () => {
    for (const process of CliProcess.live) {
      process.signal("SIGCONT");
      await process.kill("SIGTERM");
    }
    const nc = await connectTestNats();
    await removeFarm(nc, prefix);
    await nc.close();
    await dropTestSchema(schema);
  }, 60_000);

  /** Submits a booking to `serve` and waits until the hub has closed it. */
  async function book(serve: ServeProcess, file: Uint8Array): Promise<string> {
    const submitted = await serve.fetch("/v1/transactions", keys.SIB, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: file,
    });
    expect(submitted.status, await submitted.clone().text()).toBe(202);
    const id = ((await submitted.json()) as { id: string }).id;
    const deadline = Date.now() + 180_000;
    for (;;) {
      const state = (
        (await (await serve.fetch(`/v1/transactions/${id}`, keys.SIB)).json()) as { state: string }
      ).state;
      if (state === "CLOSED") return id;
      if (state === "FAILED" || state === "REJECTED" || Date.now() > deadline)
        throw new Error(`booking ${id} is ${state}:\n${serve.output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  it("finds through one serve process a person enrolled through the other, searched by the matchers", async () => {
    // B runs, its galleries (on the farm) empty; it is paused so that A alone takes the first booking.
    serveB.signal("SIGSTOP");
    await book(serveA, booking("A", 2));
    const afterFirst = (await (await serveA.fetch("/v1/cluster", keys.PMO)).json()) as ClusterView;
    // Enrolled in the criminal repository, on one of its two shards' matchers.
    expect(afterFirst.repositories.find((r) => r.repository === "criminal")?.identities).toBe(1);
    serveB.signal("SIGCONT");
    serveA.signal("SIGSTOP");
    await book(serveB, booking("B", 3));
    serveA.signal("SIGCONT");
    const stats = (await (await serveB.fetch("/v1/stats", keys.PMO)).json()) as {
      overall: { bookings: number; sreIdent: number; sreNonIdent: number };
    };
    expect(stats.overall).toMatchObject({ bookings: 2, sreNonIdent: 1, sreIdent: 1 });
    // Both bookings' images went to the extractor, not the hubs' threads.
    const view = (await (await serveB.fetch("/v1/cluster", keys.PMO)).json()) as ClusterView;
    expect(view.mode).toBe("farm");
    expect(view.extraction.connected).toBe(1);
    expect(view.extraction.extractors[0]).toMatchObject({ extractor: "x1", workers: 0 });
    expect(view.extraction.extractors[0]!.jobsDone).toBeGreaterThanOrEqual(20);
    expect(view.repositories.map((r) => [r.repository, r.identities, r.uncovered])).toEqual([
      ["criminal", 1, []],
      ["ident", 0, []],
    ]);
  }, 600_000);
});
