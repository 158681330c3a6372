import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubDatabaseHandle } from "../src/index.js";
import { renderReport } from "../src/reports/report-formats.js";
import { produceMonthlyReport } from "../src/reports/report-production.js";
import { writeHistory } from "./reports-history.js";
import { BACKENDS } from "./storage-backends.js";

/**
 * The PDF's first page, rasterised by poppler's pdftoppm, against a stored reference picture. Regenerate
 * the reference after an intended change of the layout with UPDATE_REPORT_REFERENCE=1.
 */
const REFERENCE = fileURLToPath(new URL("./fixtures/report-monthly-2011-03-VA-page1.png", import.meta.url));
const DPI = 40;
/** A pixel differs when a channel moves by more than this (anti-aliasing and font hinting stay below). */
const PIXEL_TOLERANCE = 48;
/** Share of differing pixels the page may have. */
const MAX_DIFFERING_SHARE = 0.01;

function pdftoppm(): string {
  for (const path of ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"]) if (existsSync(path)) return path;
  throw new Error(
    "the PDF page test needs poppler's pdftoppm: apt-get install -y poppler-utils (.ci/run does)",
  );
}

describe("the monthly report's PDF", () => {
  let handle: HubDatabaseHandle;
  let work: string;

  beforeAll(async () => {
    handle = await BACKENDS.find((b) => b.name === "pglite")!.open();
    await writeHistory(handle);
    work = mkdtempSync(join(tmpdir(), "tenprint-report-pdf-"));
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("prints page 1 as the stored reference picture, within tolerance", async () => {
    const report = await produceMonthlyReport(handle.db, { month: "2011-03", state: "VA" });
    const pdf = (await renderReport(report, "pdf")).body as Uint8Array;
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    writeFileSync(join(work, "report.pdf"), pdf);
    execFileSync(pdftoppm(), [
      "-r",
      String(DPI),
      "-f",
      "1",
      "-l",
      "1",
      "-png",
      "-singlefile",
      join(work, "report.pdf"),
      join(work, "page"),
    ]);
    const pageBytes = readFileSync(join(work, "page.png"));
    if (process.env.UPDATE_REPORT_REFERENCE === "1") writeFileSync(REFERENCE, pageBytes);
    const actual = PNG.sync.read(pageBytes);
    const expected = PNG.sync.read(readFileSync(REFERENCE));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    let differing = 0;
    let ink = 0;
    for (let i = 0; i < actual.data.length; i += 4) {
      const delta = Math.max(
        Math.abs(actual.data[i]! - expected.data[i]!),
        Math.abs(actual.data[i + 1]! - expected.data[i + 1]!),
        Math.abs(actual.data[i + 2]! - expected.data[i + 2]!),
      );
      if (delta > PIXEL_TOLERANCE) differing++;
      if (actual.data[i]! < 128) ink++;
    }
    const pixels = actual.width * actual.height;
    // A blank page would match a blank reference: the page must carry the report.
    expect(ink / pixels).toBeGreaterThan(0.01);
    expect(differing / pixels).toBeLessThan(MAX_DIFFERING_SHARE);
  }, 120_000);
});
