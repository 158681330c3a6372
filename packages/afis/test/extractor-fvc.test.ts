import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractTemplate, type FingerprintTemplate } from "../src/index.js";
import { FVC_DATABASES, FVC_ISO_TEMPLATES, hasFvc, readFvcImage } from "./support/fvc-data.js";

if (!hasFvc)
  console.warn("extractor-fvc: /work/shared/data (../shared/data) is absent; FVC2002 tests skipped");

/** Minutiae of an ISO/IEC 19794-2:2005 record, scaled from its declared frame to the given one. */
function isoMinutiae(bytes: Uint8Array, width: number, height: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sx = width / view.getUint16(14);
  const sy = height / view.getUint16(16);
  const count = bytes[27]!;
  return Array.from({ length: count }, (_, k) => {
    const o = 28 + 6 * k;
    return {
      x: (view.getUint16(o) & 0x3fff) * sx,
      y: (view.getUint16(o + 2) & 0x3fff) * sy,
      direction: (bytes[o + 4]! * 2 * Math.PI) / 256,
    };
  });
}

/** Fraction of reference minutiae with one of ours within 12 px and 30°. */
function agreement(ours: FingerprintTemplate, reference: ReturnType<typeof isoMinutiae>): number {
  let found = 0;
  for (const r of reference) {
    const hit = ours.minutiae.some((m) => {
      const d = Math.abs(m.direction - r.direction) % (2 * Math.PI);
      return Math.hypot(m.x - r.x, m.y - r.y) < 12 && Math.min(d, 2 * Math.PI - d) < Math.PI / 6;
    });
    if (hit) found++;
  }
  return found / reference.length;
}

describe.skipIf(!hasFvc)("extraction on FVC2002 set B", () => {
  for (const database of FVC_DATABASES) {
    it(`extracts plausible templates from ${database}`, () => {
      for (const name of ["101_1", "104_3", "108_6"]) {
        const image = readFvcImage(database, name);
        const template = extractTemplate(image);
        expect(template.width).toBe(Math.round((image.width * 500) / image.ppi));
        expect(template.quality).toBeGreaterThan(20);
        expect(template.minutiae.length).toBeGreaterThanOrEqual(10);
        expect(template.minutiae.length).toBeLessThanOrEqual(100);
        for (const m of template.minutiae) {
          expect(m.x).toBeGreaterThanOrEqual(0);
          expect(m.x).toBeLessThan(template.width);
          expect(m.y).toBeGreaterThanOrEqual(0);
          expect(m.y).toBeLessThan(template.height);
          expect(m.direction).toBeGreaterThanOrEqual(0);
          expect(m.direction).toBeLessThan(2 * Math.PI);
          expect(m.quality).toBeGreaterThanOrEqual(1);
          expect(m.quality).toBeLessThanOrEqual(100);
        }
      }
    });
  }

  it("agrees with an independent commercial extractor on most minutiae (DB1, DB2)", () => {
    for (const database of ["DB1_B", "DB2_B"] as const) {
      let sum = 0;
      const names = ["101_1", "102_2", "103_3", "105_5", "107_7"];
      for (const name of names) {
        const template = extractTemplate(readFvcImage(database, name));
        const reference = isoMinutiae(
          readFileSync(join(FVC_ISO_TEMPLATES, database, `${name}.iso`)),
          template.width,
          template.height,
        );
        sum += agreement(template, reference);
      }
      expect(sum / names.length).toBeGreaterThan(0.6);
    }
  });
});
