import { randomBytes } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import { connect, type NatsConnection } from "@nats-io/transport-node";

export const NATS_TEST_URL = process.env.TENPRINT_TEST_NATS_URL ?? "nats://127.0.0.1:4222";

/** A connection to the test server, or an error that says what is missing. */
export async function connectTestNats(): Promise<NatsConnection> {
  try {
    return await connect({ servers: NATS_TEST_URL, timeout: 3000 });
  } catch (error) {
    throw new Error(
      `farm tests need NATS with JetStream at ${NATS_TEST_URL} (nats-server -js; set TENPRINT_TEST_NATS_URL to use another): ${String(error)}`,
    );
  }
}

/** A prefix no other test run uses, so streams and buckets of parallel runs stay apart. */
export function uniquePrefix(): string {
  return `farm_t${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** Deletes the streams and the snapshot bucket a test run created under `prefix`. */
export async function removeFarm(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(`${prefix}_`)) await jsm.streams.delete(name);
  }
  await new Objm(nc)
    .open(`${prefix}_snapshots`)
    .then((bucket) => bucket.destroy())
    .catch(() => {});
}
