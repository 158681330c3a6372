import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticTemplate } from "@tenprint/synth";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  readAnsi378,
  readIso19794_2,
  readMinutiaeRecord,
  readTemplate,
  readTenprintTemplate,
  sniffTemplateFormat,
  TemplateError,
  writeAnsi378,
  writeIso19794_2,
  writeMinutiaeRecord,
  writeTemplate,
  writeTenprintTemplate,
} from "../src/index.js";
import type { FingerprintTemplate } from "../src/minutia.js";

const data = join(import.meta.dirname, "../../../../shared/data/fingerprints");
const hasData = existsSync(data);
if (!hasData) console.log(`shared fingerprint data not found at ${data}: real-template tests skipped`);

/** A plain impression of synthetic finger `identity`. */
const fingerTemplate = (identity: number) => syntheticTemplate({ seed: 1, identity, impression: 1 });

const turnDistance = (a: number, b: number) => {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
};

function expectClose(
  actual: FingerprintTemplate,
  expected: FingerprintTemplate,
  position: number,
  angle: number,
) {
  expect(actual.minutiae).toHaveLength(expected.minutiae.length);
  const a = actual.minutiae;
  expected.minutiae.forEach((m, i) => {
    expect(Math.abs(a[i]!.x - m.x)).toBeLessThanOrEqual(position);
    expect(Math.abs(a[i]!.y - m.y)).toBeLessThanOrEqual(position);
    expect(turnDistance(a[i]!.direction, m.direction)).toBeLessThanOrEqual(angle);
    expect(a[i]!.type).toBe(m.type);
  });
}

function expectTemplateError(run: () => unknown, field: RegExp, offset?: number): TemplateError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    const e = error as TemplateError;
    expect(e.field).toMatch(field);
    if (offset !== undefined) expect(e.offset).toBe(offset);
    return e;
  }
  throw new Error("expected a TemplateError");
}

