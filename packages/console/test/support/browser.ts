import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (browsers cannot be downloaded here), with the flags that
 * work on these machines and a fresh profile per run.
 */
export const CHROMIUM = process.env.TENPRINT_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  desktop: { width: 1920, height: 1080 },
} as const;

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium; .ci/run does) or set TENPRINT_CHROMIUM`;
}

export interface Browser {
  readonly context: BrowserContext;
  /** A new tab (its own sessionStorage, so its own signed-in key) that records console errors. */
  page(viewport?: { width: number; height: number }): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions so far, except network errors the test expects. */
  errors(): string[];
  /** A failed request the test provokes on purpose (a wrong key's 401), not to count as an error. */
  expectFailedRequest(status: number, urlPart: string): void;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "tenprint-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: VIEWPORTS.laptop,
    acceptDownloads: true,
  });
  return {
    context,
    async page(viewport = VIEWPORTS.laptop) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      const errors: string[] = [];
      const expected: { status: number; urlPart: string }[] = [];
      const failed: { status: number; url: string }[] = [];
      page.on("response", (response) => {
        if (response.status() >= 400) failed.push({ status: response.status(), url: response.url() });
      });
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
      });
      page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
      return {
        page,
        expectFailedRequest: (status, urlPart) => expected.push({ status, urlPart }),
        errors: () =>
          errors.filter((error) => {
            // Chromium logs every 4xx response as a console error; those the test provoked are not faults.
            const network = /Failed to load resource: the server responded with a status of (\d+)/.exec(
              error,
            );
            if (!network) return true;
            const status = Number(network[1]);
            const explained = failed.some(
              (response) =>
                response.status === status &&
                expected.some((e) => e.status === status && response.url.includes(e.urlPart)) &&
                error.includes(response.url),
            );
            return !explained;
          }),
      };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
  readonly targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's content security policy does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (options: object) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations as {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  });
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.length,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
}

/** How many CSS pixels the page scrolls sideways at its current size (0 when it fits the window's width). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth),
  );
}
