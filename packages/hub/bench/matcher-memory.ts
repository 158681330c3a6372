/**
 * Memory per enrolled ten-finger identity in a `tenprint matcher` process (issue 13): the matcher's
 * resident set (VmRSS, every thread) once ready, at two stream sizes; the slope between them is the
 * bytes one more identity costs (gallery + the event payload kept for snapshots), free of the process's
 * fixed cost (Node, the code, worker threads), which the intercept shows.
 * Run: node --import tsx packages/hub/bench/matcher-memory.ts [--sizes 2000,8000] [--workers 2]
 * Needs NATS with JetStream ($NATS_URL, else nats://127.0.0.1:4222) and PostgreSQL ($DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test; a scratch schema, dropped after).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import type { EnrolledFinger } from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";
import pg from "pg";
import { appendGalleryEvents } from "../src/farm/enrolment-log.js";
import { enrolEvent, type GalleryEvent } from "../src/farm/gallery-event.js";
import { connectFarm, EnrolmentLogPublisher, openHubDatabase } from "../src/index.js";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "2000,8000" }, workers: { type: "string", default: "2" } },
});
const SIZES = values.sizes.split(",").map(Number);
const CLI = fileURLToPath(new URL("../../cli/bin/tenprint.js", import.meta.url));
const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const prefix = `matcher_memory_${process.pid}`;

/** Starts a matcher, waits until it is ready and settled, reads its resident set, stops it. */
async function matcherRss(): Promise<{ rss: number; identities: number }> {
  const child = spawn(
    process.execPath,
    [CLI, "matcher", "--nats", natsUrl, "--prefix", prefix, "--repository", "ident", "--shard", "0/1"].concat(
      ["--workers", values.workers, "--snapshot-seconds", "86400"],
    ),
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += String(chunk)));
  child.stderr.on("data", (chunk) => (output += String(chunk)));
  try {
    for (let waited = 0; !/ ready: /.test(output); waited += 500) {
      if (child.exitCode !== null || waited > 900_000) throw new Error(`matcher not ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Let the catch-up's garbage go: the lowest of a few readings a second apart.
    let rss = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]);
      rss = Math.min(rss, kb * 1024);
    }
    const identities = Number(/ready: (\d+) identities/.exec(output)?.[1]);
    return { rss, identities };
  } finally {
    child.kill("SIGKILL");
  }
}

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create schema ${prefix}`);
const url = new URL(serverUrl);
url.searchParams.set("options", `-c search_path=${prefix}`);
const handle = await openHubDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
const nc = await connectFarm(natsUrl, "matcher memory bench");
const points: { n: number; rss: number }[] = [];
try {
  const log = new EnrolmentLogPublisher(handle.db, nc, prefix);
  let enrolled = 0;
  for (const size of SIZES) {
    for (; enrolled < size; ) {
      const events: GalleryEvent[] = [];
      for (const end = Math.min(size, enrolled + 500); enrolled < end; enrolled++) {
        const fingers: EnrolledFinger[] = Array.from({ length: 10 }, (_, f) => ({
          position: f + 1,
          template: syntheticTemplate({ seed: 4242, identity: enrolled, finger: f + 1, impression: 1 }),
        }));
        events.push(enrolEvent(`id-${enrolled}`, fingers));
      }
      await handle.db.transaction().execute((trx) => appendGalleryEvents(trx, "ident", events));
    }
    await log.publishPending("ident");
    const { rss, identities } = await matcherRss();
    if (identities !== size) throw new Error(`the matcher held ${identities} identities, expected ${size}`);
    points.push({ n: size, rss });
    console.log(`${size} identities: matcher resident set ${(rss / 2 ** 20).toFixed(1)} MiB`);
  }
  const first = points[0]!;
  const last = points.at(-1)!;
  const slope = (last.rss - first.rss) / (last.n - first.n);
  console.log(
    `memory per ten-finger identity (slope ${first.n}→${last.n}): ${Math.round(slope)} B; fixed cost (intercept) ${((first.rss - slope * first.n) / 2 ** 20).toFixed(0)} MiB; --workers ${values.workers}`,
  );
} finally {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(`${prefix}_gallery_ident`).catch(() => {});
  await jsm.streams.delete(`${prefix}_gallery_criminal`).catch(() => {});
  await new Objm(nc)
    .open(`${prefix}_snapshots`)
    .then((store) => store.destroy())
    .catch(() => {});
  await nc.close();
  await handle.close();
  await admin.query(`drop schema ${prefix} cascade`);
  await admin.end();
}
