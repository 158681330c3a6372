import {
  type BinaryRecord,
  findField,
  type NistRecord,
  type NistTransaction,
  parseTransaction,
  serializeTransaction,
  textField,
} from "@tenprint/nist";
import {
  bookingCar,
  bookingFingerImages,
  rescaledRenderer,
  sketchRenderer,
  uncompressedEncoder,
  wsqEncoder,
} from "@tenprint/synth";
import { describe, expect, it } from "vitest";
import { probeFromSubmission } from "../src/index.js";
import { ProbeImageError } from "../src/services/probe-image.js";
import { probeImages } from "../src/services/submission-probe.js";
import { knownBooking, personOf } from "./services-fixtures.js";

/** The known arrestee's CAR with images encoded by `encoder`, as the hub receives it (bytes, parsed again). */
function received(encoder: Parameters<typeof bookingFingerImages>[3]) {
  const booking = knownBooking();
  const car = bookingCar(booking, bookingFingerImages(personOf(booking), 2, sketchRenderer, encoder));
  return parseTransaction(serializeTransaction(car));
}

describe("booking probes", () => {
  it("reads uncompressed Type-14 images by their declared size, and WSQ ones by their own header", () => {
    const raw = received(uncompressedEncoder);
    const images = probeImages(raw);
    expect(images).toHaveLength(10);
    expect(images.every((image) => image.raw && image.raw.width > 0 && image.raw.height > 0)).toBe(true);
    const probe = probeFromSubmission(raw);
    expect(probe.map((finger) => finger.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Sketch prints are sparse on some fingers; together they must give the search something to work with.
    expect(probe.reduce((sum, finger) => sum + finger.template.minutiae.length, 0)).toBeGreaterThan(100);
    expect(probeImages(received(wsqEncoder())).every((image) => image.raw === undefined)).toBe(true);
  });
});

describe("the resolution a booking declares", () => {
  /** The uncompressed sketch booking with every rolled Type-14 turned into a legacy Type-4 record. */
  function asType4(transaction: NistTransaction, isr: 0 | 1, nsr: string): NistTransaction {
    const records = transaction.records.flatMap((record): NistRecord[] => {
      if (record.kind === "tagged" && record.type === 1) {
        const fields = record.fields.map((field) =>
          field.kind === "text" && (field.number === 11 || field.number === 12)
            ? textField(field.number, nsr)
            : field,
        );
        return [{ ...record, fields }];
      }
      if (record.kind !== "tagged" || record.type !== 14) return [record];
      const text = (number: number) => {
        const field = findField(record, number);
        return field?.kind === "text" ? Number(field.subfields[0]?.[0]) : Number.NaN;
      };
      const data = findField(record, 999);
      if (text(13) > 10 || data?.kind !== "data") return [];
      const type4: BinaryRecord = {
        kind: "binary",
        type: 4,
        header: {
          IDC: text(2),
          IMP: 1,
          FGP: [text(13), 255, 255, 255, 255, 255],
          ISR: isr,
          HLL: text(6),
          VLL: text(7),
          CGA: 0,
        },
        data: data.data,
      };
      return [type4];
    });
    return { records };
  }

  it("reads legacy Type-4 prints at the Type-1 resolution their ISR names", () => {
    const raw = received(uncompressedEncoder);
    const legacy = asType4(raw, 1, "39.37");
    const images = probeImages(legacy);
    expect(images.map((image) => image.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(images.every((image) => image.ppi === 1000 && image.raw && image.raw.width > 0)).toBe(true);
    expect(probeImages(asType4(raw, 0, "39.37")).every((image) => image.ppi === 500)).toBe(true);
  });

  it("brings a 1000 ppi print to the engine's 500 ppi frame: the size the 500 ppi print has", () => {
    const at500 = probeFromSubmission(received(uncompressedEncoder));
    const booking = knownBooking();
    const at1000 = probeFromSubmission(
      parseTransaction(
        serializeTransaction(
          bookingCar(
            booking,
            bookingFingerImages(
              personOf(booking),
              2,
              rescaledRenderer(sketchRenderer, 1000),
              uncompressedEncoder,
            ),
          ),
        ),
      ),
    );
    for (const [index, finger] of at1000.entries()) {
      const reference = at500[index]?.template;
      expect(Math.abs(finger.template.width - (reference?.width ?? 0))).toBeLessThanOrEqual(1);
      expect(Math.abs(finger.template.height - (reference?.height ?? 0))).toBeLessThanOrEqual(1);
    }
  });

  it("refuses pixels that are not square, naming the record", () => {
    const raw = received(uncompressedEncoder);
    const records = raw.records.map((record) =>
      record.kind === "tagged" && record.type === 14
        ? { ...record, fields: record.fields.map((f) => (f.number === 10 ? textField(10, "1000") : f)) }
        : record,
    );
    expect(() => probeImages({ records })).toThrow(ProbeImageError);
    expect(() => probeImages({ records })).toThrow(
      /record 2 \(Type-14, finger 1\): horizontal 500 ppi and vertical 1000 ppi/,
    );
  });
});
