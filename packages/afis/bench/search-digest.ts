/**
 * What a cascade search returns and what it costs, as `tenprint simulate` searches: one synthetic
 * tenprint gallery (impression 1 of every identity), then mated probes (impressions 2 and 3) and
 * non-mated ones (identities not enrolled), each non-mated identity enrolled after its search so that
 * the gallery grows between searches as a booking's does (the unindexed scan, index rebuilds). Prints a
 * SHA-256 digest of every result (candidates, fused scores, FMR, FPIR, finger scores, comparisons,
 * penetration), to compare two builds bit for bit, and the CPU per search of the main thread and of
 * the other threads (/proc/self/task, Linux).
 *
 *   npx tsx packages/afis/bench/search-digest.ts [--identities 100000] [--mated 50] [--non-mated 150]
 *                                                [--workers 2] [--out FILE]
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { syntheticSearchGallery, syntheticSearchProbe } from "./synthetic-search-gallery.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const identities = option("identities", 100_000);
const mated = option("mated", 50);
const nonMated = option("non-mated", 150);
const workers = option("workers", 2);
const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : undefined;
const probeOf = syntheticSearchProbe;

/** CPU seconds (user + system) per thread id, from /proc/self/task. */
function threadSeconds(): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ");
      seconds.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return seconds;
}

const gallery = await syntheticSearchGallery(identities, workers);

const probes: { fingers: ReturnType<typeof probeOf>; enrol?: string }[] = [];
for (let i = 0; i < Math.max(mated, nonMated); i++) {
  if (i < mated) probes.push({ fingers: probeOf(i, 2 + (i % 2)) });
  if (i < nonMated) probes.push({ fingers: probeOf(identities + i, 2), enrol: `id-${identities + i}` });
}
// Probe templates first, so that the timed part is the searches (and the enrolments between them).
const hash = createHash("sha256");
const lines: string[] = [];
const before = threadSeconds();
const cpu0 = process.cpuUsage();
for (const probe of probes) {
  const result = await gallery.search(probe.fingers, { cascade: true });
  const { filterMs: _f, matchMs: _m, ...decided } = result;
  const line = JSON.stringify(decided);
  hash.update(line);
  lines.push(line);
  if (probe.enrol) gallery.enrol(probe.enrol, probe.fingers);
}
const cpu1 = process.cpuUsage(cpu0);
const after = threadSeconds();
const main = (after.get(process.pid) ?? 0) - (before.get(process.pid) ?? 0);
let others = 0;
for (const [tid, s] of after) if (tid !== process.pid) others += s - (before.get(tid) ?? 0);
const n = probes.length;
console.log(
  `${n} cascade searches (${mated} mated, ${nonMated} non-mated, each enrolled after its search) against ${identities} identities`,
);
console.log(`  digest ${hash.digest("hex")}`);
console.log(
  `  CPU per search ${((cpu1.user + cpu1.system) / 1000 / n).toFixed(2)} ms (process); main thread ${((main * 1000) / n).toFixed(2)} ms, other threads ${((others * 1000) / n).toFixed(2)} ms (/proc, 10 ms ticks)`,
);
if (out) writeFileSync(out, `${lines.join("\n")}\n`);
await gallery.close();
