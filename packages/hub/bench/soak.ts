/**
 * Soak: `tenprint demo` at its own booking rate for a long while, memory sampled and errors counted.
 * Starts the demo (every LESC case and ERO review decided by the rules, so nothing waits for a person) in
 * a fresh temporary data directory and, once bookings flow, samples every `--every` seconds: the process's
 * RSS and heap, the live counts, and one read per role key through the API (any non-2xx answer or failed
 * request is an error). At the end it counts the bookings that ended FAILED and the error lines of the
 * hub's request log, and prints RSS at the start of the stream, at its end and the least-squares slope.
 * Each sample is also appended as a JSON line to `--out` as it is taken, so a run cut short keeps its
 * figures. Not a test: a script whose figures go to docs/benchmarks.md.
 *
 * Run: npx tsx packages/hub/bench/soak.ts [--minutes 30] [--every 30] [--out /tmp/soak.jsonl]
 *      [--people N --criminal N --ident N]  (smaller worlds start faster; the defaults are the demo's)
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runDemo } from "../../demo/src/index.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "30" },
    every: { type: "string", default: "30" },
    out: { type: "string", default: join(tmpdir(), "tenprint-soak.jsonl") },
    people: { type: "string" },
    criminal: { type: "string" },
    ident: { type: "string" },
  },
});
const soakMs = Number(values.minutes) * 60_000;
const everyMs = Number(values.every) * 1000;
const out = values.out;
writeFileSync(out, "");

interface Credential {
  readonly role: string;
  readonly apiKey: string;
}

/** One read per role, each something the role does all day. */
const READS: readonly { readonly role: string; readonly path: string }[] = [
  { role: "SIB", path: "/v1/transactions?limit=20" },
  { role: "LEA", path: "/v1/inbox" },
  { role: "CJIS", path: "/v1/stats" },
  { role: "IDENT", path: "/v1/stats" },
  { role: "LESC", path: "/v1/lesc/queue?limit=20" },
  { role: "ERO", path: "/v1/detainers" },
  { role: "PMO", path: "/v1/stats" },
  { role: "AUDITOR", path: "/v1/audit?limit=20" },
];

const dataDir = mkdtempSync(join(tmpdir(), "tenprint-soak-"));
const started = performance.now();
const at = () => (performance.now() - started) / 1000;
const lines: string[] = [];
const controller = new AbortController();
const running = runDemo({
  dataDir,
  port: 0,
  automateAll: true,
  print: (line) => lines.push(line),
  signal: controller.signal,
  sizes: {
    ...(values.people ? { people: Number(values.people) } : {}),
    ...(values.criminal ? { criminalDistractors: Number(values.criminal) } : {}),
    ...(values.ident ? { identDistractors: Number(values.ident) } : {}),
  },
});
let failure: unknown;
running.catch((error) => {
  failure = error;
});

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
interface Sample {
  readonly t: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly bookings: number;
  readonly apiErrors: number;
}
const samples: Sample[] = [];
let apiErrors = 0;
let apiReads = 0;
const errorsSeen: string[] = [];

async function bookings(url: string, keys: readonly Credential[]): Promise<number> {
  const cjis = keys.find((k) => k.role === "CJIS");
  const response = await fetch(`${url}/v1/stats`, { headers: { authorization: `Bearer ${cjis?.apiKey}` } });
  if (!response.ok) return Number.NaN;
  return ((await response.json()) as { overall: { bookings: number } }).overall.bookings;
}