describe("ISO/IEC 19794-2 and ANSI INCITS 378 records", () => {
  const template = fingerTemplate(7);

  it("round-trips through ISO 19794-2 within the format's precision", () => {
    const bytes = writeIso19794_2(template, { position: 2, impressionType: 0 });
    expect(sniffTemplateFormat(bytes)).toBe("iso19794-2");
    const record = readIso19794_2(bytes);
    expect(record.views).toHaveLength(1);
    expect(record.views[0]!.position).toBe(2);
    // 197 px/cm is 500.38 ppi, so coordinates shrink by 0.08 %.
    expectClose(record.views[0]!.template, template, 1, (2 * Math.PI) / 256);
  });

  it("round-trips through ANSI 378 with its 2° angle unit", () => {
    const bytes = writeAnsi378(template, { position: 7 });
    expect(sniffTemplateFormat(bytes)).toBe("ansi378");
    const record = readAnsi378(bytes);
    expect(record.format).toBe("ansi378");
    expect(record.views[0]!.position).toBe(7);
    expectClose(record.views[0]!.template, template, 1, (2 * Math.PI) / 180);
  });

  it("names a non-zero CBEFF format owner in ANSI 378 and still reads owner 0", () => {
    const bytes = writeAnsi378(template);
    const header = new DataView(bytes.buffer, bytes.byteOffset);
    // IBIA "vendor unknown": strict readers reject owner 0.
    expect(header.getUint16(10)).toBe(0x0103);
    expect(header.getUint16(12)).toBe(0);
    const ownerless = bytes.slice();
    ownerless.fill(0, 10, 14);
    expect(readAnsi378(ownerless).views[0]!.template.minutiae).toHaveLength(template.minutiae.length);
  });

  it("writes several finger views and reads them back in order", () => {
    const other = fingerTemplate(8);
    const bytes = writeMinutiaeRecord("iso19794-2", [
      { template, position: 1 },
      { template: other, position: 6 },
    ]);
    const record = readMinutiaeRecord(bytes);
    expect(record.views.map((v) => v.position)).toEqual([1, 6]);
    expect(record.views[1]!.template.minutiae).toHaveLength(other.minutiae.length);
  });

  it("numbers the views of one finger in order and refuses codes strict readers reject", () => {
    const other = fingerTemplate(8);
    const record = readMinutiaeRecord(
      writeMinutiaeRecord("iso19794-2", [
        { template, position: 2 },
        { template: other, position: 2, viewNumber: 1, impressionType: 8 },
        { template, position: 7 },
      ]),
    );
    expect(record.views.map((v) => [v.position, v.viewNumber, v.impressionType])).toEqual([
      [2, 0, 0],
      [2, 1, 8],
      [7, 0, 0],
    ]);
    expectTemplateError(
      () => writeMinutiaeRecord("iso19794-2", [{ template }, { template: other }]),
      /finger view 1 view number/,
      -1,
    );
    expectTemplateError(
      () => writeMinutiaeRecord("ansi378", [{ template, viewNumber: 1 }]),
      /finger view 0 view number/,
    );
    expectTemplateError(() => writeIso19794_2(template, { position: 11 }), /finger view 0 position/);
    expectTemplateError(() => writeIso19794_2(template, { impressionType: 9 }), /impression type/);
    expect(readAnsi378(writeAnsi378(template, { impressionType: 9 })).views[0]!.impressionType).toBe(9);
  });

  it("writes ISO 19794-2 fields inside the ranges validating readers check", () => {
    const bytes = writeIso19794_2({
      width: 120,
      height: 90,
      quality: 130,
      minutiae: [
        { x: 125, y: -3, direction: 0, type: "bifurcation", quality: 140 },
        { x: 10, y: 95, direction: 1, type: "other", quality: 50 },
      ],
    });
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(8)).toBe(bytes.length);
    expect(view.getUint16(12) & 0xf000).toBe(0);
    const [width, height] = [view.getUint16(14), view.getUint16(16)];
    expect(view.getUint16(18)).toBeGreaterThanOrEqual(99);
    expect(bytes[26]).toBeLessThanOrEqual(100);
    const count = bytes[27]!;
    for (let m = 0; m < count; m++) {
      const at = 28 + m * 6;
      expect(view.getUint16(at) >> 14).not.toBe(3);
      expect(view.getUint16(at) & 0x3fff).toBeLessThan(width);
      expect(view.getUint16(at + 2)).toBeLessThan(height);
      expect(bytes[at + 5]).toBeLessThanOrEqual(100);
    }
    expect(view.getUint16(28 + count * 6)).toBe(0);
    expect(28 + count * 6 + 2).toBe(bytes.length);
  });

  it("rescales a 250 ppi record to the 500 ppi engine frame, axis by axis", () => {
    const bytes = writeIso19794_2({
      width: 200,
      height: 200,
      quality: 50,
      minutiae: [{ x: 100, y: 50, direction: Math.PI / 4, type: "ending", quality: 60 }],
    });
    const view = new DataView(bytes.buffer);
    view.setUint16(18, 98); // x resolution: 98 px/cm ≈ 249 ppi
    const record = readIso19794_2(bytes);
    const m = record.views[0]!.template.minutiae[0]!;
    expect(m.x).toBeCloseTo((100 * 500) / (98 * 2.54), 3);
    expect(m.y).toBeCloseTo((50 * 500) / (197 * 2.54), 3);
    // Stretching x by ~2 tilts a 45° direction towards the x axis.
    expect(m.direction).toBeLessThan(Math.PI / 4);
    expect(record.views[0]!.template.width).toBe(Math.round((200 * 500) / (98 * 2.54)));
  });

  it("skips extended data blocks by their declared length", () => {
    const plain = writeIso19794_2(template);
    const withExtended = new Uint8Array(plain.length + 6);
    withExtended.set(plain.subarray(0, plain.length - 2));
    const view = new DataView(withExtended.buffer);
    view.setUint16(plain.length - 2, 6);
    view.setUint32(8, withExtended.length);
    expect(readIso19794_2(withExtended).views[0]!.template.minutiae).toHaveLength(template.minutiae.length);
  });

  it("names field and byte offset of malformed records", () => {
    const bytes = writeIso19794_2(template);
    expectTemplateError(() => readIso19794_2(bytes.subarray(0, 30)), /record length/, 8);
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes);
    expect(readIso19794_2(padded).views[0]!.template.minutiae).toHaveLength(template.minutiae.length);
    const badMagic = bytes.slice();
    badMagic[0] = 0x58;
    expectTemplateError(() => readIso19794_2(badMagic), /format identifier/, 0);
    const badVersion = bytes.slice();
    badVersion[5] = 0x33;
    expectTemplateError(() => readIso19794_2(badVersion), /version/, 4);
    const badAngle = writeAnsi378(template);
    badAngle[26 + 4 + 4] = 200; // first minutia's angle: ANSI allows 0–179
    expectTemplateError(() => readAnsi378(badAngle), /minutia 0/, 34);
    const outside = bytes.slice();
    new DataView(outside.buffer).setUint16(24 + 4, 0x4000 | 0x3fff); // x beyond the image
    expectTemplateError(() => readIso19794_2(outside), /minutia 0/, 28);
    const noResolution = bytes.slice();
    new DataView(noResolution.buffer).setUint16(18, 0);
    expectTemplateError(() => readIso19794_2(noResolution), /resolution/, 18);
    expectTemplateError(() => readTemplate(new Uint8Array(40)), /header/, 0);
  });

  it("never throws anything but TemplateError on damaged records", () => {
    const bytes = writeIso19794_2(template);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bytes.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(bytes.length),
        (at, value, cut) => {
          const damaged = bytes.slice(0, Math.max(cut, 1));
          if (at < damaged.length) damaged[at] = value;
          try {
            readTemplate(damaged);
          } catch (error) {
            expect(error).toBeInstanceOf(TemplateError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  describe.skipIf(!hasData)("real templates from other extractors", () => {
    it("reads SecuGen ISO templates of FVC2002 (300x400 at 197 px/cm)", () => {
      const bytes = readFileSync(join(data, "openafis-iso19794-2-templates/fvc2002/DB1_B/101_1.iso"));
      const record = readIso19794_2(bytes);
      expect(record.views).toHaveLength(1);
      const t = record.views[0]!.template;
      expect(t.width).toBe(300);
      expect(t.height).toBe(400);
      expect(t.minutiae.length).toBe(bytes[27]);
      for (const m of t.minutiae) {
        expect(m.x).toBeLessThan(300);
        expect(m.y).toBeLessThan(400);
      }
    });

    it("reads SourceAFIS's ISO test templates", () => {
      for (const name of ["iso-probe.dat", "iso-matching.dat", "iso-nonmatching.dat"]) {
        const template = readTemplate(readFileSync(join(data, "sourceafis-testdata", name)));
        expect(template.minutiae.length).toBeGreaterThan(10);
      }
    });
  });
});

describe("Tenprint template format", () => {
  it("round-trips exactly to a quarter pixel", () => {
    const template = fingerTemplate(11);
    const back = readTenprintTemplate(writeTenprintTemplate(template));
    expect(back.width).toBe(template.width);
    expectClose(back, template, 0.125, 1e-4);
    expect(back.minutiae.map((m) => m.quality)).toEqual(template.minutiae.map((m) => m.quality));
  });

  it("reads a version 1 record stored byte for byte", () => {
    // Written by version 1: 300x400, quality 55, two minutiae; must stay readable forever.
    const v1 = Uint8Array.from(
      Buffer.from(
        [
          "54504654 01 00 012c 0190 37 0002", // magic, version, flags, width, height, quality, count
          "0190 00c9 4000 01 50", // x 100, y 50.25 (¼ px), 90°, ending, quality 80
          "04b2 00c0 c000 00 3c", // x 300.5, y 48, 270°, other, quality 60
          "7cb24a5e", // CRC-32
        ]
          .join("")
          .replace(/ /g, ""),
        "hex",
      ),
    );
    const t = readTemplate(v1);
    expect(t).toEqual({
      width: 300,
      height: 400,
      quality: 55,
      minutiae: [
        { x: 100, y: 50.25, direction: Math.PI / 2, type: "ending", quality: 80 },
        { x: 300.5, y: 48, direction: (3 * Math.PI) / 2, type: "other", quality: 60 },
      ],
    });
  });

  it("rejects damaged, truncated and future-version records", () => {
    const bytes = writeTenprintTemplate(fingerTemplate(12));
    const flipped = bytes.slice();
    flipped[20] = flipped[20]! ^ 1;
    expectTemplateError(() => readTenprintTemplate(flipped), /checksum/, bytes.length - 4);
    expectTemplateError(() => readTenprintTemplate(bytes.subarray(0, bytes.length - 1)), /minutia count/, 11);
    const future = bytes.slice();
    future[4] = 9;
    expectTemplateError(() => readTenprintTemplate(future), /version/, 4);
  });

  it("writes every format through one entry point", () => {
    const template = fingerTemplate(13);
    for (const format of ["tenprint", "iso19794-2", "ansi378"] as const) {
      const bytes = writeTemplate(template, format);
      expect(sniffTemplateFormat(bytes)).toBe(format);
      expect(readTemplate(bytes).minutiae).toHaveLength(template.minutiae.length);
    }
  });
});
