import bmp from "bmp-js";
import jpeg from "jpeg-js";
import UTIF from "utif";
import { describe, expect, it } from "vitest";
import { decodeImage, encodePgm, encodePng, ImageError, sniffImageFormat } from "../src/image/index.js";
import type { GrayImage } from "../src/index.js";
import { hasSharedData, readShared } from "./shared-data.js";

function gradient(width: number, height: number, ppi = 500): GrayImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels[y * width + x] = (x * 7 + y * 13) & 0xff;
  return { width, height, ppi, pixels };
}

function toRgba(image: GrayImage): Uint8Array {
  const rgba = new Uint8Array(image.pixels.length * 4);
  image.pixels.forEach((value, i) => {
    rgba.set([value, value, value, 255], i * 4);
  });
  return rgba;
}

describe("PNG", () => {
  it("round-trips gray pixels and the ppi through encodePng", () => {
    const image = gradient(37, 23, 569);
    const decoded = decodeImage(encodePng(image));
    expect(decoded).toEqual({ ...image, pixels: image.pixels });
  });

  it("lets the caller's ppi override the file", () => {
    expect(decodeImage(encodePng(gradient(8, 8, 1000)), { ppi: 500 }).ppi).toBe(500);
  });
});

describe("PGM", () => {
  it("round-trips through encodePgm, keeping the ppi comment", () => {
    const image = gradient(19, 11, 1000);
    expect(decodeImage(encodePgm(image))).toEqual(image);
  });

  it("reads plain P2 with a 16-bit maxval and comments", () => {
    const text = "P2\n# synthetic\n3 2\n65535\n0 65535 32768\n257 0 65535\n";
    const decoded = decodeImage(new TextEncoder().encode(text));
    expect([...decoded.pixels]).toEqual([0, 255, 128, 1, 0, 255]);
    expect(decoded.ppi).toBe(500);
  });

  it("names the missing raster bytes", () => {
    const truncated = encodePgm(gradient(10, 10)).subarray(0, 40);
    expect(() => decodeImage(truncated)).toThrow(/PGM: raster has \d+ bytes, expected 100/);
  });
});

describe("JPEG, BMP and TIFF", () => {
  it("decodes a gray JPEG close to its source", () => {
    const image = gradient(64, 48);
    const encoded = jpeg.encode({ data: toRgba(image), width: 64, height: 48 }, 100);
    const decoded = decodeImage(new Uint8Array(encoded.data));
    expect(decoded.width).toBe(64);
    const maxError = Math.max(...decoded.pixels.map((value, i) => Math.abs(value - image.pixels[i]!)));
    expect(maxError).toBeLessThan(12);
  });

  it("decodes a 24-bit BMP exactly", () => {
    const image = gradient(33, 17);
    const abgr = new Uint8Array(image.pixels.length * 4);
    image.pixels.forEach((value, i) => {
      abgr.set([0, value, value, value], i * 4);
    });
    const encoded = bmp.encode({ data: Buffer.from(abgr), width: 33, height: 17 });
    expect(decodeImage(new Uint8Array(encoded.data)).pixels).toEqual(image.pixels);
  });

  it("decodes an RGBA TIFF to gray", () => {
    const image = gradient(20, 10);
    const encoded = new Uint8Array(UTIF.encodeImage(toRgba(image), 20, 10));
    expect(sniffImageFormat(encoded)).toBe("tiff");
    expect(decodeImage(encoded, { ppi: 500 }).pixels).toEqual(image.pixels);
  });
});

describe("raw and bad input", () => {
  it("takes raw gray with an explicit size", () => {
    const image = gradient(5, 4);
    expect(decodeImage(image.pixels, { raw: { width: 5, height: 4 }, ppi: 500 })).toEqual(image);
  });

  it("refuses raw bytes that do not fill the size", () => {
    expect(() => decodeImage(new Uint8Array(19), { raw: { width: 5, height: 4 } })).toThrow(ImageError);
  });

  it("refuses unknown formats, naming the first bytes", () => {
    expect(() => decodeImage(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/first bytes 01 02 03 04/);
    expect(() => decodeImage(new Uint8Array(0))).toThrow(ImageError);
  });

  it("refuses images beyond the limits before decoding", () => {
    const header = new TextEncoder().encode("P5 100000 100000 255\n");
    expect(() => decodeImage(header)).toThrow(/exceeds the limit/);
    const png = encodePng(gradient(64, 64));
    expect(() => decodeImage(png, { limits: { maxWidth: 32 } })).toThrow(/exceeds the limit/);
  });

  it("turns corrupt data of every format into ImageError", () => {
    const samples = [
      encodePng(gradient(16, 16)),
      new Uint8Array(jpeg.encode({ data: toRgba(gradient(16, 16)), width: 16, height: 16 }, 90).data),
      new Uint8Array(UTIF.encodeImage(toRgba(gradient(16, 16)), 16, 16)),
    ];
    for (const sample of samples) {
      for (const cut of [10, 30, sample.length >> 1]) {
        expect(() => decodeImage(sample.slice(0, cut), { ppi: 500 })).toThrow(ImageError);
      }
    }
  });

  it("rejects an implausible requested ppi", () => {
    expect(() => decodeImage(encodePng(gradient(4, 4)), { ppi: 0 })).toThrow(/ppi 0/);
  });
});

describe.skipIf(!hasSharedData)("shared test images", () => {
  it("decodes the SourceAFIS probe identically from PNG and BMP, and closely from JPEG", () => {
    const png = decodeImage(readShared("sourceafis-testdata/probe.png"));
    const bmpImage = decodeImage(readShared("sourceafis-testdata/probe.bmp"));
    const jpegImage = decodeImage(readShared("sourceafis-testdata/probe.jpeg"));
    expect([png.width, png.height]).toEqual([388, 374]);
    expect(bmpImage.pixels).toEqual(png.pixels);
    let sum = 0;
    jpegImage.pixels.forEach((value, i) => {
      sum += Math.abs(value - png.pixels[i]!);
    });
    expect(sum / png.pixels.length).toBeLessThan(4);
  });

  it("reads a PNG that has bytes after IEND (the WSQ golden PNG carries a web page)", () => {
    const image = decodeImage(readShared("sourceafis-testdata/wsq-converted.png"));
    expect([image.width, image.height]).toEqual([832, 768]);
  });

  it("decodes WSQ through the same entry point, with the ppi of its NISTCOM", () => {
    const viaDecodeImage = decodeImage(readShared("sourceafis-testdata/wsq-original.wsq"));
    const golden = decodeImage(readShared("sourceafis-testdata/wsq-converted.png"));
    expect(viaDecodeImage.ppi).toBe(500);
    expect(viaDecodeImage.pixels).toEqual(golden.pixels);
  });

  it("decodes FVC2002 TIFFs, ignoring their placeholder resolution", () => {
    const image = decodeImage(readShared("fvc2002/DB2_B/101_1.tif"));
    expect([image.width, image.height, image.ppi]).toEqual([296, 560, 500]);
    expect(decodeImage(readShared("fvc2002/DB2_B/101_1.tif"), { ppi: 569 }).ppi).toBe(569);
    const mean = image.pixels.reduce((a, b) => a + b, 0) / image.pixels.length;
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(250);
  });
});