async function readAsEveryRole(url: string, keys: readonly Credential[]): Promise<void> {
  for (const read of READS) {
    const key = keys.find((k) => k.role === read.role);
    apiReads++;
    try {
      const response = await fetch(`${url}${read.path}`, {
        headers: { authorization: `Bearer ${key?.apiKey}` },
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (!response.ok) {
        apiErrors++;
        errorsSeen.push(`${read.role} ${read.path}: ${response.status}`);
      }
    } catch (error) {
      apiErrors++;
      errorsSeen.push(`${read.role} ${read.path}: ${String(error)}`);
    }
  }
}

let url: string | undefined;
let keys: Credential[] = [];
let streamStartedAt: number | undefined;
let failedBookings = Number.NaN;
try {
  // Wait for the stream: the first start seeds the state and loads the galleries first.
  while (!failure && streamStartedAt === undefined) {
    await sleep(2000);
    url ??= /^serving (\S+)/.exec(lines.find((l) => l.startsWith("serving")) ?? "")?.[1];
    if (!url || !lines.some((l) => l.startsWith("API keys per role"))) continue;
    if (keys.length === 0)
      keys = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as Credential[];
    if ((await bookings(url, keys)) > 0) streamStartedAt = at();
  }
  if (failure) throw failure;
  console.log(`bookings began at ${streamStartedAt?.toFixed(0)} s; soaking ${values.minutes} min`);
  const soakEnd = performance.now() + soakMs;
  while (!failure && url) {
    const memory = process.memoryUsage();
    await readAsEveryRole(url, keys);
    const sample: Sample = {
      t: Math.round(at() - (streamStartedAt ?? 0)),
      rssMb: mb(memory.rss),
      heapMb: mb(memory.heapUsed),
      bookings: await bookings(url, keys),
      apiErrors,
    };
    samples.push(sample);
    appendFileSync(out, `${JSON.stringify(sample)}\n`);
    if (performance.now() >= soakEnd) break;
    await sleep(Math.min(everyMs, Math.max(0, soakEnd - performance.now())));
  }
  if (url) {
    const cjis = keys.find((k) => k.role === "CJIS");
    const response = await fetch(`${url}/v1/transactions?state=FAILED&limit=1`, {
      headers: { authorization: `Bearer ${cjis?.apiKey}` },
    });
    failedBookings = response.ok ? ((await response.json()) as { total: number }).total : Number.NaN;
  }
} finally {
  controller.abort();
  await running.catch(() => undefined);
}
let logErrors = 0;
try {
  for (const line of readFileSync(join(dataDir, "hub.log"), "utf8").split("\n")) {
    if (!line) continue;
    const level = (JSON.parse(line) as { level?: number }).level ?? 0;
    if (level >= 50) {
      logErrors++;
      if (errorsSeen.length < 20) errorsSeen.push(`hub.log: ${line.slice(0, 300)}`);
    }
  }
} catch {
  // No request log: nothing was logged.
}
rmSync(dataDir, { recursive: true, force: true });
if (failure) throw failure;

/** Least-squares slope of RSS over time, in MB per hour: flat memory is a slope near 0. */
function slopeMbPerHour(points: readonly Sample[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mr = points.reduce((s, p) => s + p.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.rssMb - mr);
    den += (p.t - mt) ** 2;
  }
  return (num / den) * 3600;
}
const first = samples[0];
const last = samples.at(-1);
const peak = Math.max(...samples.map((s) => s.rssMb));
// The first ten minutes hold the warm-up (JIT, caches, the gallery's growth from the first new people).
const settled = samples.filter((s) => s.t >= 600);
console.log(`soak: ${((last?.t ?? 0) / 60).toFixed(1)} min of bookings, ${samples.length} samples`);
console.log(`  bookings           ${first?.bookings} → ${last?.bookings}`);
console.log(`  RSS                ${first?.rssMb} MB → ${last?.rssMb} MB (peak ${peak} MB)`);
console.log(`  RSS slope          ${slopeMbPerHour(samples).toFixed(0)} MB/h over the run`);
console.log(
  `                     ${settled.length >= 2 ? `${slopeMbPerHour(settled).toFixed(0)} MB/h after the first 10 min` : "(under 10 min: no settled slope)"}`,
);
console.log(`  heap used          ${first?.heapMb} MB → ${last?.heapMb} MB`);
console.log(`  API reads          ${apiReads}, errors ${apiErrors}`);
console.log(`  bookings FAILED    ${failedBookings}`);
console.log(`  hub.log errors     ${logErrors}`);
for (const error of errorsSeen.slice(0, 20)) console.log(`    ${error}`);
console.log(`samples: ${out}`);
// The demo is stopped and its database closed; a keep-alive socket of fetch's pool or a thread of the
// render pool may still hold the loop open for minutes (seen after a 30-minute run): the report is out.
process.exit(failure ? 1 : 0);
