import type { FingerprintTemplate } from "../minutia.js";
import { readMinutiaeRecord, sniffStandardFormat, writeAnsi378, writeIso19794_2 } from "./minutiae-record.js";
import { TemplateError } from "./template-error.js";
import { isTenprintTemplate, readTenprintTemplate, writeTenprintTemplate } from "./tenprint-template.js";

export type TemplateFormat = "tenprint" | "iso19794-2" | "ansi378";

/** The template format of some bytes, by content; null when they are no known template. */
export function sniffTemplateFormat(bytes: Uint8Array): TemplateFormat | null {
  if (isTenprintTemplate(bytes)) return "tenprint";
  return sniffStandardFormat(bytes);
}

/** Reads a template in any supported format (the first finger view of a standard record). */
export function readTemplate(bytes: Uint8Array): FingerprintTemplate {
  const format = sniffTemplateFormat(bytes);
  if (format === "tenprint") return readTenprintTemplate(bytes);
  if (format === null) {
    throw new TemplateError(
      "header",
      0,
      "not a Tenprint, ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 template",
    );
  }
  const record = readMinutiaeRecord(bytes);
  const first = record.views[0];
  if (!first)
    throw new TemplateError(
      "number of finger views",
      format === "iso19794-2" ? 22 : 24,
      "record holds no finger view",
    );
  return first.template;
}

export function writeTemplate(template: FingerprintTemplate, format: TemplateFormat): Uint8Array {
  if (format === "tenprint") return writeTenprintTemplate(template);
  return format === "iso19794-2" ? writeIso19794_2(template) : writeAnsi378(template);
}
