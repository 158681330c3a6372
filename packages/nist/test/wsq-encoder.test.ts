import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeImage } from "../src/image/decode-image.js";
import { decodeWsq } from "../src/wsq/wsq-decoder.js";
import { encodeWsq } from "../src/wsq/wsq-encoder.js";
import { WsqError } from "../src/wsq/wsq-error.js";
import { parseNistcom } from "../src/wsq/wsq-nistcom.js";
import { hasSharedData, readShared } from "./shared-data.js";
import { markerSequence, psnr, syntheticPrint } from "./wsq-fixtures.js";

function comments(stream: Uint8Array): string[] {
  const found: string[] = [];
  let i = 2;
  while (stream[i] === 0xff && stream[i + 1] === 0xa8) {
    const length = (stream[i + 2]! << 8) | stream[i + 3]!;
    found.push(Buffer.from(stream.subarray(i + 4, i + 2 + length)).toString("latin1"));
    i += 2 + length;
  }
  return found;
}

describe("encodeWsq", () => {
  const image = syntheticPrint(320, 300, 7);

  it("writes the segments in the order cwsq does", () => {
    expect(markerSequence(encodeWsq(image))).toEqual([
      "SOI",
      "COM",
      "DTT",
      "DQT",
      "SOF",
      "DHT",
      "SOB",
      "DHT",
      "SOB",
      "SOB",
      "EOI",
    ]);
  });

  it("records the image attributes in a NISTCOM comment", () => {
    const [nistcom] = comments(encodeWsq({ ...image, ppi: 1000 }, { bitrate: 2.25 }));
    expect(Object.fromEntries(parseNistcom(nistcom!))).toEqual({
      NIST_COM: "9",
      PIX_WIDTH: "320",
      PIX_HEIGHT: "300",
      PIX_DEPTH: "8",
      PPI: "1000",
      LOSSY: "1",
      COLORSPACE: "GRAY",
      COMPRESSION: "WSQ",
      WSQ_BITRATE: "2.250000",
    });
  });

  it("keeps a free-text comment as its own segment and merges NISTCOM text into the NISTCOM", () => {
    expect(comments(encodeWsq(image, { comment: "scanned at booking desk 3" }))[1]).toBe(
      "scanned at booking desk 3",
    );
    const merged = comments(encodeWsq(image, { comment: "NIST_COM 2\nSEX m", ppi: 600 }));
    expect(merged).toHaveLength(1);
    const fields = parseNistcom(merged[0]!);
    expect([fields.get("SEX"), fields.get("PPI"), fields.get("NIST_COM")]).toEqual(["m", "600", "10"]);
  });

  it("spends more bits and gains fidelity at 2.25 bpp than at 0.75 bpp", () => {
    const low = encodeWsq(image, { bitrate: 0.75 });
    const high = encodeWsq(image, { bitrate: 2.25 });
    expect(high.length).toBeGreaterThan(2 * low.length);
    expect(low.length * 8).toBeLessThan(image.width * image.height * 0.75 * 1.1);
    expect(psnr(image.pixels, decodeWsq(high).pixels)).toBeGreaterThan(
      psnr(image.pixels, decodeWsq(low).pixels) + 3,
    );
  });

  it("encodes a flat image (no contrast) into a valid stream", () => {
    const flat = { width: 100, height: 90, ppi: 500, pixels: new Uint8Array(9000).fill(77) };
    expect(decodeWsq(encodeWsq(flat)).pixels).toEqual(flat.pixels);
  });

  it("rejects images and options it cannot encode with WsqError", () => {
    expect(() => encodeWsq({ ...image, width: 40, pixels: new Uint8Array(40 * 300) })).toThrow(WsqError);
    expect(() => encodeWsq({ ...image, pixels: new Uint8Array(10) })).toThrow(/pixel buffer holds 10 bytes/);
    expect(() => encodeWsq(image, { bitrate: 0 })).toThrow(/bitrate 0/);
    expect(() => encodeWsq(image, { ppi: -1 })).toThrow(/ppi -1/);
    expect(() => encodeWsq(image, { comment: "snow ☃" })).toThrow(/Latin-1/);
  });
});

describe.skipIf(!hasSharedData)("encodeWsq on real prints", () => {
  it("compresses a 500 ppi FVC2002 print near the FBI rate with the expected quality", () => {
    const print = decodeImage(readShared("fvc2002/DB1_B/101_1.tif"), { ppi: 500 });
    const stream = encodeWsq(print);
    const bitsPerPixel = (stream.length * 8) / (print.width * print.height);
    expect(bitsPerPixel).toBeGreaterThan(0.3);
    expect(bitsPerPixel).toBeLessThan(0.8);
    expect(psnr(print.pixels, decodeWsq(stream).pixels)).toBeGreaterThan(30);
  });
});

const NBIS_BIN = process.env.NBIS_BIN ?? "/work/peers/nbis/bin";
const hasNbis = existsSync(join(NBIS_BIN, "dwsq")) && existsSync(join(NBIS_BIN, "cwsq"));
if (!hasNbis)
  console.warn(`NBIS dwsq/cwsq not found in ${NBIS_BIN} (set NBIS_BIN): interoperability tests skipped`);

describe.skipIf(!hasNbis)("interoperability with NIST NBIS", () => {
  const work = mkdtempSync(join(tmpdir(), "tenprint-wsq-nbis-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const image = syntheticPrint(300, 260, 11);

  it("dwsq decodes our stream to exactly the pixels decodeWsq gives", () => {
    const stream = encodeWsq(image, { bitrate: 0.75 });
    writeFileSync(join(work, "ours.wsq"), stream);
    execFileSync(join(NBIS_BIN, "dwsq"), ["raw", "ours.wsq", "-raw_out"], { cwd: work, stdio: "pipe" });
    expect(new Uint8Array(readFileSync(join(work, "ours.raw")))).toEqual(decodeWsq(stream).pixels);
  });

  it("matches cwsq's stream byte for byte at 0.75 and 2.25 bpp", () => {
    writeFileSync(join(work, "in.raw"), image.pixels);
    for (const bitrate of [0.75, 2.25]) {
      execFileSync(join(NBIS_BIN, "cwsq"), [String(bitrate), "wsq", "in.raw", "-raw_in", "300,260,8,500"], {
        cwd: work,
        stdio: "pipe",
      });
      expect(encodeWsq(image, { bitrate })).toEqual(new Uint8Array(readFileSync(join(work, "in.wsq"))));
    }
  });
});
