import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { SELECTORS } from "../src/testing/selectors.js";
import { launchBrowser, VIEWPORTS } from "../test/support/browser.js";
import { bookingWithTcn, invalidBooking, startConsoleHub } from "../test/support/console-hub.js";

/**
 * Screenshots of every view at 1280×800 into docs/console/ and at 1920×1080 into docs/console/1920/, on the browser tests' hub and world:
 * `npx tsx packages/console/scripts/screenshots.ts`. Not part of `npm test` (it writes into the tree).
 */
const OUT = fileURLToPath(new URL("../../../docs/console/", import.meta.url));
mkdirSync(`${OUT}1920/`, { recursive: true });

const hub = await startConsoleHub("engine");
const browser = await launchBrowser();
// A shared machine can take far longer than Playwright's 30 s to answer a navigation.
browser.context.setDefaultTimeout(180_000);
/** The view at 1280×800 and, resized in place (same state, same scroll), at 1920×1080. */
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}${name}.png` });
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${OUT}1920/${name}.png` });
  await page.setViewportSize(VIEWPORTS.laptop);
  process.stdout.write(`docs/console/${name}.png, docs/console/1920/${name}.png\n`);
};

try {
  const lea = (await browser.page(VIEWPORTS.laptop)).page;
  await lea.goto(`${hub.url}/sign-in`);
  await lea.getByRole("heading", { name: "Sign in as (demo)" }).waitFor();
  await shot(lea, "sign-in");
  await lea.getByRole("button", { name: /Booking agency/ }).click();
  await lea.getByRole("button", { name: "Sign out" }).waitFor();

  for (const [index, tcn] of ["SYNDOCS000000001", "SYNDOCS000000002", "SYNDOCS000000003"].entries()) {
    await lea.goto(`${hub.url}/submit`);
    await lea.locator('input[type="file"]').setInputFiles({
      name: `arrest-${index + 1}.eft`,
      mimeType: "application/octet-stream",
      buffer: Buffer.from(bookingWithTcn(tcn, "engine")),
    });
    await lea.getByText("202 Accepted").waitFor({ timeout: 60_000 });
  }
  await lea.goto(`${hub.url}/submit`);
  await lea.locator('input[type="file"]').setInputFiles({
    name: "missing-name.eft",
    mimeType: "application/octet-stream",
    buffer: Buffer.from(invalidBooking()),
  });
  await lea.getByText("422 Rejected").waitFor({ timeout: 60_000 });
  await shot(lea, "submit-rejected");

  await lea.goto(`${hub.url}/bookings`);
  await lea.getByRole("table").waitFor();
  // Wait until the searches have run, so the list shows bookings in their later states.
  await lea.getByRole("cell").getByText("With the LESC").first().waitFor({ timeout: 300_000 });
  await shot(lea, "bookings");
  await lea.getByRole("link", { name: "SYNDOCS000000001" }).click();
  await lea.getByRole("cell", { name: /^IDR/ }).waitFor({ timeout: 120_000 });
  await lea.getByRole("img", { name: "Left little, rolled print" }).waitFor();
  await shot(lea, "booking");

  const analyst = (await browser.page(VIEWPORTS.laptop)).page;
  await analyst.goto(`${hub.url}/sign-in`);
  await analyst.getByRole("button", { name: /Law Enforcement Support Center/ }).click();
  await analyst.getByRole("heading", { name: "LESC queue" }).waitFor();
  await analyst.getByTestId(SELECTORS.queueRow).nth(2).waitFor({ timeout: 120_000 });
  await analyst.getByTestId(SELECTORS.queueRow).first().getByRole("link").click();
  await analyst.getByTestId(SELECTORS.overlayPair).first().waitFor({ timeout: 60_000 });
  await analyst.locator(`[data-testid="${SELECTORS.printPair}"] image`).nth(1).waitFor();
  await shot(analyst, "lesc-case");
  await analyst.getByLabel("Analyst").fill("analyst 7");
  await analyst.getByLabel("Status").selectOption("UNK");
  await analyst.getByRole("button", { name: /Record UNK/ }).click();
  await analyst.getByText(/needs a note/).waitFor();
  await analyst.getByLabel(/Note/).focus();
  await analyst.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await shot(analyst, "lesc-case-determination");

  // A long queue, as the LESC would see it after a busy night: ages from seconds to more than a day.
  await hub.seedOpenCases(10_000);
  await analyst.goto(`${hub.url}/lesc/queue`);
  await analyst.getByText(/^10,00\d$/).waitFor({ timeout: 60_000 });
  await analyst.getByTestId(SELECTORS.queueRow).nth(8).waitFor();
  await shot(analyst, "lesc-queue");

  const viewer = (await browser.page(VIEWPORTS.laptop)).page;
  await viewer.goto(`${hub.url}/ebts-viewer`);
  await viewer.locator('input[type="file"]').setInputFiles({
    name: "missing-name.eft",
    mimeType: "application/octet-stream",
    buffer: Buffer.from(invalidBooking("engine")),
  });
  await viewer.getByTestId(SELECTORS.decodedImage).nth(13).waitFor({ timeout: 60_000 });
  await shot(viewer, "ebts-viewer");
} finally {
  await browser.close();
  await hub.close();
}
