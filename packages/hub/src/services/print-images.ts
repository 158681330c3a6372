import { decodeWsq, type NistTransaction } from "@tenprint/nist";
import { decodeImage, encodePng } from "@tenprint/nist/image";
import type { EnrolledPrint } from "../storage/enrolled-print-store.js";
import { decodeOptions } from "./probe-image.js";
import { probeImages } from "./submission-probe.js";

/**
 * Fingerprint images as PNG for people to look at: a booking's rolled prints and a repository's enrolled
 * ones. Browsers cannot show WSQ; PNG keeps every gray level.
 */

/** Positions (1–10) of the rolled prints a booking carries, ascending. */
export function bookingPrintPositions(request: NistTransaction): number[] {
  return probeImages(request)
    .map((image) => image.position)
    .sort((a, b) => a - b);
}

/** The booking's rolled print at `position` as PNG; undefined when the booking has none there. */
export function bookingPrintPng(request: NistTransaction, position: number): Uint8Array | undefined {
  const image = probeImages(request).find((candidate) => candidate.position === position);
  return image && encodePng(decodeImage(image.data, decodeOptions(image)));
}

/** An enrolled print as PNG, at the resolution it was enrolled with. */
export function enrolledPrintPng(print: EnrolledPrint): Uint8Array {
  const image = decodeWsq(print.wsq);
  return encodePng({ ...image, ppi: print.ppi });
}
