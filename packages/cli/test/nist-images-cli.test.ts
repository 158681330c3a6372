import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BinaryRecord, decodeWsq, parseTransaction, serializeTransaction } from "@tenprint/nist";
import { decodeImage } from "@tenprint/nist/image";
import { describe, expect, it } from "vitest";
import { runTenprint, scratchDirectory } from "./run-tenprint.js";

const exampleSpec = resolve(dirname(fileURLToPath(import.meta.url)), "../examples/synthetic-car.json");
const work = scratchDirectory("nist-images");

describe("tenprint nist images", () => {
  it("writes each Type-14 and Type-4 image by record and finger, as stored WSQ or decoded PNG", async () => {
    const car = join(work, "car.an2");
    expect((await runTenprint(["nist", "build", exampleSpec, "-o", car])).code).toBe(0);
    // A raw Type-4 plain finger appended to the CAR: the other kind of fingerprint record.
    const parsed = parseTransaction(new Uint8Array(readFileSync(car)));
    const pixels = Uint8Array.from({ length: 80 * 100 }, (_, i) => (i * 7) % 256);
    const type4: BinaryRecord = {
      kind: "binary",
      type: 4,
      header: { IDC: 9, IMP: 0, FGP: [7, 255, 255, 255, 255, 255], ISR: 0, HLL: 80, VLL: 100, CGA: 0 },
      data: pixels,
    };
    const file = join(work, "with-type4.an2");
    writeFileSync(file, serializeTransaction({ records: [...parsed.records, type4] }));
    const stored = parseTransaction(new Uint8Array(readFileSync(file)));

    const wsqDir = join(work, "wsq");
    const asWsq = await runTenprint(["nist", "images", file, "-o", wsqDir]);
    expect(asWsq.code, asWsq.stderr).toBe(0);
    expect(readdirSync(wsqDir).sort()).toEqual([
      "record02-finger11.wsq",
      "record03-finger12.wsq",
      "record04-finger07.wsq",
    ]);
    const record2 = stored.records[2];
    const data = record2?.kind === "tagged" ? record2.fields.find((f) => f.number === 999) : undefined;
    expect(
      data?.kind === "data" && readFileSync(join(wsqDir, "record02-finger11.wsq")).equals(data.data),
    ).toBe(true);
    expect(asWsq.stdout).toMatch(
      /record02-finger11\.wsq: Type-14 finger 11 impression 0, \d+x\d+ at 500 ppi, WSQ as stored/,
    );
    expect(decodeWsq(new Uint8Array(readFileSync(join(wsqDir, "record04-finger07.wsq"))))).toMatchObject({
      width: 80,
      height: 100,
    });

    const pngDir = join(work, "png");
    const asPng = await runTenprint(["nist", "images", file, "-o", pngDir, "--format", "png", "--json"]);
    expect(asPng.code, asPng.stderr).toBe(0);
    const report = JSON.parse(asPng.stdout) as { images: { record: number; type: number; file: string }[] };
    expect(report.images.map((image) => [image.record, image.type])).toEqual([
      [2, 14],
      [3, 14],
      [4, 4],
    ]);
    const thumb = decodeImage(new Uint8Array(readFileSync(join(pngDir, "record02-finger11.png"))));
    const wsqThumb = decodeWsq(new Uint8Array(readFileSync(join(wsqDir, "record02-finger11.wsq"))));
    expect(thumb.pixels).toEqual(wsqThumb.pixels);
    expect(decodeImage(new Uint8Array(readFileSync(join(pngDir, "record04-finger07.png")))).pixels).toEqual(
      pixels,
    );
  });

  it("says so when a transaction has no fingerprint images (exit 1)", async () => {
    const car = parseTransaction(new Uint8Array(readFileSync(join(work, "car.an2"))));
    const textOnly = join(work, "text-only.an2");
    writeFileSync(textOnly, serializeTransaction({ records: car.records.slice(0, 2) }));
    const result = await runTenprint(["nist", "images", textOnly, "-o", join(work, "none")]);
    expect(result).toMatchObject({
      code: 1,
      stderr: `tenprint nist images: ${textOnly}: no Type-4 or Type-14 fingerprint image records\n`,
    });
  });
});
