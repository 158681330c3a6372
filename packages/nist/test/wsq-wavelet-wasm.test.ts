import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assembleWat, generatedModule, generatedPath } from "../../../scripts/build-wasm.js";
import { decodeWsqWith } from "../src/wsq/wsq-decoder.js";
import { encodeWsq } from "../src/wsq/wsq-encoder.js";
import { waveletKernelAvailable } from "../src/wsq/wsq-wavelet-wasm.js";
import { hasSharedData, readShared } from "./shared-data.js";
import { syntheticPrint } from "./wsq-fixtures.js";

const WAT = "packages/nist/src/wsq/wsq-wavelet-kernel.wat";

function differingPixels(stream: Uint8Array): number {
  const kernel = decodeWsqWith(stream, false);
  const portable = decodeWsqWith(stream, true);
  expect([kernel.width, kernel.height, kernel.ppi]).toEqual([portable.width, portable.height, portable.ppi]);
  let differing = 0;
  for (let i = 0; i < portable.pixels.length; i++) if (kernel.pixels[i] !== portable.pixels[i]) differing++;
  return differing;
}

describe("WSQ inverse transform in WebAssembly", () => {
  it("runs in Node (WebAssembly SIMD present)", () => {
    expect(waveletKernelAvailable()).toBe(true);
  });

  it("is the checked-in module assembled from its .wat", async () => {
    const root = join(import.meta.dirname, "../../..");
    const checkedIn = readFileSync(join(root, generatedPath(WAT)), "utf8");
    expect(checkedIn).toBe(generatedModule(WAT, await assembleWat(WAT)));
  });

  it("gives the portable decoder's pixels on odd, even and small sizes and at several bit rates", () => {
    const cases: Array<[number, number, number]> = [
      [416, 544, 0.75],
      [301, 277, 0.75],
      [129, 66, 2.25],
      [97, 255, 0.4],
      [800, 750, 1.5],
    ];
    for (const [width, height, bitrate] of cases) {
      const stream = encodeWsq(syntheticPrint(width, height, width * height), { bitrate });
      expect(differingPixels(stream), `${width}×${height} at ${bitrate} bpp`).toBe(0);
    }
  });

  it.skipIf(!hasSharedData)(
    "gives the portable decoder's pixels on NIST SD14 f0000001 (NBIS's golden pair)",
    () => {
      expect(differingPixels(readShared("sourceafis-testdata/wsq-original.wsq"))).toBe(0);
    },
  );
});
