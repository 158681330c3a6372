import { connect, type NatsConnection } from "@nats-io/transport-node";

export class FarmConnectionError extends Error {
  override readonly name = "FarmConnectionError";
}

/**
 * Connects to NATS for the farm. Reconnects for ever once connected (a restarted server loses nothing:
 * the stream is on disk, searches in flight fail and are retried by the workflow), but refuses to start
 * against a server that is not there.
 */
export async function connectFarm(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({
      servers: url,
      name,
      timeout: 5000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  } catch (error) {
    throw new FarmConnectionError(
      `cannot reach NATS at ${url} (--nats; the farm needs nats-server with JetStream, -js): ${String(error)}`,
      { cause: error },
    );
  }
}

/** Reads `criminal=S,ident=S` (a repository left out gets 1 shard). */
export function parseShardCounts(text: string | undefined): { criminal: number; ident: number } {
  const counts = { criminal: 1, ident: 1 };
  if (!text) return counts;
  for (const part of text.split(",")) {
    const [name, value] = part.split("=").map((s) => s.trim());
    const count = Number(value);
    if ((name !== "criminal" && name !== "ident") || !Number.isInteger(count) || count < 1)
      throw new RangeError(`--shards takes criminal=S,ident=S with S ≥ 1, got ${JSON.stringify(part)}`);
    counts[name] = count;
  }
  return counts;
}
