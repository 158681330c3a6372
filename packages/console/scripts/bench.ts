import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "playwright-core";
import { SELECTORS } from "../src/testing/selectors.js";
import { CHROMIUM, VIEWPORTS } from "../test/support/browser.js";

/**
 * The console's figures on a running demo (not a test): the shell's gzipped JavaScript, the LESC case page
 * ready (both prints and the paired minutiae drawn, the determination form shown) and the PMO map with
 * every county drawn (and the facilities' points), each the median of RUNS page loads in Debian's Chromium at
 * 1280×800: a new tab each time, so the queries start cold; the browser's HTTP cache keeps the hashed
 * bundles after the first run, as it does for a person who opens the console every day.
 *
 *   npm start   # or: npx tenprint demo --data /tmp/demo --port 8090
 *   npx tsx packages/console/scripts/bench.ts [http://127.0.0.1:8080]
 *
 * The demo's "sign in as" keys are read from /demo/credentials, as the console's sign-in does.
 *
 * Wall time on a shared machine is mostly waiting for a core, so each load's CPU time is printed too:
 * Chromium's (every process of the browser, from /proc) and, with HUB_PID=<pid of the demo>, the hub's
 * (which includes whatever the demo's stream did meanwhile). Linux only for the CPU figures.
 */
const URL_BASE = process.argv[2] ?? "http://127.0.0.1:8080";
const RUNS = Number(process.env.RUNS ?? 5);
const DIST = fileURLToPath(new URL("../dist/", import.meta.url));

