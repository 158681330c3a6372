/**
 * Matcher-farm figures (issue 13): enrolment-log throughput (PostgreSQL + JetStream), a shard's catch-up
 * from the stream and from a snapshot, memory per identity in a matcher, and scatter-gather latency
 * against the in-process gallery. Everything runs in this one process (matchers included), so the farm's
 * figures are its overhead, not a cluster's speed-up.
 * Run: node --expose-gc --import tsx packages/hub/bench/farm.ts [--identities N] [--probes P] [--workers W]
 *   [--s2-only] (the in-process gallery against S = 2 alone: no S = 1 shard, no snapshot; for large N)
 * Needs NATS with JetStream ($NATS_URL, else nats://127.0.0.1:4222) and PostgreSQL ($DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test; a scratch schema, dropped after).
 */
import { parseArgs } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import { type EnrolledFinger, type ProbeFinger, TenprintGallery } from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";
import pg from "pg";
import { appendGalleryEvents } from "../src/farm/enrolment-log.js";
import { FarmSearch } from "../src/farm/farm-search.js";
import { enrolEvent, enrolledFingers, type GalleryEvent } from "../src/farm/gallery-event.js";
import { connectFarm, EnrolmentLogPublisher, openHubDatabase, ShardMatcher } from "../src/index.js";

