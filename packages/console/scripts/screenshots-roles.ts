import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { SELECTORS } from "../src/testing/selectors.js";
import { launchBrowser, VIEWPORTS } from "../test/support/browser.js";
import { bookingWithTcn, PLANNED_COUNTY, startConsoleHub } from "../test/support/console-hub.js";

/**
 * Screenshots of the ERO, detainer, PMO and auditor views at 1280×800 into docs/console/ and at 1920×1080 into docs/console/1920/, on the browser
 * tests' hub and world: `npx tsx packages/console/scripts/screenshots-roles.ts`. Not part of `npm test`.
 */
const OUT = fileURLToPath(new URL("../../../docs/console/", import.meta.url));
mkdirSync(`${OUT}1920/`, { recursive: true });

const hub = await startConsoleHub();
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
const signedIn = async (role: RegExp): Promise<Page> => {
  const { page } = await browser.page(VIEWPORTS.laptop);
  await page.goto(`${hub.url}/sign-in`);
  await page.getByRole("button", { name: role }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  return page;
};
const post = async (role: "LEA" | "LESC" | "ERO", path: string, body: unknown) => {
  const response = await fetch(`${hub.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${hub.keys[role]}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json();
};

try {
  const tcns = ["SYNROLES00000001", "SYNROLES00000002"];
  for (const tcn of tcns) {
    const response = await fetch(`${hub.url}/v1/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${hub.keys.LEA}`, "content-type": "application/octet-stream" },
      body: Buffer.from(bookingWithTcn(tcn)),
    });
    if (response.status !== 202) throw new Error(`booking ${tcn}: ${response.status}`);
  }
  // Both bookings through the analyst's hands (confirmed), so that ERO has two reviews.
  for (let decided = 0; decided < tcns.length; ) {
    const queue = await hub.api<{ items: { transactionId: string }[] }>("LESC", "/v1/lesc/queue");
    for (const item of queue.items) {
      await post("LESC", `/v1/lesc/reviews/${item.transactionId}/determination`, { analyst: "analyst 7" });
      decided++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  let reviews: { transactionId: string }[] = [];
  while (reviews.length < tcns.length) {
    reviews = (await hub.api<{ items: { transactionId: string }[] }>("ERO", "/v1/ero/reviews")).items;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  const ero = await signedIn(/ERO field office/);
  await ero.getByRole("heading", { name: "ERO reviews" }).waitFor();
  await ero
    .getByText(/Priority /)
    .nth(1)
    .waitFor();
  await shot(ero, "ero-reviews");
  await ero.getByRole("button", { name: "Issue detainer" }).first().click();
  await ero.getByText(/Detainer [0-9a-f]{8} issued/).waitFor({ timeout: 60_000 });
  await ero.getByRole("button", { name: "Issue detainer" }).first().click();
  await ero.getByText("No review is waiting").waitFor({ timeout: 60_000 });
  const detainers = (await hub.api<{ items: { id: string }[] }>("ERO", "/v1/detainers")).items;
  for (const detainer of detainers)
    await post("ERO", `/v1/detainers/${detainer.id}/actions`, { type: "SERVE" });
  const [holding] = detainers;
  for (const body of [
    { type: "ACKNOWLEDGE" },
    { type: "RELEASE_NOTICE", releaseDueAt: new Date().toISOString() },
    { type: "HOLD" },
  ])
    await post("LEA", `/v1/detainers/${holding!.id}/actions`, body);

  const lea = await signedIn(/Booking agency/);
  await lea.getByRole("link", { name: "Detainers" }).click();
  await lea.getByTestId(SELECTORS.holdClock).waitFor({ timeout: 60_000 });
  await lea.getByText("Who may do what").click();
  await shot(lea, "detainers");

  const pmo = await signedIn(/Programme management office/);
  await pmo.getByRole("img", { name: /Map of 3,\d{3} US counties/ }).waitFor({ timeout: 60_000 });
  await pmo.locator('svg.county-map[data-complete="true"]').waitFor();
  await shot(pmo, "pmo-map-country");
  await pmo.locator(`[data-fips="${PLANNED_COUNTY.fips}"]`).dispatchEvent("click");
  await pmo.getByRole("heading", { name: `${PLANNED_COUNTY.name}, VA` }).waitFor();
  await pmo.getByLabel("Date").fill("2027-01-15");
  await pmo.getByRole("button", { name: "Schedule" }).click();
  await pmo.getByText("2027-01-15", { exact: true }).waitFor();
  // The county's click zoomed the map to its state (the whole country is one click back).
  await pmo.locator('svg.county-map[data-zoom="51"]').waitFor();
  await shot(pmo, "pmo-map");
  await pmo.getByRole("link", { name: "Statistics" }).click();
  await pmo.getByRole("img", { name: /Bookings, IDENT matches and detainers/ }).waitFor();
  await shot(pmo, "pmo-statistics");

  const auditor = await signedIn(/Auditor/);
  await auditor.getByRole("heading", { name: "Audit log" }).waitFor();
  await auditor.getByLabel("Object").fill(`detainer:${holding!.id}`);
  await auditor.getByRole("button", { name: "Filter", exact: true }).click();
  await auditor.getByText(`History of detainer:${holding!.id}`).waitFor();
  await auditor.getByRole("button", { name: "Verify chain" }).click();
  await auditor.getByText(/The chain verifies/).waitFor({ timeout: 60_000 });
  await shot(auditor, "audit");
} finally {
  await browser.close();
  await hub.close();
}
