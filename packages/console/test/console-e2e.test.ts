import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseComparison, LescCase } from "../src/lib/api/types.js";
import { SELECTORS } from "../src/testing/selectors.js";
import {
  type Browser,
  chromiumMissing,
  horizontalOverflow,
  launchBrowser,
  seriousViolations,
  VIEWPORTS,
  type WatchedPage,
} from "./support/browser.js";
import {
  bookingWithTcn,
  type ConsoleHub,
  FACILITY,
  invalidBooking,
  PLANNED_COUNTY,
  startConsoleHub,
} from "./support/console-hub.js";

/**
 * The console in Debian's Chromium against a real hub (PGlite in a temporary directory, the whole
 * runtime): an LEA books a person IDENT holds, the analyst sees both prints with the matcher's pairs
 * drawn and confirms, the IAR reaches the LEA; a second case is changed with a note; bad and oversized
 * uploads; the EBTS viewer without signing in; a wrong key. Every page is checked with axe-core and for
 * console errors.
 */
const missing = chromiumMissing();
const PURPOSE = "LESC status determination";

describe("the web console in Chromium", () => {
  let hub: ConsoleHub;
  let browser: Browser;

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    hub = await startConsoleHub();
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  /**
   * No serious or critical axe-core violation, no console error and no sideways scrolling. With
   * `desktopToo`, the page as it stands is also resized to 1920×1080 and checked again there (layout and
   * axe), then put back: the same state at the other size the issue names, without a second walk.
   */
  async function accessible(watched: WatchedPage, where: string, { desktopToo = false } = {}) {
    const sizes = desktopToo ? [undefined, VIEWPORTS.desktop] : [undefined];
    const before = watched.page.viewportSize();
    for (const size of sizes) {
      const at = size ? `${where} at ${size.width}×${size.height}` : where;
      if (size) {
        await watched.page.setViewportSize(size);
        await watched.page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
      }
      expect(await horizontalOverflow(watched.page), `sideways scrolling on ${at}`).toBe(0);
      expect(await seriousViolations(watched.page), `axe on ${at}`).toEqual([]);
    }
    if (desktopToo && before) await watched.page.setViewportSize(before);
    expect(watched.errors(), `console errors on ${where}`).toEqual([]);
  }

  /** Signs in through the demo's "sign in as" list, as a person would. */
  async function signedIn(
    role: string,
    viewport: { width: number; height: number } = VIEWPORTS.laptop,
  ): Promise<WatchedPage> {
    const watched = await browser.page(viewport);
    const { page } = watched;
    await page.goto(`${hub.url}/`);
    await page.getByRole("heading", { name: "Sign in as (demo)" }).waitFor();
    await page.getByRole("button", { name: new RegExp(role) }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    return watched;
  }

  async function submitFile(watched: WatchedPage, name: string, bytes: Uint8Array) {
    const { page } = watched;
    await page.getByRole("link", { name: "Submit booking" }).click();
    await page.getByRole("heading", { name: "Submit a booking" }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({
      name,
      mimeType: "application/octet-stream",
      buffer: Buffer.from(bytes),
    });
  }

  /** The hub's workflow runs on its own loops: wait for the booking's IAQ to reach the LESC queue. */
  async function waitForCase(tcn: string): Promise<void> {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const queue = await hub.api<{ count: number }>("LESC", "/v1/lesc/queue");
      if (queue.count > 0) return;
      if (Date.now() > deadline) {
        const list = await hub.api<{ items: { state: string }[] }>("AUDITOR", `/v1/transactions?tcn=${tcn}`);
        throw new Error(
          `booking ${tcn} did not reach the LESC queue in 5 minutes: ${JSON.stringify(list.items)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async function openOnlyCase(watched: WatchedPage, tcn: string): Promise<string> {
    const { page } = watched;
    await waitForCase(tcn);
    await page.getByRole("link", { name: "LESC queue" }).click();
    await page.getByRole("button", { name: "Refresh" }).click();
    const row = page.getByTestId(SELECTORS.queueRow).first();
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole("link").click();
    await page.getByRole("heading", { name: "Determination" }).waitFor();
    return new URL(page.url()).pathname.split("/").at(-1)!;
  }

  it("returns a wrong key to sign-in with a clear message", async () => {
    const watched = await browser.page();
    const { page } = watched;
    watched.expectFailedRequest(401, "/v1/me");
    await page.goto(`${hub.url}/lesc/queue`);
    await page.getByRole("heading", { name: "Sign in", exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get("redirect")).toBe("/lesc/queue");
    await page.getByLabel("API key").fill("tp_this-key-was-never-issued");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("The hub does not know this API key, or it was revoked");
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await accessible(watched, "sign-in");
    await page.close();
  }, 120_000);

  it("offers the demo's keys only in demo mode, never as tenprint serve", async () => {
    const serveUrl = await hub.serveMode();
    const watched = await browser.page();
    const { page } = watched;
    watched.expectFailedRequest(404, "/demo/credentials");
    await page.goto(`${serveUrl}/sign-in`);
    await page.getByLabel("API key").waitFor();
    expect(await page.getByRole("heading", { name: "Sign in as (demo)" }).count()).toBe(0);
    expect((await fetch(`${serveUrl}/demo/credentials`)).status).toBe(404);
    const demo = (await (await fetch(`${hub.url}/demo/credentials`)).json()) as { credentials: unknown[] };
    expect(demo.credentials).toHaveLength(5);
    expect(watched.errors()).toEqual([]);
    await page.close();
  }, 120_000);

  it("takes a booking from the LEA through the analyst's confirmation to the IAR in the LEA's inbox", async () => {
    const lea = await signedIn("Booking agency");
    await submitFile(lea, "arrest-1.eft", bookingWithTcn("SYNE2E0000000001"));
    await lea.page.getByText("202 Accepted").waitFor({ timeout: 60_000 });
    await accessible(lea, "submit (accepted)");
    await lea.page.getByRole("link", { name: "Follow this booking" }).click();
    const messages = lea.page.getByRole("table").filter({ hasText: "Created" });
    for (const type of ["SRE", "IDR"])
      await messages.getByRole("cell", { name: new RegExp(`^${type}`) }).waitFor({ timeout: 120_000 });
    await lea.page.getByRole("img", { name: "Right thumb, rolled print" }).waitFor();
    await accessible(lea, "booking", { desktopToo: true });

    const analyst = await signedIn("Law Enforcement Support Center");
    const transactionId = await openOnlyCase(analyst, "SYNE2E0000000001");
    const pairs = analyst.page.getByTestId(SELECTORS.overlayPair);
    await pairs.first().waitFor({ timeout: 60_000 });
    const comparison = await hub.api<CaseComparison>(
      "LESC",
      `/v1/lesc/cases/${transactionId}/comparison`,
      PURPOSE,
    );
    const position = Number(
      await analyst.page.getByTestId(SELECTORS.printPair).getAttribute("data-position"),
    );
    const finger = comparison.fingers.find((f) => f.position === position)!;
    expect(finger.pairs.length).toBeGreaterThan(0);
    // The drawn pairs are the API's: same count, same minutiae, each line ending on its minutia.
    const drawn = await pairs.evaluateAll((lines) =>
      lines.map((line) => ({
        booking: Number(line.getAttribute("data-booking-index")),
        candidate: Number(line.getAttribute("data-candidate-index")),
        bx: Number(line.getAttribute("data-booking-x")),
        by: Number(line.getAttribute("data-booking-y")),
        cx: Number(line.getAttribute("data-candidate-x")),
        cy: Number(line.getAttribute("data-candidate-y")),
        x1: Number(line.getAttribute("x1")),
        y1: Number(line.getAttribute("y1")),
        x2: Number(line.getAttribute("x2")),
        y2: Number(line.getAttribute("y2")),
      })),
    );
    expect(drawn.map(({ booking, candidate }) => ({ booking, candidate }))).toEqual(finger.pairs);
    const images = await analyst.page
      .locator(`[data-testid="${SELECTORS.printPair}"] svg image`)
      .evaluateAll((nodes) =>
        nodes.map((node) => ["x", "y", "width"].map((a) => Number(node.getAttribute(a)))),
      );
    expect(images).toHaveLength(2);
    const [[bx0, by0, bw], [cx0, cy0, cw]] = images as [number[], number[]];
    const bookingScale = bw! / finger.booking!.width;
    const candidateScale = cw! / finger.candidate!.width;
    for (const line of drawn) {
      const b = finger.booking!.minutiae[line.booking]!;
      const c = finger.candidate!.minutiae[line.candidate]!;
      expect([line.bx, line.by, line.cx, line.cy]).toEqual([b.x, b.y, c.x, c.y]);
      expect(line.x1).toBeCloseTo(bx0! + b.x * bookingScale, 6);
      expect(line.y1).toBeCloseTo(by0! + b.y * bookingScale, 6);
      expect(line.x2).toBeCloseTo(cx0! + c.x * candidateScale, 6);
      expect(line.y2).toBeCloseTo(cy0! + c.y * candidateScale, 6);
    }
    await analyst.page.getByText(/Fused FMR/).waitFor();
    await analyst.page.getByRole("heading", { name: /Biographics/ }).waitFor();
    await accessible(analyst, "LESC case", { desktopToo: true });

    await analyst.page.getByLabel("Analyst").fill("analyst-e2e");
    await analyst.page.locator("main").click({ position: { x: 5, y: 5 } });
    await analyst.page.keyboard.press("c");
    // The only case was determined: the console goes back to the (now empty) queue.
    await analyst.page.getByText("The queue is empty").waitFor({ timeout: 60_000 });
    await accessible(analyst, "LESC queue (empty)");
    const decided = await hub.api<LescCase>("LESC", `/v1/lesc/cases/${transactionId}`);
    expect(decided.review).toMatchObject({
      status: "determined",
      determination: { analyst: "analyst-e2e", changed: false },
    });

    await lea.page.reload();
    await messages.getByRole("cell", { name: /^IAR/ }).waitFor({ timeout: 60_000 });
    expect(lea.errors()).toEqual([]);
    await analyst.page.close();

    // ERO: the review with its priority level, rule set and inputs; a detainer issued and served.
    const ero = await signedIn("ERO field office");
    await ero.page.getByRole("heading", { name: "ERO reviews" }).waitFor();
    const review = ero.page.getByRole("listitem").filter({ hasText: "SYNE2E0000000001" });
    await review.waitFor({ timeout: 60_000 });
    await review.getByText(/Priority /).waitFor();
    await review.getByText(/version/).waitFor();
    await accessible(ero, "ERO reviews", { desktopToo: true });
    await review.getByLabel("Form").selectOption("I-247A");
    await review.getByRole("button", { name: "Issue detainer" }).click();
    await ero.page.getByText(/Detainer [0-9a-f]{8} issued/).waitFor({ timeout: 60_000 });
    await ero.page.getByRole("link", { name: "Detainers" }).click();
    const eroRow = ero.page.getByRole("row").filter({ hasText: "SYNE2E0000000001" });
    await eroRow.getByRole("button", { name: "Serve on the facility" }).click();
    await eroRow.getByText("served", { exact: true }).waitFor({ timeout: 30_000 });
    // The LEA's action is not the ERO's to take.
    expect(await eroRow.getByRole("button", { name: "Acknowledge" }).count()).toBe(0);
    await accessible(ero, "detainers (ERO)");

    // The LEA acknowledges, gives notice of release and holds: the clock runs in the facility's zone.
    await lea.page.getByRole("link", { name: "Detainers" }).click();
    const leaRow = lea.page.getByRole("row").filter({ hasText: "SYNE2E0000000001" });
    await leaRow.getByRole("button", { name: "Acknowledge" }).click();
    await leaRow.getByText("active", { exact: true }).waitFor({ timeout: 30_000 });
    await leaRow.getByRole("button", { name: "Give notice of release" }).click();
    // Release due in an hour, as the officer's own clock reads it.
    const inAnHour = await lea.page.evaluate(() => {
      const d = new Date(Date.now() + 3_600_000);
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    });
    await leaRow.getByLabel(/Release due/).fill(inAnHour);
    await leaRow.getByRole("button", { name: "Give notice of release" }).click();
    await leaRow.getByText("release due", { exact: true }).waitFor({ timeout: 30_000 });
    await leaRow.getByRole("button", { name: /^Hold/ }).click();
    const clock = leaRow.getByTestId(SELECTORS.holdClock);
    await clock.waitFor({ timeout: 30_000 });
    const [detainer] = (
      await hub.api<{ items: { id: string; state: { holdDeadline: string } }[] }>("LEA", "/v1/detainers")
    ).items;
    const timer = clock.getByRole("timer");
    const first = await timer.getAttribute("aria-label");
    expect(first).toMatch(/Hold time left: \d{2}:\d{2}:\d{2}/);
    await clock.getByText(/\(America\/New_York\)/).waitFor();
    const deadline = new Intl.DateTimeFormat("en-US", {
      timeZone: "America/New_York",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date(detainer!.state.holdDeadline));
    expect(await clock.textContent()).toContain(deadline);
    await accessible(lea, "detainers (LEA, holding)", { desktopToo: true });
    await lea.page.close();
    await ero.page.close();

    // The auditor finds every step of the booking and of the detainer, and the chain verifies.
    const auditor = await signedIn("Auditor");
    await auditor.page.getByRole("link", { name: "Audit log" }).click();
    for (const object of [`transaction:${transactionId}`, `detainer:${detainer!.id}`]) {
      await auditor.page.getByLabel("Object").fill(object);
      await auditor.page.getByRole("button", { name: "Filter", exact: true }).click();
      await auditor.page.getByText(`History of ${object}`).waitFor();
      const events = await hub.api<{ items: { seq: number; action: string }[] }>(
        "AUDITOR",
        `/v1/audit?object=${encodeURIComponent(object)}`,
      );
      expect(events.items.length).toBeGreaterThan(0);
      const rows = auditor.page.locator("tbody tr[data-seq]");
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(events.items.length);
      const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2]!.textContent));
      expect(shown).toEqual(events.items.map((e) => e.action));
    }
    const steps = async (object: string) =>
      (await hub.api<{ items: { action: string }[] }>("AUDITOR", `/v1/audit?object=${object}`)).items.map(
        (e) => e.action,
      );
    expect(await steps(`transaction:${transactionId}`)).toEqual(
      expect.arrayContaining([
        "SUBMISSION_RECEIVED",
        "SUBMISSION_VALIDATED",
        "CRIMINAL_SEARCHED",
        "IDENT_SEARCHED",
        "IAQ_SENT",
        "IAR_RETURNED",
        "SUBMISSION_CLOSED",
      ]),
    );
    expect(await steps(`detainer:${detainer!.id}`)).toEqual(
      expect.arrayContaining([
        "DETAINER_ISSUED",
        "DETAINER_SERVED",
        "DETAINER_ACKNOWLEDGED",
        "RELEASE_NOTICE_RECEIVED",
        "HOLD_STARTED",
      ]),
    );
    await auditor.page.getByRole("button", { name: "Verify chain" }).click();
    await auditor.page.getByText(/The chain verifies: [\d,]+ events/).waitFor({ timeout: 60_000 });
    await accessible(auditor, "audit log", { desktopToo: true });
    await auditor.page.close();
  }, 600_000);

  it("lets an analyst change the status only with a note", async () => {
    const lea = await signedIn("Booking agency");
    await submitFile(lea, "arrest-2.eft", bookingWithTcn("SYNE2E0000000002"));
    await lea.page.getByText("202 Accepted").waitFor({ timeout: 60_000 });
    const analyst = await signedIn("Law Enforcement Support Center");
    const transactionId = await openOnlyCase(analyst, "SYNE2E0000000002");
    const { page } = analyst;
    await page.getByLabel("Analyst").fill("analyst-e2e-2");
    await page.getByLabel("Status").selectOption("UNK");
    await page.getByRole("button", { name: "Record UNK instead of REM" }).click();
    await page.getByText("Changing REM to UNK needs a note giving the reason.").waitFor();
    expect(await page.getByLabel(/Note/).getAttribute("aria-invalid")).toBe("true");
    await accessible(analyst, "LESC case (note required)");
    await page.getByLabel(/Note/).fill("Candidate rejected: ridge flow differs on the thumbs");
    await page.getByRole("button", { name: "Record UNK instead of REM" }).click();
    await page.getByText("The queue is empty").waitFor({ timeout: 60_000 });
    const decided = await hub.api<LescCase>("LESC", `/v1/lesc/cases/${transactionId}`);
    expect(decided.review.determination).toMatchObject({
      status: "UNK",
      changed: true,
      note: "Candidate rejected: ridge flow differs on the thumbs",
    });
    await lea.page.close();
    await page.close();
  }, 400_000);

  it("locates every problem of a malformed upload and offers its ERRT", async () => {
    const lea = await signedIn("Booking agency");
    const { page } = lea;
    await page.getByRole("link", { name: "Submit booking" }).click();
    lea.expectFailedRequest(422, "/v1/transactions");
    // Dropped, as a person would drag it from their files.
    const bytes = [...invalidBooking()];
    const dataTransfer = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], "missing-name.eft"));
      return transfer;
    }, bytes);
    await page.dispatchEvent(".drop-zone", "drop", { dataTransfer });
    await page.getByText("422 Rejected").waitFor({ timeout: 60_000 });
    const rows = page.getByRole("table").getByRole("row");
    const text = await rows.allInnerTexts();
    expect(text.some((row) => row.includes("2.018") && /\d+/.test(row))).toBe(true);
    expect(text.some((row) => row.includes("2.022"))).toBe(true);
    for (const row of text.slice(1)) expect(row).toMatch(/\t\d+\t/);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download the ERRT (EBTS)" }).click();
    expect((await download).suggestedFilename()).toMatch(/\.errt\.eft$/);
    await accessible(lea, "submit (rejected)", { desktopToo: true });
    await page.close();
  }, 120_000);

  it("shows the hub's 413 message for a file over the limit", async () => {
    const lea = await signedIn("Booking agency");
    lea.expectFailedRequest(413, "/v1/transactions");
    await submitFile(lea, "huge.eft", new Uint8Array(hub.bodyLimit + 1024));
    await lea.page.getByText("huge.eft is too large for the hub (413)").waitFor({ timeout: 60_000 });
    await lea.page.getByText(`exceeds the limit of ${hub.bodyLimit} bytes`).waitFor();
    await lea.page.getByText("Field: body").waitFor();
    await accessible(lea, "submit (413)");
    await lea.page.close();
  }, 120_000);

  it("opens an EBTS file without signing in and decodes its WSQ prints in the browser", async () => {
    const watched = await browser.page();
    const { page } = watched;
    await page.goto(`${hub.url}/ebts-viewer`);
    await page.locator('input[type="file"]').setInputFiles({
      name: "booking.eft",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(invalidBooking()),
    });
    const canvases = page.getByTestId(SELECTORS.decodedImage);
    await expect.poll(() => canvases.count(), { timeout: 60_000 }).toBe(14);
    // A decoded print is not a blank: its gray levels spread.
    const spread = await canvases.first().evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      let min = 255;
      let max = 0;
      for (let i = 0; i < data.length; i += 4) {
        min = Math.min(min, data[i]!);
        max = Math.max(max, data[i]!);
      }
      return max - min;
    });
    expect(spread).toBeGreaterThan(100);
    await page.getByText("WSQ").first().waitFor();
    await page.getByRole("region", { name: "File summary" }).getByText("2 errors").waitFor();
    await page.getByText("2.018 NAM:").waitFor();
    await page.getByText("2.022 DOB:").waitFor();
    await accessible(watched, "EBTS viewer", { desktopToo: true });
    await page.close();
  }, 120_000);

  it("keeps the LESC queue usable at 10,000 open cases: paged as it scrolls, only the visible rows drawn", async () => {
    const before = (await hub.api<{ count: number }>("LESC", "/v1/lesc/queue")).count;
    await hub.seedOpenCases(10_000);
    const total = before + 10_000;
    const analyst = await signedIn("Law Enforcement Support Center");
    const { page } = analyst;
    await page
      .getByRole("list", { name: `LESC queue, ${total} cases, oldest first` })
      .waitFor({ timeout: 60_000 });
    await page.getByText(total.toLocaleString("en-US"), { exact: true }).waitFor();
    const rows = page.getByTestId(SELECTORS.queueRow);
    expect(await rows.count()).toBeLessThan(60);
    // The oldest case first, red: it has waited 10,000 × 10 s, far beyond the 8-hour target.
    expect(await rows.first().getAttribute("data-index")).toBe("0");
    expect(await rows.first().textContent()).toContain("overdue");
    await rows.first().getByRole("link").focus();
    let position = 1;
    for (let presses = 0; presses < 120 && position < total; presses++) {
      await page.keyboard.press("End");
      await page.waitForTimeout(150);
      const focused = await page.evaluate(() => document.activeElement?.closest("li")?.dataset.index);
      position = Number(focused) + 1;
    }
    expect(position).toBe(total);
    expect(await rows.count()).toBeLessThan(60);
    await accessible(analyst, "LESC queue with 10,000 cases");
    await page.close();
  }, 300_000);

  it("lets ERO decline a review, by keyboard", async () => {
    const ero = await signedIn("ERO field office");
    const { page } = ero;
    const review = page.getByRole("listitem").filter({ hasText: "SYNE2E0000000002" });
    await review.waitFor({ timeout: 60_000 });
    await review.getByLabel("Form").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Issue detainer");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Decline");
    await page.keyboard.press("Enter");
    await page.getByText("Declined: no detainer.").waitFor({ timeout: 60_000 });
    await review.waitFor({ state: "detached", timeout: 30_000 });
    await accessible(ero, "ERO reviews (declined)");
    await page.close();
  }, 120_000);

  it("shows the PMO every county, a county's panel, and schedules and defers it", async () => {
    const pmo = await signedIn("Programme management office");
    const { page } = pmo;
    await page.getByRole("heading", { name: "Deployment map" }).waitFor();
    const map = page.getByRole("img", { name: /Map of 3,\d{3} US counties/ });
    await map.waitFor({ timeout: 60_000 });
    expect(Number(await map.getAttribute("data-counties"))).toBeGreaterThan(3000);
    // The programme's counties are drawn one by one (clickable); the others as one outline.
    expect(await page.getByTestId(SELECTORS.countyShape).count()).toBe(2);
    expect(await page.locator('[data-fips="51059"]').getAttribute("data-status")).toBe("ACTIVATED");
    expect(await page.locator('[data-fips="51013"]').getAttribute("data-status")).toBe("PLANNED");
    expect(await page.locator(`[data-opt-out="${PLANNED_COUNTY.fips}"]`).count()).toBe(1);
    // The state's reception facility is a point over its county, coloured by its own activation.
    const facility = page.getByTestId(SELECTORS.facilityPoint);
    await facility.first().waitFor({ timeout: 30_000 });
    expect(await facility.count()).toBe(1);
    expect(await facility.getAttribute("data-ori")).toBe(FACILITY.ori);
    expect(await facility.getAttribute("data-status")).toBe("ACTIVATED");
    await accessible(pmo, "PMO map");
    // A click anywhere in a state zooms to it; the state picker does too, and the list follows it.
    expect(await map.getAttribute("data-zoom")).toBe("");
    await page.locator('[data-state="06"]').dispatchEvent("click");
    await expect.poll(() => map.getAttribute("data-zoom")).toBe("06");
    expect(await map.getAttribute("aria-label")).toContain("zoomed to California");
    expect(Number(await map.locator(".county-map__zoom").getAttribute("data-scale"))).toBeGreaterThan(2);
    await page.getByLabel("Show").selectOption({ label: "Virginia" });
    await expect.poll(() => map.getAttribute("data-zoom")).toBe("51");
    expect(await page.locator("#map-state").inputValue()).toBe("VA");
    // Zoomed in, the state's counties outside the programme are named one by one; its points stay.
    expect(await map.locator('path[data-state="51"] title').count()).toBeGreaterThan(100);
    expect(await facility.count()).toBe(1);
    await accessible(pmo, "PMO map zoomed to a state");
    await page.getByRole("button", { name: "Whole country" }).click();
    await expect.poll(() => map.getAttribute("data-zoom")).toBe("");
    expect(await page.locator("#map-state").inputValue()).toBe("");
    // A click on the facility, or on a county, opens its panel (a county's click also zooms to its state).
    await facility.dispatchEvent("click");
    const panel = page.getByRole("complementary", { name: "County" });
    await panel.getByRole("heading", { name: `${FACILITY.name}, VA` }).waitFor();
    await page.locator(`[data-fips="${PLANNED_COUNTY.fips}"]`).dispatchEvent("click");
    await panel.getByRole("heading", { name: `${PLANNED_COUNTY.name}, VA` }).waitFor();
    await expect.poll(() => map.getAttribute("data-zoom")).toBe("51");
    await panel.getByText("Arlington County Sheriff (synthetic)").waitFor();
    expect(await panel.getByLabel("Receives the IAR").isChecked()).toBe(false);
    await panel.getByLabel("Date").fill("2027-01-15");
    await panel.getByRole("button", { name: "Schedule" }).click();
    await panel.getByText("2027-01-15", { exact: true }).waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator(`[data-fips="${PLANNED_COUNTY.fips}"]`).getAttribute("data-status"))
      .toBe("SCHEDULED");
    await panel.getByLabel("Defer").check();
    await panel.getByLabel("Reason").fill("the county board asked for a public meeting");
    await panel.getByRole("button", { name: "Defer" }).click();
    await panel.getByText("Deferred because").waitFor({ timeout: 30_000 });
    const history = panel.getByRole("list").last();
    await history.getByText("scheduled", { exact: true }).waitFor();
    await history.getByText("deferred", { exact: true }).waitFor();
    await accessible(pmo, "PMO county panel", { desktopToo: true });
    // The keyboard's way: the jurisdiction list opens the same panel.
    await page.getByRole("button", { name: "Fairfax County" }).focus();
    await page.keyboard.press("Enter");
    await panel.getByRole("heading", { name: "Fairfax County, VA" }).waitFor();
    await panel.getByText("Activated: no further step.").waitFor();

    await page.getByRole("link", { name: "Statistics" }).click();
    await page.getByRole("heading", { name: "Programme statistics" }).waitFor();
    const stats = await hub.api<{ overall: { bookings: number; identMatches: number } }>("PMO", "/v1/stats");
    await page
      .locator(".stat-tile")
      .filter({ hasText: "Bookings" })
      .getByText(stats.overall.bookings.toLocaleString("en-US"), { exact: true })
      .waitFor();
    await page.getByRole("img", { name: /Bookings, IDENT matches and detainers/ }).waitFor();
    await page.getByRole("rowheader", { name: "VA" }).waitFor();
    const opened = page.context().waitForEvent("page");
    await page.getByRole("button", { name: "VA monthly report (HTML)" }).click();
    const reportPage = await opened;
    await reportPage.waitForLoadState();
    expect(await reportPage.content()).toContain("VA");
    await reportPage.close();
    await accessible(pmo, "PMO statistics", { desktopToo: true });
    await page.close();
  }, 180_000);

  it("fits a 1920×1080 screen as well", async () => {
    const lea = await signedIn("Booking agency", VIEWPORTS.desktop);
    await lea.page.getByRole("heading", { name: "Bookings" }).waitFor();
    await lea.page.getByRole("table").waitFor();
    await accessible(lea, "bookings at 1920×1080");
    await lea.page.close();
    const analyst = await signedIn("Law Enforcement Support Center", VIEWPORTS.desktop);
    await analyst.page.getByRole("heading", { name: "LESC queue" }).waitFor();
    await accessible(analyst, "LESC queue at 1920×1080");
    await analyst.page.close();
    const pmo = await signedIn("Programme management office", VIEWPORTS.desktop);
    await pmo.page.getByRole("img", { name: /Map of 3,\d{3} US counties/ }).waitFor({ timeout: 60_000 });
    await accessible(pmo, "PMO map at 1920×1080");
    await pmo.page.close();
  }, 120_000);

  // Last: it breaks the chain for good.
  it("shows the auditor the first bad link of a tampered chain", async () => {
    const auditor = await signedIn("Auditor");
    const { page } = auditor;
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.locator("tbody tr[data-seq]").first().waitFor();
    await hub.tamperAuditEvent(5);
    await page.getByRole("button", { name: "Verify chain" }).click();
    await page.getByRole("alert").getByText("The chain is broken").waitFor({ timeout: 60_000 });
    expect(await page.getByRole("alert").textContent()).toContain("at event 5: altered");
    await page.getByRole("button", { name: "Show the first bad link" }).click();
    // The page keeps the old rows (which hold event 5 too) until the new page arrives, so wait for the
    // first row to change rather than for event 5 to appear.
    await expect
      .poll(() => page.locator("tbody tr[data-seq]").first().getAttribute("data-seq"), { timeout: 30_000 })
      .toBe("4");
    await page.locator('tbody tr[data-seq="5"]').waitFor();
    await accessible(auditor, "audit log (broken chain)");
    await page.close();
  }, 120_000);
});
