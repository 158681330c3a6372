import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { decodeWsq } from "../src/wsq/wsq-decoder.js";
import { encodeWsq } from "../src/wsq/wsq-encoder.js";
import { WsqError } from "../src/wsq/wsq-error.js";
import { hasSharedData, readShared } from "./shared-data.js";
import { psnr, syntheticPrint } from "./wsq-fixtures.js";

/** The golden PNG carries trailing bytes after IEND (as published upstream); pngjs needs them cut. */
function readPngGray(bytes: Uint8Array): { width: number; height: number; gray: Uint8Array } {
  const iend = Buffer.from(bytes).indexOf("IEND");
  const png = PNG.sync.read(Buffer.from(bytes.subarray(0, iend + 8)));
  const gray = new Uint8Array(png.width * png.height);
  for (let i = 0; i < gray.length; i++) gray[i] = png.data[i * 4]!;
  return { width: png.width, height: png.height, gray };
}

describe("decodeWsq on generated streams", () => {
  it("round-trips a synthetic print at 0.75 bpp with fingerprint-grade fidelity", () => {
    const image = syntheticPrint(300, 280);
    const decoded = decodeWsq(encodeWsq(image));
    expect(decoded.width).toBe(300);
    expect(decoded.height).toBe(280);
    expect(psnr(image.pixels, decoded.pixels)).toBeGreaterThan(28);
  });

  it("reports the PPI written to the NISTCOM comment", () => {
    const image = { ...syntheticPrint(128, 128), ppi: 1000 };
    expect(decodeWsq(encodeWsq(image)).ppi).toBe(1000);
  });

  it("falls back to 500 ppi when the stream has no NISTCOM", () => {
    const stream = encodeWsq(syntheticPrint(128, 128), { ppi: 600 });
    const comLength = (stream[4]! << 8) | stream[5]!;
    const withoutComment = new Uint8Array([...stream.subarray(0, 2), ...stream.subarray(4 + comLength)]);
    expect(decodeWsq(withoutComment).ppi).toBe(500);
    expect(decodeWsq(withoutComment).pixels).toEqual(decodeWsq(stream).pixels);
  });

  it("accepts comments between data blocks and skips DRT segments", () => {
    const stream = encodeWsq(syntheticPrint(128, 120));
    const at = (marker: number, from = 0) => Buffer.from(stream).indexOf(Buffer.from([0xff, marker]), from);
    const secondTable = at(0xa6, at(0xa3));
    const comment = [0xff, 0xa8, 0x00, 0x07, ...Buffer.from("hello")];
    const restart = [0xff, 0xa7, 0x00, 0x04, 0x00, 0x00];
    const sof = at(0xa2);
    const edited = new Uint8Array([
      ...stream.subarray(0, sof),
      ...restart,
      ...stream.subarray(sof, secondTable),
      ...comment,
      ...stream.subarray(secondTable),
    ]);
    expect(decodeWsq(edited).pixels).toEqual(decodeWsq(stream).pixels);
  });

  it("rejects a stream without SOI with a WsqError naming the marker and offset", () => {
    const error = (() => {
      try {
        decodeWsq(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(WsqError);
    expect((error as WsqError).segment).toBe("SOI");
    expect((error as WsqError).offset).toBe(0);
  });

  it("rejects a frame larger than the size limit", () => {
    const stream = encodeWsq(syntheticPrint(128, 128));
    const sof = Buffer.from(stream).indexOf(Buffer.from([0xff, 0xa2]));
    stream[sof + 8] = 0xff;
    expect(() => decodeWsq(stream)).toThrow(/SOF.*width 65408 is outside 65\.\.16384/);
  });
});

describe.skipIf(!hasSharedData)("decodeWsq on reference data", () => {
  it("reproduces NBIS dwsq's output for NIST SD14 f0000001 exactly, pixel for pixel", () => {
    const decoded = decodeWsq(readShared("sourceafis-testdata/wsq-original.wsq"));
    const expected = readPngGray(readShared("sourceafis-testdata/wsq-converted.png"));
    expect([decoded.width, decoded.height, decoded.ppi]).toEqual([expected.width, expected.height, 500]);
    let differing = 0;
    for (let i = 0; i < expected.gray.length; i++) if (decoded.pixels[i] !== expected.gray[i]) differing++;
    expect(differing).toBe(0);
  });

  it("decodes the WSQ Type-4 images inside the NBIS AN2K test files at their record's size", () => {
    let checked = 0;
    for (const name of ["valid1.1.an2", "valid1.2.an2", "valid1.8.an2", "valid1.9.an2", "valid1.14.an2"]) {
      const file = readShared(`nbis-an2k-testdata/${name}`);
      for (let start = 18; start + 3 < file.length; start++) {
        const isSoi = file[start] === 0xff && file[start + 1] === 0xa0 && file[start + 2] === 0xff;
        // A Type-4 header (18 bytes) ends with HLL, VLL and CGA = 1 (WSQ) right before the image.
        if (!isSoi || file[start - 1] !== 1) continue;
        const width = (file[start - 5]! << 8) | file[start - 4]!;
        const height = (file[start - 3]! << 8) | file[start - 2]!;
        const image = decodeWsq(file.subarray(start));
        expect([image.width, image.height]).toEqual([width, height]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
