import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeWsq } from "@tenprint/nist";
import { decodeImage, encodePng } from "@tenprint/nist/image";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const GOLDEN_WSQ = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/data/fingerprints/sourceafis-testdata/wsq-original.wsq",
);
const hasGolden = existsSync(GOLDEN_WSQ);
if (!hasGolden) console.warn(`WSQ golden file not found at ${GOLDEN_WSQ}: the test on it is skipped`);

const work = scratchDirectory("wsq-cli");

/** Ridges on a gradient: enough structure for every subband, generated so the test needs no data files. */
function ridgePixels(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels[y * width + x] = Math.round(128 + 90 * Math.sin(Math.hypot(x - 60, y - 50) / 1.7) + (x - y) / 8);
    }
  }
  return pixels;
}

describe("tenprint wsq", () => {
  const width = 160;
  const height = 140;
  const pixels = ridgePixels(width, height);
  const png = join(work, "print.png");
  writeFileSync(png, encodePng({ width, height, ppi: 500, pixels }));

  it("encode compresses a PNG and decode restores it to PNG and PGM", async () => {
    const wsq = join(work, "print.wsq");
    const encoded = await runTenprint(["wsq", "encode", png, wsq, "--bitrate", "2.25", "--ppi", "1000"]);
    expect(encoded.code).toBe(0);
    expect(encoded.stdout).toMatch(/print\.wsq: 160x140 at 1000 ppi, \d+ bytes/);
    const stream = new Uint8Array(readFileSync(wsq));
    expect(decodeWsq(stream).ppi).toBe(1000);

    for (const extension of ["png", "pgm"]) {
      const out = join(work, `restored.${extension}`);
      const decoded = await runTenprint(["wsq", "decode", wsq, out]);
      expect(decoded.code).toBe(0);
      expect(decoded.stdout).toContain("160x140 at 1000 ppi");
      const restored = decodeImage(new Uint8Array(readFileSync(out)));
      expect([restored.width, restored.height]).toEqual([width, height]);
      expect(restored.pixels).toEqual(decodeWsq(stream).pixels);
    }
  });

  it("encode reads raw 8-bit gray with --raw WxH", async () => {
    const raw = join(work, "print.raw");
    writeFileSync(raw, pixels);
    const wsq = join(work, "raw.wsq");
    const { code } = await runTenprint(["wsq", "encode", raw, wsq, "--raw", `${width}x${height}`]);
    expect(code).toBe(0);
    const image = decodeWsq(new Uint8Array(readFileSync(wsq)));
    expect([image.width, image.height, image.ppi]).toEqual([width, height, 500]);
  });

  it("reports a damaged WSQ file with the segment and byte offset, exit code 1", async () => {
    const wsq = join(work, "cut.wsq");
    await runTenprint(["wsq", "encode", png, wsq]);
    const whole = readFileSync(wsq);
    writeFileSync(wsq, whole.subarray(0, whole.length - 40));
    const { code, stderr } = await runTenprint(["wsq", "decode", wsq, join(work, "cut.png")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cut\.wsq: WSQ entropy-coded data at byte \d+: stream ends/);
  });

  it("rejects bad option values and output formats", async () => {
    expect(
      (await runTenprint(["wsq", "encode", png, join(work, "x.wsq"), "--bitrate", "fast"])).stderr,
    ).toMatch(/--bitrate fast: expected a positive number/);
    expect((await runTenprint(["wsq", "encode", png, join(work, "x.wsq"), "--raw", "12by3"])).stderr).toMatch(
      /--raw 12by3: expected WIDTHxHEIGHT/,
    );
    const { code, stderr } = await runTenprint([
      "wsq",
      "decode",
      join(work, "print.wsq"),
      join(work, "out.jpg"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/out\.jpg: output must end in \.png or \.pgm/);
  });

  it.skipIf(!hasGolden)("decodes the NIST SD14 golden WSQ", async () => {
    const out = join(work, "golden.pgm");
    const { code, stdout } = await runTenprint(["wsq", "decode", GOLDEN_WSQ, out]);
    expect(code).toBe(0);
    expect(stdout).toContain("832x768 at 500 ppi");
  });
});
