import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

/**
 * HTML → PDF with the Chromium the console's browser tests use (Debian's `chromium`; browsers cannot be
 * downloaded here), driven by playwright-core. A fresh profile per document, and no network: the report
 * page is self-contained.
 */

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

export class PdfRenderError extends Error {
  override name = "PdfRenderError";
}

/** The Chromium to run: TENPRINT_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const path = process.env.TENPRINT_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(path))
    throw new PdfRenderError(
      `no Chromium at ${path}: install Debian's (apt-get install -y chromium) or set TENPRINT_CHROMIUM to its path`,
    );
  return path;
}

export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const profile = mkdtempSync(join(tmpdir(), "tenprint-pdf-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: [...CHROMIUM_FLAGS],
    headless: true,
    offline: true,
  });
  try {
    const pageHandle = context.pages()[0] ?? (await context.newPage());
    await pageHandle.setContent(html, { waitUntil: "load" });
    const pdf = await pageHandle.pdf({
      format: "Letter",
      landscape: true,
      printBackground: true,
      preferCSSPageSize: true,
    });
    return new Uint8Array(pdf);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
