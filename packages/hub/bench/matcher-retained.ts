/**
 * What a matcher keeps per identity of its shard beside the gallery's shared arrays (issue 13): heap +
 * external memory of one ShardMatcher (`--workers 0`) in a fresh process, after forced GC, before and
 * after it catches up with a stream of synthetic ten-finger identities. The RSS slope of
 * matcher-memory.ts also counts the V8 heap's slack after the catch-up's garbage; this does not.
 * Run (a stream once, then one process per shard count):
 *   PREFIX=p NATS_URL=… node --expose-gc --import tsx packages/hub/bench/matcher-retained.ts publish 8000
 *   PREFIX=p NATS_URL=… node --expose-gc --import tsx packages/hub/bench/matcher-retained.ts measure S
 * `load S [K]` starts the first K (default all S) shards one after the other in this process (each reads
 * the whole stream and keeps its share) and reports each one's catch-up CPU and wall time, what it kept
 * and the resident set's growth, and their sum; with SNAPSHOT=1 each loaded shard then writes its
 * snapshot to the object store (timed). `restart S TAIL` publishes TAIL more identities after the
 * stream's last and starts shard 0/S again: its snapshot plus that tail, the path of a replacement
 * replica. Needs NATS with JetStream ($NATS_URL, else nats://127.0.0.1:4222); `cleanup` deletes the
 * stream and the snapshots.
 */
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import { headers } from "@nats-io/transport-node";
import { syntheticTemplate } from "@tenprint/synth";
import { EVENT_ID_HEADER, ensureGalleryStream } from "../src/farm/enrolment-log.js";
import { farmNames } from "../src/farm/farm-names.js";
import { encodeGalleryEvent, enrolEvent } from "../src/farm/gallery-event.js";
import { connectFarm, ShardMatcher } from "../src/index.js";

const [mode, arg] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc!;
const prefix = process.env.PREFIX ?? "matcher_retained";
const nc = await connectFarm(process.env.NATS_URL ?? "nats://127.0.0.1:4222", "matcher retained bench");
const names = farmNames(prefix, "ident");
/** Publishes identities [from, to) as enrolment events, 500 at a time (event id = identity + 1). */
async function publish(from: number, to: number): Promise<void> {
  await ensureGalleryStream(await jetstreamManager(nc), names);
  const js = jetstream(nc);
  for (let at = from; at < to; at += 500) {
    const bodies = [];
    for (let i = at; i < Math.min(to, at + 500); i++) {
      const fingers = Array.from({ length: 10 }, (_, f) => ({
        position: f + 1,
        template: syntheticTemplate({ seed: 4242, identity: i, finger: f + 1, impression: 1 }),
      }));
      const h = headers();
      h.set(EVENT_ID_HEADER, String(i + 1));
      bodies.push({ h, body: encodeGalleryEvent(enrolEvent(`id-${i}`, fingers)) });
    }
    await Promise.all(
      bodies.map(({ h, body }) => js.publish(names.events, body, { headers: h, timeout: 120_000 })),
    );
  }
}
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
const MiB = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
/** One matcher of shard index/count, searching on its own thread, with no periodic snapshots. */
const startShard = (index: number, count: number) =>
  ShardMatcher.start({
    nc,
    prefix,
    repository: "ident",
    shard: { index, count },
    workers: 0,
    snapshotIntervalMs: 86_400_000,
  });

if (mode === "publish") {
  const N = Number(arg);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await publish(0, N);
  const wall = (performance.now() - start) / 1000;
  const cpu = cpuSeconds(cpu0);
  const info = await (await jetstreamManager(nc)).streams.info(names.stream);
  console.log(
    `published ${N} identities: ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} CPU-s of the publisher (${Math.round(N / cpu)} per CPU-second); stream ${info.state.messages} messages, ${MiB(info.state.bytes)} MiB`,
  );
} else if (mode === "cleanup") {
  await (await jetstreamManager(nc)).streams.delete(names.stream);
  await new Objm(nc)
    .open(names.snapshots)
    .then((bucket) => bucket.destroy())
    .catch(() => {});
} else if (mode === "load") {
  const count = Number(arg);
  const loaded = Number(process.argv[4] ?? count);
  let cpuSum = 0;
  let wallSum = 0;
  let identities = 0;
  for (let index = 0; index < loaded; index++) {
    gc();
    const before = process.memoryUsage();
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const m = await startShard(index, count);
    const wall = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu0);
    const cpu = (used.user + used.system) / 1e6;
    gc();
    const after = process.memoryUsage();
    const kept = after.heapUsed + after.external - before.heapUsed - before.external;
    console.log(
      `shard ${index}/${count}: ${m.size} identities, catch-up ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} CPU-s (${Math.round(m.size / cpu)} identities per CPU-second), kept ${Math.round(kept / m.size)} B per identity beside the gallery, rss ${MiB(after.rss)} MiB (+${Math.round((after.rss - before.rss) / m.size)} B per identity of the shard)`,
    );
    if (process.env.SNAPSHOT === "1") {
      const cpu1 = process.cpuUsage();
      const start1 = performance.now();
      const seq = await m.writeSnapshot();
      const bucket = await new Objm(nc).open(names.snapshots);
      const info = await bucket.info(names.snapshotObject(index, count));
      console.log(
        `shard ${index}/${count} snapshot at sequence ${seq}: ${((performance.now() - start1) / 1000).toFixed(1)} s wall, ${cpuSeconds(cpu1).toFixed(1)} CPU-s, ${MiB(info?.size ?? 0)} MiB (${Math.round((info?.size ?? 0) / m.size)} B per identity)`,
      );
    }
    cpuSum += cpu;
    wallSum += wall;
    identities += m.size;
    await m.close();
  }
  console.log(
    `S=${count} loaded one matcher at a time: ${identities} identities, ${wallSum.toFixed(1)} s wall, ${cpuSum.toFixed(1)} CPU-s (${Math.round(identities / cpuSum)} identities per CPU-second)`,
  );
} else if (mode === "restart") {
  const count = Number(arg);
  const tail = Number(process.argv[4] ?? 0);
  const last = (await (await jetstreamManager(nc)).streams.info(names.stream)).state.last_seq;
  await publish(last, last + tail);
  gc();
  const before = process.memoryUsage();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const m = await startShard(0, count);
  const wall = (performance.now() - start) / 1000;
  const cpu = cpuSeconds(cpu0);
  gc();
  const after = process.memoryUsage();
  const status = m.status();
  console.log(
    `shard 0/${count} from its snapshot (sequence ${status.snapshotSeq}) + ${tail} identities published after it: ${m.size} identities at sequence ${status.applied}, ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} CPU-s (${Math.round(m.size / cpu)} identities per CPU-second), rss ${MiB(after.rss)} MiB (+${Math.round((after.rss - before.rss) / m.size)} B per identity of the shard)`,
  );
  await m.close();
} else if (mode === "measure") {
  const count = Number(arg);
  const used = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return { heap: m.heapUsed, external: m.external, rss: m.rss };
  };
  const before = used();
  const m = await startShard(0, count);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = used();
  const per = (k: "heap" | "external" | "rss") => Math.round((after[k] - before[k]) / m.size);
  console.log(
    `S=${count}: ${m.size} identities in the shard; per identity of the shard: heap ${per("heap")} B + external ${per("external")} B = ${per("heap") + per("external")} B (rss ${per("rss")} B)`,
  );
  await m.close();
} else {
  throw new Error(`mode must be publish N, load S [K], restart S TAIL, measure S or cleanup, got ${mode}`);
}
await nc.close();
