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
 * every county drawn (and the facilities' points), each the median of RUNS loads in Debian's Chromium at
 * 1280×800, two ways:
 * - cold: a new tab each time, so the queries start cold; the browser's HTTP cache keeps the hashed
 *   bundles after the first run, as it does for a person who opens the console every day;
 * - warm: one signed-in tab with the shell loaded, as an analyst works: a client-side route change
 *   (the router's history.pushState, what a link or "next case" does) to another case id each run, never
 *   one seen before in that tab, and to the map from the home page (the map's data stay cached in the tab
 *   after the first visit, as they do for a person who goes back to it);
 * - next case: in one tab on a waiting case, C (confirm) until the next case is drawn (decides RUNS cases;
 *   `bench-hub.ts` serves a hub with enough of them when the demo has too few);
 * - baselines: a new tab showing GET /health, the same in a tab that already shows it, and a new tab with
 *   the signed-in shell and no view data, so that what a tab costs is told apart from what the console adds.
 *
 *   npm start   # or: npx tenprint demo --data /tmp/demo --port 8090
 *   npx tsx packages/console/scripts/bench.ts [http://127.0.0.1:8080]
 *
 * The demo's "sign in as" keys are read from /demo/credentials, as the console's sign-in does.
 *
 * Wall time on a shared machine is mostly waiting for a core, so each load's CPU time is printed too:
 * Chromium's (every process of the browser, from /proc, also split by kind of process) and, with
 * HUB_PID=<pid of the demo>, the hub's (which includes whatever the demo's stream did meanwhile). Linux only
 * for the CPU figures.
 */
const URL_BASE = process.argv[2] ?? "http://127.0.0.1:8080";
const RUNS = Number(process.env.RUNS ?? 5);
/** ONLY=baselines,map-cold …: the figures to measure (all by default); see `wanted` below for the names. */
const ONLY = process.env.ONLY?.split(",");
const wanted = (
  figure: "case-cold" | "case-warm" | "next-case" | "baselines" | "map-cold" | "map-warm",
): boolean => !ONLY || ONLY.includes(figure);
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

/**
 * What a process of the tree is, for the split of Chromium's CPU: its `--type` (renderer, gpu-process,
 * zygote), a utility's service (network, storage, audio…), "browser" for Chromium's main process, or the
 * executable's name for anything else (the hub is "node").
 */
function processKind(pid: string): string {
  try {
    // Chromium rewrites its processes' titles: the arguments may be joined by spaces instead of NULs.
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split(/[\0 ]/);
    const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
    const type = flag("type");
    if (type === "utility") return (flag("utility-sub-type") ?? "utility").replace(/\.mojom\.\w+$/, "");
    if (type) return type;
    const exe = args[0]?.split("/").at(-1) ?? "?";
    return exe === "chromium" || exe === "chrome" ? "browser" : exe;
  } catch {
    return "?";
  }
}

/** CPU time (user + system, ms) of `root` (unless `descendantsOnly`) and every process under it, from /proc. */
function treeCpuMs(root: number | undefined, descendantsOnly = false): number {
  let total = 0;
  for (const ms of treeCpuByKind(root, descendantsOnly).values()) total += ms;
  return root === undefined ? Number.NaN : total;
}

/** treeCpuMs, by the kind of process (processKind). */
function treeCpuByKind(root: number | undefined, descendantsOnly = false): Map<string, number> {
  const byKind = new Map<string, number>();
  if (root === undefined) return byKind;
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
  for (const [pid, stat] of stats) {
    if (!inTree(pid) || (descendantsOnly && pid === root)) continue;
    const kind = processKind(String(pid));
    byKind.set(kind, (byKind.get(kind) ?? 0) + stat.ticks * TICK_MS);
  }
  return byKind;
}

const HUB_PID = process.env.HUB_PID ? Number(process.env.HUB_PID) : undefined;

interface Runs {
  wall: number[];
  browserCpu: number[];
  hubCpu: number[];
  /** Chromium's CPU per run by kind of process (only the kinds that used any). */
  browserByKind: Map<string, number[]>;
}

const newRuns = (): Runs => ({ wall: [], browserCpu: [], hubCpu: [], browserByKind: new Map() });

/** The CPU counters before a timed run; `done` records the run's wall time and CPU into `runs`. */
function startRun(runs: Runs): { done: () => void } {
  const chromiumBefore = treeCpuByKind(process.pid, true);
  const hubBefore = treeCpuMs(HUB_PID);
  const start = performance.now();
  return {
    done() {
      runs.wall.push(performance.now() - start);
      runs.hubCpu.push(treeCpuMs(HUB_PID) - hubBefore);
      let total = 0;
      const after = treeCpuByKind(process.pid, true);
      // A process that ended during the run drops out of `after`; its time before the run is not counted.
      for (const [kind, ms] of after) {
        const used = ms - (chromiumBefore.get(kind) ?? 0);
        total += used;
        const list = runs.browserByKind.get(kind) ?? [];
        list[runs.wall.length - 1] = used;
        runs.browserByKind.set(kind, list);
      }
      runs.browserCpu.push(total);
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Time from navigation to `ready`, in a tab from `open` (a fresh one signed in with a key: cold React Query
 * cache), closed after each run unless `closeEach` is false.
 */
async function timed(
  open: () => Promise<Page>,
  path: string,
  ready: (page: Page) => Promise<void>,
  closeEach = true,
): Promise<Runs> {
  const runs = newRuns();
  for (let run = 0; run < RUNS; run++) {
    const page = await open();
    const timing = startRun(runs);
    await page.goto(`${URL_BASE}${path}`);
    await ready(page);
    timing.done();
    if (closeEach) await page.close();
  }
  return runs;
}

/**
 * Time from a client-side route change to `ready`, in one tab that stays open. `away` (if given) is visited
 * first each run, untimed, so the timed view mounts anew. A full page load during a run is an error: the
 * figure would not be a warm one.
 */
async function timedInTab(
  page: Page,
  paths: string[],
  away: string | undefined,
  ready: (page: Page, path: string) => Promise<void>,
  settledAway: (page: Page) => Promise<void> = async () => {},
): Promise<Runs> {
  const runs = newRuns();
  const token = String(Math.random());
  await page.evaluate((t) => Object.assign(window, { benchTab: t }), token);
  const go = (path: string) => page.evaluate((to) => window.history.pushState(null, "", to), path);
  for (const path of paths) {
    if (away) {
      await go(away);
      await settledAway(page);
    }
    const timing = startRun(runs);
    await go(path);
    await ready(page, path);
    timing.done();
    if ((await page.evaluate(() => (window as { benchTab?: string }).benchTab)) !== token)
      throw new Error(`${path}: the tab reloaded, so this was not a client-side navigation`);
  }
  return runs;
}

/**
 * `runs` determinations in one tab that stays on the case page: each run presses the page's "confirm"
 * shortcut (C) and waits for `ready` of the case that opens next. A full page load is an error, as in
 * timedInTab.
 */
async function timedDecisions(
  page: Page,
  runs: number,
  ready: (page: Page, from: string) => Promise<void>,
): Promise<Runs> {
  const times = newRuns();
  const token = String(Math.random());
  await page.evaluate((t) => Object.assign(window, { benchTab: t }), token);
  for (let run = 0; run < runs; run++) {
    const from = await page.evaluate(() => window.location.pathname);
    // Focus on the page, not in a text field, so the letter is a shortcut.
    await page.locator("main").focus();
    const timing = startRun(times);
    await page.keyboard.press("c");
    await ready(page, from);
    timing.done();
    if ((await page.evaluate(() => (window as { benchTab?: string }).benchTab)) !== token)
      throw new Error(`after ${from}: the tab reloaded, so this was not a client-side navigation`);
  }
  return times;
}

/** The path the page moves to from `from`: another case's (the next one), never the queue's. */
async function nextPath(page: Page, from: string): Promise<string> {
  await page.waitForFunction((at) => window.location.pathname !== at, from, { timeout: 120_000 });
  const to = await page.evaluate(() => window.location.pathname);
  if (!to.startsWith("/lesc/cases/")) throw new Error(`after ${from} the console went to ${to}, not a case`);
  return to;
}

const twoFrames = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/**
 * Case ids the LESC key may open: the waiting ones first, then (with `orDecided`) decided ones, at most
 * `count`.
 */
async function caseIds(lescKey: string, count: number, orDecided = true): Promise<string[]> {
  const queue = (await (
    await fetch(`${URL_BASE}/v1/lesc/queue?limit=${count}`, {
      headers: { authorization: `Bearer ${lescKey}`, "x-purpose": "console benchmark" },
    })
  ).json()) as { items: { transactionId: string }[] };
  const ids = queue.items.map((item) => item.transactionId);
  if (ids.length >= count || !orDecided) return ids.slice(0, count);
  const auditorKey = await keyOf("AUDITOR");
  const list = (await (
    await fetch(`${URL_BASE}/v1/transactions?state=CLOSED&limit=500`, {
      headers: { authorization: `Bearer ${auditorKey}` },
    })
  ).json()) as { items: { id: string; outcome?: string | null }[] };
  for (const item of list.items.filter((t) => t.outcome === "ERO_REVIEWED")) {
    if (ids.length >= count) break;
    const response = await fetch(`${URL_BASE}/v1/lesc/cases/${item.id}`, {
      headers: { authorization: `Bearer ${lescKey}`, "x-purpose": "console benchmark" },
    });
    if (response.ok && !ids.includes(item.id)) ids.push(item.id);
  }
  return ids;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
// Chromium's processes are this script's descendants (Playwright's driver runs in this process), which is
// what startRun counts.
try {
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const signedInAs = (key: string) => async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    // The key is put where the sign-in page puts it before any of the console's code runs.
    await page.addInitScript((k) => sessionStorage.setItem("tenprint.apiKey", k), key);
    return page;
  };

  /**
   * Both prints and the paired minutiae drawn, the determination form shown. After a route change (`path`),
   * only images made for this case count: the page's previous case's blob: URLs are remembered first.
   */
  const caseReady = async (page: Page, path?: string) => {
    // Not waitForURL: it waits for a load event, which a client-side route change never fires.
    if (path) await page.waitForFunction((to) => window.location.pathname === to, path);
    await page.getByTestId(SELECTORS.overlayPair).first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      ([selector, seen]) => {
        const images = [...document.querySelectorAll(`[data-testid="${selector}"] svg image`)];
        return (
          images.length >= 2 &&
          images.every((image) => !seen.includes(image.getAttribute("href") ?? "")) &&
          [...document.images].every((image) => image.complete)
        );
      },
      [SELECTORS.printPair, path ? await seenImages(page) : []] as const,
      { timeout: 120_000 },
    );
    // The form for a waiting case, the recorded determination for a decided one.
    await page.getByRole("heading", { name: /^(Determination|Determined)$/ }).waitFor({ timeout: 120_000 });
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await rememberImages(page);
  };
  const seenImages = (page: Page) =>
    page.evaluate(() => (window as { benchSeen?: string[] }).benchSeen ?? []);
  const rememberImages = (page: Page) =>
    page.evaluate((selector) => {
      const w = window as { benchSeen?: string[] };
      const hrefs = [...document.querySelectorAll(`[data-testid="${selector}"] svg image`)].map(
        (image) => image.getAttribute("href") ?? "",
      );
      w.benchSeen = [...(w.benchSeen ?? []), ...hrefs];
    }, SELECTORS.printPair);

  const lescKey = await keyOf("LESC");
  const queue = (await (
    await fetch(`${URL_BASE}/v1/lesc/queue?limit=1`, {
      headers: { authorization: `Bearer ${lescKey}`, "x-purpose": "console benchmark" },
    })
  ).json()) as { items: { transactionId: string }[] };
  // A case waiting for a person when the demo leaves some; otherwise a decided one (same page, same data).
  const open = queue.items[0] ?? (await decidedCase(lescKey));
  const caseTimes =
    open && wanted("case-cold")
      ? await timed(signedInAs(lescKey), `/lesc/cases/${open.transactionId}`, (page) => caseReady(page))
      : undefined;

  // Warm: one tab, signed in, on the queue; then from case to case by client-side route changes.
  const ids = wanted("case-warm") ? await caseIds(lescKey, RUNS + 1) : [];
  let warmCaseTimes: Runs | undefined;
  if (ids.length >= 2) {
    const tab = await signedInAs(lescKey)();
    await tab.goto(`${URL_BASE}/lesc/cases/${ids[0]}`);
    await caseReady(tab);
    warmCaseTimes = await timedInTab(
      tab,
      ids.slice(1).map((id) => `/lesc/cases/${id}`),
      undefined,
      (page, path) => caseReady(page, path),
    );
    await tab.close();
  }

  // After a determination the next case opens: one tab on a waiting case; each run confirms the proposal
  // with the page's "confirm" shortcut and times until the next case's prints and pairs are drawn (the
  // determination, the IAR it sends, the queue's refresh and the next case's data all inside the time).
  // Last of the case figures: it decides the cases it times, so the demo's queue shrinks by RUNS.
  const waiting = wanted("next-case") ? await caseIds(lescKey, RUNS + 1, false) : [];
  let nextCaseTimes: Runs | undefined;
  if (waiting.length >= 2) {
    const tab = await signedInAs(lescKey)();
    await tab.goto(`${URL_BASE}/lesc/cases/${waiting[0]}`);
    await caseReady(tab);
    // The form remembers the analyst's name in the tab, as it does for a person after the first case.
    await tab.getByLabel("Analyst").fill("bench analyst");
    nextCaseTimes = await timedDecisions(tab, waiting.length - 1, async (page, from) => {
      const to = await nextPath(page, from);
      await caseReady(page, to);
      await page.getByRole("heading", { name: "Determination" }).waitFor({ timeout: 120_000 });
    });
    await tab.close();
  }

  // Baselines of a new tab, to separate what a tab costs from what the console adds: the hub's smallest
  // static answer (GET /health, 15 bytes of JSON, no script) in a new tab, the same in a tab that has
  // already shown it (its renderer process running: what the new tab's first navigation adds), and the
  // signed-in shell with no view data (a path no route owns: the shell, GET /v1/me and the "page not
  // found" text, no view chunk, no view query).
  const blankTab = async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    return page;
  };
  const bodyShown = async (page: Page) => {
    await page.locator("body").waitFor();
    await twoFrames(page);
  };
  const baselines = wanted("baselines");
  const staticTimes = baselines ? await timed(blankTab, "/health", bodyShown) : undefined;
  let sameTabTimes: Runs | undefined;
  if (baselines) {
    const tab = await blankTab();
    await tab.goto(`${URL_BASE}/health`);
    await bodyShown(tab);
    sameTabTimes = await timed(async () => tab, "/health?again", bodyShown, false);
    await tab.close();
  }
  const shellTimes = baselines
    ? await timed(signedInAs(lescKey), "/bench/no-view-here", async (page) => {
        await page.getByRole("heading", { name: "Page not found" }).waitFor({ timeout: 120_000 });
        await page.locator(".topbar__identity strong").waitFor({ timeout: 120_000 });
        await twoFrames(page);
      })
    : undefined;

  const pmoKey = await keyOf("PMO");
  let counties = 0;
  const mapReady = async (page: Page) => {
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
  };
  const mapTimes = wanted("map-cold") ? await timed(signedInAs(pmoKey), "/pmo/map", mapReady) : undefined;
  let warmMapTimes: Runs | undefined;
  if (wanted("map-warm")) {
    // Warm: one tab; each run goes to the statistics (untimed), so the map mounts anew, then to the map (timed).
    // Not the home page: it sends a PMO key straight on to the map.
    const pmoTab = await signedInAs(pmoKey)();
    await pmoTab.goto(`${URL_BASE}/`);
    await pmoTab.locator("main").first().waitFor();
    warmMapTimes = await timedInTab(
      pmoTab,
      Array.from({ length: RUNS }, () => "/pmo/map"),
      "/pmo/statistics",
      mapReady,
      async (page) => {
        await page.waitForFunction(() => window.location.pathname === "/pmo/statistics");
        await page.locator("svg.county-map").waitFor({ state: "detached" });
      },
    );
    await pmoTab.close();
  }

  const shell = shellGzip();
  const list = (values: number[]) =>
    `${Math.round(median(values))} ms (runs: ${values.map(Math.round).join(", ")})`;
  const ms = (runs: Runs | undefined) =>
    runs
      ? `${list(runs.wall)}; CPU per load: Chromium ${list(runs.browserCpu)}` +
        (HUB_PID === undefined ? "" : `, hub ${list(runs.hubCpu)}`) +
        `; Chromium by process, medians: ${[...runs.browserByKind]
          .map(([kind, values]) => [kind, median(Array.from(runs.wall, (_, i) => values[i] ?? 0))] as const)
          .filter(([, ms]) => ms > 0)
          .sort((a, b) => b[1] - a[1])
          .map(([kind, ms]) => `${kind} ${Math.round(ms)} ms`)
          .join(", ")}`
      : "not measured (no case for it, or left out by ONLY)";
  process.stdout.write(
    [
      `shell JavaScript, gzip -9: ${(shell.js / 1024).toFixed(1)} KB (CSS ${(shell.css / 1024).toFixed(1)} KB)`,
      `LESC case page ready, cold (new tab), median of ${RUNS}: ${ms(caseTimes)}`,
      `LESC case page ready, warm (route change in one tab), median of ${warmCaseTimes?.wall.length ?? 0} distinct cases: ${ms(warmCaseTimes)}`,
      `LESC next case ready after a determination (C in the case page), median of ${nextCaseTimes?.wall.length ?? 0}: ${ms(nextCaseTimes)}`,
      `baseline: new tab, GET /health (static, no script), median of ${RUNS}: ${ms(staticTimes)}`,
      `baseline: GET /health again in a tab that showed it (renderer running), median of ${RUNS}: ${ms(sameTabTimes)}`,
      `baseline: new tab, signed-in shell, no view data (not-found path), median of ${RUNS}: ${ms(shellTimes)}`,
      `PMO map, all ${counties} counties drawn, cold (new tab), median of ${RUNS}: ${ms(mapTimes)}`,
      `PMO map, all ${counties} counties drawn, warm (route change in one tab), median of ${RUNS}: ${ms(warmMapTimes)}`,
      `load average at the end: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(", ")}`,
      "",
    ].join("\n"),
  );
} finally {
  await browser.close();
}
