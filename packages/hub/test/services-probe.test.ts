import { parseTransaction, serializeTransaction } from "@tenprint/nist";
import {
  bookingCar,
  bookingFingerImages,
  sketchRenderer,
  uncompressedEncoder,
  wsqEncoder,
} from "@tenprint/synth";
import { describe, expect, it } from "vitest";
import { probeFromSubmission, probeImages } from "../src/index.js";
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
