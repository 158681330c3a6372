import type { NatsConnection } from "@nats-io/transport-node";
import { type NistTransaction, parseTransaction, serializeTransaction } from "@tenprint/nist";
import {
  bookingCar,
  bookingFingerImages,
  generateBookings,
  generateJurisdictions,
  generatePopulation,
  sketchRenderer,
  uncompressedEncoder,
  wsqEncoder,
} from "@tenprint/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractorStatus } from "../src/farm/cluster-status.js";
import { RemoteExtraction } from "../src/farm/remote-extraction.js";
import type { ProbeImage } from "../src/services/probe-image.js";
import { extractImage } from "../src/services/probe-image-extraction.js";
import { probeImages } from "../src/services/submission-probe.js";
import { CliProcess } from "./support/cli-process.js";
import { connectTestNats, NATS_TEST_URL, uniquePrefix } from "./support/farm-nats.js";

/**
 * Issue 13's extraction workers on a real NATS server: `tenprint extractor` processes in a queue group
 * return the same template bytes as the hub's own extraction; with none connected, or when one is killed
 * with SIGKILL holding images, the hub extracts those itself and no booking goes without its probe.
 */
const SEED = "farm-extraction";
const BOOKINGS = 6;

function bookings(): NistTransaction[] {
  const population = generatePopulation({ people: 60, seed: SEED, states: ["VA"] });
  const jurisdictions = generateJurisdictions({ seed: SEED, states: ["VA"] });
  const stream = generateBookings({ population, jurisdictions, seed: SEED, state: "VA" }, BOOKINGS);
  return stream.map((booking, i) => {
    const person = population.people.find((p) => p.id === booking.truth.personId)!;
    // One booking's prints uncompressed: their size travels in a header, not in the image.
    const encode = i === 0 ? uncompressedEncoder : wsqEncoder(0.75);
    const car = bookingCar(booking, bookingFingerImages(person, 2, sketchRenderer, encode));
    return parseTransaction(serializeTransaction(car));
  });
}

function extractor(prefix: string, name: string): CliProcess {
  return new CliProcess([
    "extractor",
    "--nats",
    NATS_TEST_URL,
    "--prefix",
    prefix,
    "--workers",
    "1",
    "--name",
    name,
  ]);
}

const total = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe("extraction workers over NATS", () => {
  const prefix = uniquePrefix();
  let nc: NatsConnection;
  let images: ProbeImage[][];
  let local: Uint8Array[][];

  beforeAll(async () => {
    nc = await connectTestNats();
    images = bookings().map((booking) => probeImages(booking));
    local = images.map((booking) => booking.map((image) => extractImage(image)));
  }, 120_000);

  afterAll(async () => {
    for (const process of CliProcess.live) await process.kill("SIGTERM");
    await nc?.close();
  }, 30_000);

  it("extracts in the hub's process while no extractor is connected", async () => {
    const remote = new RemoteExtraction(nc, { prefix, timeoutMs: 3000 });
    const extracted = await remote.extract(images[1]!);
    expect(extracted.map((finger) => finger.bytes)).toEqual(local[1]);
    expect(remote.counts()).toEqual({
      remote: {},
      local: { "none-connected": images[1]!.length, deadline: 0, failed: 0, "too-large": 0 },
    });
  }, 60_000);

  it("gets from extractor processes the same template bytes as local extraction", async () => {
    const extractors = [extractor(prefix, "x1"), extractor(prefix, "x2")];
    await Promise.all(extractors.map((process) => process.ready()));
    const remote = new RemoteExtraction(nc, { prefix, timeoutMs: 120_000 });
    for (const [i, booking] of images.entries()) {
      const extracted = await remote.extract(booking);
      expect(extracted.map((finger) => finger.position)).toEqual(booking.map((image) => image.position));
      expect(extracted.map((finger) => finger.bytes)).toEqual(local[i]);
    }
    const counts = remote.counts();
    expect(total(counts.local)).toBe(0);
    expect(total(counts.remote)).toBe(images.flat().length);
    expect(Object.keys(counts.remote).sort()).toEqual(["x1", "x2"]);
    // The cluster view lists both, with the images each answered.
    const seen = await extractorStatus(nc, { prefix });
    expect(seen.map((e) => e.extractor)).toEqual(["x1", "x2"]);
    expect(seen.map((e) => e.jobsDone)).toEqual([counts.remote.x1, counts.remote.x2]);
    for (const e of seen) expect(e).toMatchObject({ workers: 1, skipped: 0, busy: 0 });
    for (const e of seen) expect(Date.parse(e.lastJobAt!)).toBeLessThanOrEqual(Date.parse(e.lastSeen));
    await Promise.all(extractors.map((process) => process.kill("SIGTERM")));
    expect(await extractorStatus(nc, { prefix, waitMs: 300 })).toEqual([]);
  }, 400_000);

  it("loses no booking when an extractor is killed with SIGKILL holding images", async () => {
    const [x3, x4] = [extractor(prefix, "x3"), extractor(prefix, "x4")];
    await Promise.all([x3.ready(), x4.ready()]);
    const remote = new RemoteExtraction(nc, { prefix, timeoutMs: 5000 });
    // Three bookings at once: each extractor holds a queue of images when x3 dies.
    const all = Promise.all(images.slice(0, 3).map((booking) => remote.extract(booking)));
    // Killed once it has answered an image (it holds the rest of its share), or once the hub has stopped
    // waiting for one anyway (a loaded machine: every extractor behind the deadline).
    while ((remote.counts().remote.x3 ?? 0) === 0 && remote.counts().local.deadline === 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await x3.kill("SIGKILL");
    const extracted = await all;
    expect(extracted.map((booking) => booking.map((finger) => finger.bytes))).toEqual(local.slice(0, 3));
    const counts = remote.counts();
    expect(total(counts.remote) + total(counts.local)).toBe(images.slice(0, 3).flat().length);
    // x3 died holding images: they waited out the deadline and were extracted here.
    expect(counts.local.deadline).toBeGreaterThan(0);
    // With x3 gone, the next images go to x4 alone.
    const after = new RemoteExtraction(nc, { prefix, timeoutMs: 120_000 });
    expect((await after.extract(images[2]!)).map((finger) => finger.bytes)).toEqual(local[2]);
    expect(after.counts().remote).toEqual({ x4: images[2]!.length });
    await x4.kill("SIGTERM");
  }, 400_000);
});