const { values } = parseArgs({
  options: {
    identities: { type: "string", default: "10000" },
    probes: { type: "string", default: "12" },
    workers: { type: "string", default: "2" },
    "s2-only": { type: "boolean", default: false },
  },
});
const N = Number(values.identities);
const PROBES = Number(values.probes);
const WORKERS = Number(values.workers);
const S2_ONLY = values["s2-only"];
const SEED = 4242;
const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const prefix = `farm_bench_${process.pid}`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const ms = (start: number) => performance.now() - start;
/** CPU-seconds of this process (every thread) since `from`. */
const cpu = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function memory(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create schema ${prefix}`);
const url = new URL(serverUrl);
url.searchParams.set("options", `-c search_path=${prefix}`);
const handle = await openHubDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
const nc = await connectFarm(natsUrl, "farm bench");
const matchers: ShardMatcher[] = [];
try {
  const log = new EnrolmentLogPublisher(handle.db, nc, prefix);
  // Enrolment log: events committed in batches of 500, then published.
  let start = performance.now();
  const cpuAtStart = process.cpuUsage();
  const reference = new TenprintGallery({ workers: WORKERS });
  for (let from = 0; from < N; from += 500) {
    const events: GalleryEvent[] = [];
    for (let i = from; i < Math.min(N, from + 500); i++) {
      const fingers: EnrolledFinger[] = Array.from({ length: 10 }, (_, f) => ({
        position: f + 1,
        template: syntheticTemplate({ seed: SEED, identity: i, finger: f + 1, impression: 1 }),
      }));
      events.push(enrolEvent(`id-${i}`, fingers));
    }
    await handle.db.transaction().execute((trx) => appendGalleryEvents(trx, "ident", events));
    if ((from + 500) % 10_000 === 0)
      console.log(
        `  ${from + 500} committed, ${(ms(start) / 1000).toFixed(0)} s, ${cpu(cpuAtStart).toFixed(0)} CPU-s`,
      );
    // The reference holds the quantised templates the events carry, as a reload from Postgres would.
    await reference.enrolMany(
      events.map((e) => ({
        id: e.identity,
        fingers: enrolledFingers(e as GalleryEvent & { kind: "enrol" }),
      })),
    );
  }
  const commitMs = ms(start);
  start = performance.now();
  const cpuFrom0 = process.cpuUsage();
  const lastSeq = await log.publishPending("ident");
  const publishMs = ms(start);
  const publishCpu = cpu(cpuFrom0);
  console.log(
    `enrolment log: ${N} events (10 fingers each) committed+built in ${(commitMs / 1000).toFixed(1)} s, published in ${(publishMs / 1000).toFixed(1)} s = ${Math.round(N / (publishMs / 1000))} events/s wall, ${Math.round(N / publishCpu)} per CPU-second of the hub (last seq ${lastSeq})`,
  );
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(`${prefix}_gallery_ident`);
  console.log(
    `stream: ${info.state.messages} messages, ${(info.state.bytes / N).toFixed(0)} bytes per identity`,
  );

  let cpuFrom = process.cpuUsage();
  if (!S2_ONLY) {
    // Catch-up from the stream alone, then from a snapshot.
    const before = memory();
    start = performance.now();
    cpuFrom = process.cpuUsage();
    const one = await ShardMatcher.start({
      log: console.log,
      nc,
      prefix,
      repository: "ident",
      shard: { index: 0, count: 1 },
      workers: WORKERS,
    });
    matchers.push(one);
    const catchUpMs = ms(start);
    const catchUpCpu = cpu(cpuFrom);
    const perIdentity = (memory() - before) / N;
    console.log(
      `shard 0/1 catch-up from the stream: ${(catchUpMs / 1000).toFixed(1)} s for ${one.size} identities (${Math.round(one.size / (catchUpMs / 1000))}/s wall, ${Math.round(one.size / catchUpCpu)} per CPU-second); matcher memory ${Math.round(perIdentity)} B per identity (gallery + snapshot payloads)`,
    );
    start = performance.now();
    await one.writeSnapshot();
    const snapshotMs = ms(start);
    const snapshotInfo = await (await new Objm(nc).open(`${prefix}_snapshots`)).info("ident-0-of-1");
    console.log(
      `snapshot written in ${(snapshotMs / 1000).toFixed(1)} s, ${(snapshotInfo!.size / N).toFixed(0)} bytes per identity`,
    );
    start = performance.now();
    cpuFrom = process.cpuUsage();
    const fromSnapshot = await ShardMatcher.start({
      nc,
      prefix,
      repository: "ident",
      shard: { index: 0, count: 1 },
      workers: WORKERS,
    });
    console.log(
      `shard 0/1 catch-up from the snapshot: ${(ms(start) / 1000).toFixed(1)} s wall, ${cpu(cpuFrom).toFixed(1)} CPU-s`,
    );
    await fromSnapshot.close();
  }

  // Two shards of one worker each: the same threads as the reference's two.
  start = performance.now();
  cpuFrom = process.cpuUsage();
  for (const index of [0, 1])
    matchers.push(
      await ShardMatcher.start({
        nc,
        prefix,
        repository: "ident",
        shard: { index, count: 2 },
        workers: Math.max(1, WORKERS / 2),
        log: console.log,
        // No snapshot during the searches: its encoding would count in their CPU.
        snapshotIntervalMs: 24 * 60 * 60 * 1000,
      }),
    );
  console.log(
    `shards 0/2 and 1/2 caught up from the stream, one after the other: ${(ms(start) / 1000).toFixed(1)} s wall, ${cpu(cpuFrom).toFixed(1)} CPU-s for ${N} identities`,
  );
  const probes: ProbeFinger[][] = Array.from({ length: PROBES }, (_, p) => {
    const identity = Math.floor(((p + 0.5) * N) / PROBES);
    return Array.from({ length: 10 }, (_, f) => ({
      position: f + 1,
      template: syntheticTemplate({ seed: SEED, identity, finger: f + 1, impression: 2 }),
    }));
  });
  const s1 = new FarmSearch(nc, "ident", 1, prefix);
  const s2 = new FarmSearch(nc, "ident", 2, prefix);
  const times = { reference: [] as number[], s1: [] as number[], s2: [] as number[] };
  const cpus = { reference: 0, s1: 0, s2: 0 };
  // As a hub does after loading: the filter's statistics are taken at warm-up.
  await reference.warmUp();
  let same1 = 0;
  let same2 = 0;
  let top1 = 0;
  let top2 = 0;
  for (const probe of probes) {
    start = performance.now();
    cpuFrom = process.cpuUsage();
    const expected = await reference.search(probe);
    times.reference.push(ms(start));
    cpus.reference += cpu(cpuFrom);
    start = performance.now();
    cpuFrom = process.cpuUsage();
    const r1 = S2_ONLY ? expected : await s1.search(probe);
    times.s1.push(ms(start));
    cpus.s1 += cpu(cpuFrom);
    start = performance.now();
    cpuFrom = process.cpuUsage();
    const r2 = await s2.search(probe);
    times.s2.push(ms(start));
    cpus.s2 += cpu(cpuFrom);
    const top = (c: readonly { identity: string }[]) => c.map((x) => x.identity).join(",");
    if (top(r1.candidates) === top(expected.candidates)) same1++;
    if (top(r2.candidates) === top(expected.candidates)) same2++;
    const first = expected.candidates[0]?.identity;
    if (r1.candidates[0]?.identity === first) top1++;
    if (r2.candidates[0]?.identity === first) top2++;
  }
  if (S2_ONLY)
    console.log("(--s2-only: the S=1 columns below are the in-process answer again, not measured)");
  console.log(
    `search median of ${PROBES} ten-finger probes at ${N} identities: in-process ${median(times.reference).toFixed(0)} ms, farm S=1 ${median(times.s1).toFixed(0)} ms, farm S=2 ${median(times.s2).toFixed(0)} ms; CPU per search ${((cpus.reference / PROBES) * 1000).toFixed(0)} / ${((cpus.s1 / PROBES) * 1000).toFixed(0)} / ${((cpus.s2 / PROBES) * 1000).toFixed(0)} ms; same rank 1 as in-process: S=1 ${top1}/${PROBES}, S=2 ${top2}/${PROBES}; same ten candidates: S=1 ${same1}/${PROBES}, S=2 ${same2}/${PROBES}`,
  );
  await reference.close();
} finally {
  for (const matcher of matchers) await matcher.close();
  const jsm = await jetstreamManager(nc);
  for await (const name of jsm.streams.names())
    if (name.startsWith(`${prefix}_`)) await jsm.streams.delete(name);
  await new Objm(nc)
    .open(`${prefix}_snapshots`)
    .then((b) => b.destroy())
    .catch(() => {});
  await nc.close();
  await handle.close();
  await admin.query(`drop schema ${prefix} cascade`);
  await admin.end();
}
