import { buildCar, encodeWsq, serializeTransaction } from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { syntheticBooking } from "../../nist/test/ebts-fixtures.js";
import { describeTransaction, recordImage } from "../src/features/ebts-viewer/describe-transaction.js";

/** A CAR whose prints are WSQ, with the subject's name left out so that validation has something to say. */
function wsqCar(): Uint8Array {
  const booking = syntheticBooking(2);
  const pixels = new Uint8Array(96 * 112).map((_, i) => 128 + Math.round(100 * Math.sin(i / 3)));
  const wsq = encodeWsq({ width: 96, height: 112, ppi: 500, pixels });
  return serializeTransaction(
    buildCar({
      ...booking,
      fingers: booking.fingers.map((finger) => ({
        ...finger,
        width: 96,
        height: 112,
        compression: "WSQ20",
        data: wsq,
      })),
    }),
  );
}

describe("the EBTS viewer's reading of a file", () => {
  const bytes = wsqCar();

  it("names records and fields from the EBTS dictionary, with their byte offsets", () => {
    const { document } = describeTransaction(bytes);
    expect(document).toMatchObject({ tot: "CAR", parseError: null });
    expect(document.profile).toMatch(/Criminal/i);
    const [type1, type2] = document.records;
    expect(type1).toMatchObject({ index: 0, type: 1, typeName: "Transaction information", offset: 0 });
    expect(type1?.fields.find((field) => field.tag === "1.004")).toMatchObject({
      mnemonic: "TOT",
      value: "CAR",
    });
    const name = type2?.fields.find((field) => field.tag === "2.018");
    expect(name).toMatchObject({ mnemonic: "NAM" });
    expect(String.fromCharCode(...bytes.subarray(name!.offset!, name!.offset! + 6))).toBe("2.018:");
    const print = document.records.find((record) => record.type === 14);
    expect(print).toMatchObject({ hasImage: true, fingerPosition: expect.any(Number) });
    expect(print?.fields.find((field) => field.tag === "14.999")?.binaryBytes).toBeGreaterThan(0);
  });

  it("decodes WSQ prints to gray pixels with nist's own decoder", () => {
    const { document, transaction } = describeTransaction(bytes);
    const index = document.records.findIndex((record) => record.type === 14);
    const image = recordImage(transaction!.records[index]!, index);
    expect(image).toMatchObject({ kind: "gray", width: 96, height: 112, compression: "WSQ" });
  });

  it("attaches each validation problem to its field", () => {
    const damaged = new TextDecoder("latin1").decode(bytes).replace(/2\.024:M/, "2.024:Q");
    const { document } = describeTransaction(Uint8Array.from(damaged, (c) => c.charCodeAt(0)));
    const problem = document.problems.find((p) => p.tag === "2.024");
    expect(problem).toMatchObject({ recordIndex: 1, severity: "error" });
    expect(problem?.offset).toBe(document.records[1]?.fields.find((field) => field.tag === "2.024")?.offset);
  });

  it("says where an unreadable file breaks", () => {
    const { document, transaction } = describeTransaction(bytes.subarray(0, 40));
    expect(transaction).toBeUndefined();
    expect(document.records).toEqual([]);
    expect(document.parseError?.message).toMatch(/.+/);
  });
});
