/**
 * What a new user sees in the first minutes of `npm start`: starts `tenprint demo` (the defaults `npm
 * start` uses: the full synthetic Virginia, a share of LESC cases and ERO reviews left to a person) in a
 * fresh temporary data directory, and reports when it serves, when bookings begin, and when each role's
 * key first has work to look at. Not a timed test: a script that prints figures (docs/benchmarks.md).
 *
 * Run: npx tsx --conditions=@tenprint/source packages/demo/bench/demo-first-minutes.ts [--minutes 10] [--automate-all]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runDemo } from "../src/index.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    "automate-all": { type: "boolean", default: false },
  },
});
const limitMs = Number(values.minutes) * 60_000;

interface Credential {
  readonly role: string;
  readonly ori: string;
  readonly apiKey: string;
}

/** A role's first piece of work, as its key sees it through the API. */
const WORK: readonly {
  readonly role: string;
  readonly what: string;
  readonly path: string;
  readonly has: (body: never) => boolean;
}[] = [
  {
    role: "SIB",
    what: "a booking it submitted",
    path: "/v1/transactions?limit=1",
    has: (b: { total: number }) => b.total > 0,
  },
  {
    role: "LEA",
    what: "a booking of its own",
    path: "/v1/transactions?limit=1",
    has: (b: { total: number }) => b.total > 0,
  },
  {
    role: "CJIS",
    what: "a criminal search answered (SRE)",
    path: "/v1/stats",
    has: (b: { overall: { sreIdent: number; sreNonIdent: number } }) =>
      b.overall.sreIdent + b.overall.sreNonIdent > 0,
  },
  {
    role: "IDENT",
    what: "an IDENT match",
    path: "/v1/stats",
    has: (b: { overall: { identMatches: number } }) => b.overall.identMatches > 0,
  },
  {
    role: "LESC",
    what: "a case in the queue",
    path: "/v1/lesc/queue?limit=1",
    has: (b: { count: number }) => b.count > 0,
  },
  {
    role: "ERO",
    what: "an IAR awaiting review",
    path: "/v1/ero/reviews",
    has: (b: { items: unknown[] }) => b.items.length > 0,
  },
  {
    role: "ERO",
    what: "a detainer",
    path: "/v1/detainers",
    has: (b: { items: unknown[] }) => b.items.length > 0,
  },
  {
    role: "LEA",
    what: "an IDR or IAR in its inbox",
    path: "/v1/inbox",
    has: (b: { items: { type: string }[] }) => b.items.some((m) => m.type === "IDR" || m.type === "IAR"),
  },
  {
    role: "LEA",
    what: "a detainer to acknowledge",
    path: "/v1/detainers",
    has: (b: { items: unknown[] }) => b.items.length > 0,
  },
  {
    role: "PMO",
    what: "bookings in the statistics",
    path: "/v1/stats",
    has: (b: { overall: { bookings: number } }) => b.overall.bookings > 0,
  },
  {
    role: "AUDITOR",
    what: "a booking's audit events",
    path: "/v1/audit?action=SUBMISSION_RECEIVED&limit=1",
    has: (b: { items: unknown[] }) => b.items.length > 0,
  },
] as never;

const dataDir = mkdtempSync(join(tmpdir(), "tenprint-demo-first-minutes-"));
const started = performance.now();
const at = () => (performance.now() - started) / 1000;
const lines: { t: number; line: string }[] = [];
const controller = new AbortController();
const running = runDemo({
  dataDir,
  port: 0,
  print: (line) => lines.push({ t: at(), line }),
  signal: controller.signal,
  ...(values["automate-all"] ? { automateAll: true } : {}),
});
let failure: unknown;
running.catch((error) => {
  failure = error;
});
const firstLine = (prefix: string) => lines.find((l) => l.line.startsWith(prefix));
const found = new Map<number, number>();
let firstBooking: number | undefined;
try {
  while (at() * 1000 < limitMs && found.size < WORK.length && !failure) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const url = /^serving (\S+)/.exec(firstLine("serving")?.line ?? "")?.[1];
    if (!url || !firstLine("API keys per role")) continue;
    const keys = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as Credential[];
    for (const [index, work] of WORK.entries()) {
      if (found.has(index)) continue;
      const key = keys.find((k) => k.role === work.role);
      const response = await fetch(`${url}${work.path}`, {
        headers: { authorization: `Bearer ${key?.apiKey}` },
      });
      if (response.ok && work.has((await response.json()) as never)) found.set(index, at());
    }
    if (firstBooking === undefined && found.has(0)) firstBooking = found.get(0);
  }
} finally {
  controller.abort();
  await running.catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
if (failure) throw failure;
const s = (t: number | undefined) =>
  t === undefined ? `not within ${values.minutes} min` : `${t.toFixed(0)} s`;
console.log(
  `tenprint demo, first minutes (${values["automate-all"] ? "--automate-all" : "default: a share waits for a person"})`,
);
for (const prefix of ["database", "serving", "API keys per role", "galleries loaded"])
  console.log(`  ${prefix.padEnd(34)} ${s(firstLine(prefix)?.t)}`);
console.log(`  ${"bookings begin".padEnd(34)} ${s(firstBooking)}`);
for (const [index, work] of WORK.entries())
  console.log(`  ${`${work.role}: ${work.what}`.padEnd(34)} ${s(found.get(index))}`);
const last = [...lines].reverse().find((l) => l.line.startsWith("bookings "));
if (last) console.log(`  live line at ${last.t.toFixed(0)} s: ${last.line}`);
