import { randomBytes } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { readTenprintTemplate, writeTenprintTemplate } from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendGalleryEvents, EnrolmentLogPublisher } from "../src/farm/enrolment-log.js";
import { connectFarm } from "../src/farm/farm-connection.js";
import { farmNames, parseShard, shardOf } from "../src/farm/farm-names.js";
import {
  decodeGalleryEvent,
  encodeGalleryEvent,
  enrolEvent,
  enrolledFingers,
} from "../src/farm/gallery-event.js";
import type { HubDatabaseHandle } from "../src/index.js";
import { bindCipher, createEnvelopeCipher, masterKeyFrom } from "../src/storage/envelope-cipher.js";
import { BACKENDS } from "./storage-backends.js";
import { connectTestNats, removeFarm, uniquePrefix } from "./support/farm-nats.js";

const postgres = BACKENDS.find((backend) => backend.name === "postgres")!;

function fingers(identity: number) {
  return [1, 2].map((position) => ({
    position,
    template: syntheticTemplate({ seed: 7, identity, finger: position, impression: 1 }),
  }));
}

describe("farm names", () => {
  it("hashes identities to shards stably and evenly", () => {
    expect(shardOf("subject-1", 4)).toBe(shardOf("subject-1", 4));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardOf(`identity-${i}`, 4)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(850);
    expect(shardOf("anything", 1)).toBe(0);
  });

  it("says which NATS it cannot reach", async () => {
    await expect(connectFarm("nats://127.0.0.1:1", "test")).rejects.toThrow(
      /cannot reach NATS at nats:\/\/127.0.0.1:1 .*JetStream/,
    );
  });

  it("reads i/S and refuses a shard outside S", () => {
    expect(parseShard("1/4")).toEqual({ index: 1, count: 4 });
    expect(() => parseShard("4/4")).toThrow(/0 ≤ i < S/);
    expect(() => parseShard("x")).toThrow(/i\/S/);
    expect(() => farmNames("bad.prefix", "ident")).toThrow(/prefix/);
  });

  it("round-trips an enrolment event with its templates", () => {
    const event = enrolEvent("p-1", fingers(1));
    const decoded = decodeGalleryEvent(encodeGalleryEvent(event));
    expect(decoded).toEqual(event);
    if (decoded.kind !== "enrol") return;
    // Templates travel as stored in gallery_templates (quantised), so a matcher holds what a reload would.
    const stored = readTenprintTemplate(writeTenprintTemplate(fingers(1)[1]!.template));
    expect(enrolledFingers(decoded)[1]!.template).toEqual(stored);
    expect(() => decodeGalleryEvent(new TextEncoder().encode('{"v":2}'))).toThrow(/version/);
  });
});

describe("enrolment log on PostgreSQL and JetStream", () => {
  let handle: HubDatabaseHandle;
  let nc: NatsConnection;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    nc = await connectTestNats();
    handle = await postgres.open();
  });
  afterAll(async () => {
    await removeFarm(nc, prefix);
    await nc?.close();
    await handle?.close();
  });

  it("publishes committed events once, in order, and republishing after a crash stores nothing twice", async () => {
    const publisher = new EnrolmentLogPublisher(handle.db, nc, prefix);
    await handle.db.transaction().execute(async (trx) => {
      await appendGalleryEvents(trx, "ident", [
        enrolEvent("a", fingers(1)),
        enrolEvent("b", fingers(2)),
        { kind: "delete", identity: "a" },
      ]);
    });
    // An event of a transaction that rolled back is never published.
    await handle.db
      .transaction()
      .execute(async (trx) => {
        await appendGalleryEvents(trx, "ident", [enrolEvent("never", fingers(3))]);
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await publisher.publishPending("ident")).toBe(3);
    const jsm = await jetstreamManager(nc);
    const names = farmNames(prefix, "ident");
    expect((await jsm.streams.info(names.stream)).state.messages).toBe(3);

    // A process killed after publishing, before recording the sequences: the next round republishes.
    await sql`update gallery_events set stream_seq = null, published_at = null`.execute(handle.db);
    expect(await new EnrolmentLogPublisher(handle.db, nc, prefix).publishPending("ident")).toBe(3);
    expect((await jsm.streams.info(names.stream)).state.messages).toBe(3);
    const third = await jsm.streams.getMessage(names.stream, { seq: 3 });
    expect(third && decodeGalleryEvent(third.data)).toEqual({ kind: "delete", identity: "a" });
    expect(await publisher.lastSequence("criminal")).toBe(0);
  });

  it("keeps the payloads sealed in the database and publishes them opened (the matchers read the stream)", async () => {
    const cipher = createEnvelopeCipher(masterKeyFrom(randomBytes(32)));
    await handle.db.transaction().execute(async (trx) => {
      await appendGalleryEvents(trx, "criminal", [enrolEvent("sealed-1", fingers(4))], cipher);
    });
    const row = await handle.db
      .selectFrom("gallery_events")
      .select("payload")
      .where("identity", "=", "sealed-1")
      .executeTakeFirstOrThrow();
    // The plain payload is JSON naming the identity; the sealed one names nothing.
    expect(Buffer.from(row.payload).includes(Buffer.from("sealed-1"))).toBe(false);
    expect(() => decodeGalleryEvent(row.payload)).toThrow();
    bindCipher(handle.db, cipher);
    const publisher = new EnrolmentLogPublisher(handle.db, nc, prefix);
    const seq = await publisher.publishPending("criminal");
    const names = farmNames(prefix, "criminal");
    const message = await (await jetstreamManager(nc)).streams.getMessage(names.stream, { seq });
    expect(message && decodeGalleryEvent(message.data)).toMatchObject({
      kind: "enrol",
      identity: "sealed-1",
    });
  });
});