function shellGzip(): { js: number; css: number } {
  const html = readFileSync(`${DIST}index.html`, "utf8");
  const sizes = { js: 0, css: 0 };
  for (const [asset] of html.matchAll(/assets\/[^"]+\.(?:js|css)/g)) {
    const bytes = gzipSync(readFileSync(`${DIST}${asset}`), { level: 9 }).length;
    if (asset.endsWith(".js")) sizes.js += bytes;
    else sizes.css += bytes;
  }
  return sizes;
}

interface Credential {
  role: string;
  apiKey: string;
}

async function keyOf(role: string): Promise<string> {
  const response = await fetch(`${URL_BASE}/demo/credentials`);
  if (!response.ok) throw new Error(`${URL_BASE}/demo/credentials: ${response.status}; is the demo running?`);
  const { credentials } = (await response.json()) as { credentials: Credential[] };
  const found = credentials.find((c) => c.role === role);
  if (!found) throw new Error(`the demo offers no ${role} key`);
  return found.apiKey;
}

/** A booking that went through the LESC, found with the auditor's key: its case page is the same page. */
async function decidedCase(lescKey: string): Promise<{ transactionId: string } | undefined> {
  const auditorKey = await keyOf("AUDITOR");
  const list = (await (
    await fetch(`${URL_BASE}/v1/transactions?state=CLOSED&limit=200`, {
      headers: { authorization: `Bearer ${auditorKey}` },
    })
  ).json()) as { items: { id: string; outcome?: string | null }[] };
  for (const item of list.items.filter((t) => t.outcome === "ERO_REVIEWED")) {
    const response = await fetch(`${URL_BASE}/v1/lesc/cases/${item.id}`, {
      headers: { authorization: `Bearer ${lescKey}`, "x-purpose": "console benchmark" },
    });
    if (response.ok) return { transactionId: item.id };
  }
  return undefined;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system, ms) of `root` (unless `descendantsOnly`) and every process under it, from /proc. */
function treeCpuMs(root: number | undefined, descendantsOnly = false): number {
  if (root === undefined) return Number.NaN;
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name may hold spaces; the fields after its closing parenthesis are fixed.
      const text = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(name), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while /proc was read.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid; at && at > 1; at = stats.get(at)?.parent)
      if (at === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (inTree(pid) && !(descendantsOnly && pid === root)) ticks += stat.ticks;
  return ticks * TICK_MS;
}

const HUB_PID = process.env.HUB_PID ? Number(process.env.HUB_PID) : undefined;

interface Runs {
  wall: number[];
  browserCpu: number[];
  hubCpu: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Time from navigation to `ready`, in a fresh tab signed in with `key` (cold React Query cache). */
async function timed(
  open: () => Promise<Page>,
  path: string,
  ready: (page: Page) => Promise<void>,
): Promise<Runs> {
  const runs: Runs = { wall: [], browserCpu: [], hubCpu: [] };
  for (let run = 0; run < RUNS; run++) {
    const page = await open();
    const browserBefore = browserCpu();
    const hubBefore = treeCpuMs(HUB_PID);
    const start = performance.now();
    await page.goto(`${URL_BASE}${path}`);
    await ready(page);
    runs.wall.push(performance.now() - start);
    runs.browserCpu.push(browserCpu() - browserBefore);
    runs.hubCpu.push(treeCpuMs(HUB_PID) - hubBefore);
    await page.close();
  }
  return runs;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
// Chromium's processes are this script's descendants (Playwright's driver runs in this process).
const browserCpu = () => treeCpuMs(process.pid, true);
try {
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const signedInAs = (key: string) => async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    // The key is put where the sign-in page puts it before any of the console's code runs.
    await page.addInitScript((k) => sessionStorage.setItem("tenprint.apiKey", k), key);
    return page;
  };

  const lescKey = await keyOf("LESC");
  const queue = (await (
    await fetch(`${URL_BASE}/v1/lesc/queue?limit=1`, {
      headers: { authorization: `Bearer ${lescKey}`, "x-purpose": "console benchmark" },
    })
  ).json()) as { items: { transactionId: string }[] };
  // A case waiting for a person when the demo leaves some; otherwise a decided one (same page, same data).
  const open = queue.items[0] ?? (await decidedCase(lescKey));
  const caseTimes = open
    ? await timed(signedInAs(lescKey), `/lesc/cases/${open.transactionId}`, async (page) => {
        await page.getByTestId(SELECTORS.overlayPair).first().waitFor({ timeout: 120_000 });
        await page.waitForFunction(
          (selector) =>
            [...document.querySelectorAll(`[data-testid="${selector}"] svg image`)].length >= 2 &&
            [...document.images].every((image) => image.complete),
          SELECTORS.printPair,
        );
        await page.getByRole("heading", { name: "Determination" }).waitFor();
      })
    : undefined;

  const pmoKey = await keyOf("PMO");
  let counties = 0;
  const mapTimes = await timed(signedInAs(pmoKey), "/pmo/map", async (page) => {
    // Whole: every county coloured by its jurisdiction and, for a role that reads them, the facilities drawn
    // (a build from before data-complete counts as whole once its counties are drawn).
    await page.waitForFunction(
      () => {
        const map = document.querySelector("svg.county-map");
        return (
          Number(map?.getAttribute("data-counties")) > 3000 && map?.getAttribute("data-complete") !== "false"
        );
      },
      undefined,
      { timeout: 120_000 },
    );
    // Drawn means painted: two animation frames after the SVG is in the document.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    counties = Number(await page.locator("svg.county-map").getAttribute("data-counties"));
  });

  const shell = shellGzip();
  const list = (values: number[]) =>
    `${Math.round(median(values))} ms (runs: ${values.map(Math.round).join(", ")})`;
  const ms = (runs: Runs | undefined) =>
    runs
      ? `${list(runs.wall)}; CPU per load: Chromium ${list(runs.browserCpu)}` +
        (HUB_PID === undefined ? "" : `, hub ${list(runs.hubCpu)}`)
      : "no open case";
  process.stdout.write(
    [
      `shell JavaScript, gzip -9: ${(shell.js / 1024).toFixed(1)} KB (CSS ${(shell.css / 1024).toFixed(1)} KB)`,
      `LESC case page ready, median of ${RUNS}: ${ms(caseTimes)}`,
      `PMO map, all ${counties} counties drawn, median of ${RUNS}: ${ms(mapTimes)}`,
      `load average at the end: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(", ")}`,
      "",
    ].join("\n"),
  );
} finally {
  await browser.close();
}
