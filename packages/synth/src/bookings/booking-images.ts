import { type CompressionCode, encodeWsq, type FingerImage, type GrayImage } from "@tenprint/nist";
import type { ImpressionKind } from "../fingerprint/impression-geometry.js";
import type { FingerRecord, Person } from "../population/person.js";
import { BOOKING_PARAMETERS as P } from "./booking-parameters.js";

export interface ImpressionRequest {
  readonly finger: FingerRecord;
  readonly kind: ImpressionKind;
  /**
   * Which capture of the finger: bookings use their sequence number (1, 2, …), so re-arrests give new
   * impressions; 0 is left for the capture already on file when a repository is seeded.
   */
  readonly impression: number;
}

/** Renders one impression of a finger as an 8-bit grey 500 ppi image. */
export type ImpressionRenderer = (request: ImpressionRequest) => GrayImage;

export interface EncodedImage {
  readonly compression: CompressionCode;
  readonly data: Uint8Array;
}

/** Compresses a rendered image for its Type-14 record. */
export type ImageEncoder = (image: GrayImage) => EncodedImage;

/** Stores the pixels as they are (14.011 CGA "NONE"). */
export const uncompressedEncoder: ImageEncoder = (image) => ({ compression: "NONE", data: image.pixels });

/** WSQ, the compression EBTS requires for 500 ppi fingerprints (14.011 CGA "WSQ20"). */
export function wsqEncoder(bitrate?: number): ImageEncoder {
  return (image) => ({
    compression: "WSQ20",
    data: encodeWsq(image, bitrate === undefined ? {} : { bitrate }),
  });
}

/** Right hand: index … little from the image's left; the left hand mirrors it (little finger on the left). */
const RIGHT_SLAP = [2, 3, 4, 5];
const LEFT_SLAP = [10, 9, 8, 7];
/** How far each finger of a slap sits below the highest (middle) finger, in pixels: index, middle, ring, little. */
const SLAP_DROP: Readonly<Record<number, number>> = {
  2: 60,
  3: 0,
  4: 40,
  5: 180,
  7: 60,
  8: 0,
  9: 40,
  10: 180,
};

/** Lays four plain impressions side by side as a four-finger slap (14.013 FGP 13 or 14). */
export function composeSlap(positions: readonly number[], plains: ReadonlyMap<number, GrayImage>): GrayImage {
  const cell = P.slapFingerWidth;
  const images = positions.map((position) => {
    const image = plains.get(position);
    if (!image) throw new RangeError(`no plain impression of finger ${position} for the slap`);
    return { image, drop: SLAP_DROP[position] ?? 0 };
  });
  const width = Math.min(P.slapMaxWidth, cell * positions.length);
  const height = Math.min(P.slapMaxHeight, Math.max(...images.map(({ image, drop }) => image.height + drop)));
  const pixels = new Uint8Array(width * height).fill(255);
  images.forEach(({ image, drop }, index) => {
    const copyWidth = Math.min(cell, image.width);
    const sourceX = Math.floor((image.width - copyWidth) / 2);
    const targetX = index * cell + Math.floor((cell - copyWidth) / 2);
    for (let y = 0; y < image.height && y + drop < height; y++) {
      const from = y * image.width + sourceX;
      pixels.set(image.pixels.subarray(from, from + copyWidth), (y + drop) * width + targetX);
    }
  });
  return { width, height, ppi: 500, pixels };
}

/**
 * The 14 Type-14 images of a criminal tenprint booking: ten rolled fingers (IMP 1, FGP 1–10), the two
 * plain thumbs (IMP 0, FGP 11 and 12) and the two plain four-finger slaps (FGP 13 right, 14 left).
 */
export function bookingFingerImages(
  person: Person,
  impression: number,
  render: ImpressionRenderer,
  encode: ImageEncoder,
): FingerImage[] {
  const images: FingerImage[] = [];
  const add = (fgp: FingerImage["fgp"], imp: 0 | 1, image: GrayImage): void => {
    const encoded = encode(image);
    images.push({ fgp, imp, width: image.width, height: image.height, ppi: image.ppi, ...encoded });
  };
  const plains = new Map<number, GrayImage>();
  for (const finger of person.fingers) {
    add(finger.position as FingerImage["fgp"], 1, render({ finger, kind: "rolled", impression }));
    plains.set(finger.position, render({ finger, kind: "plain", impression }));
  }
  const thumb = (position: number): GrayImage => {
    const image = plains.get(position);
    if (!image) throw new RangeError(`person ${person.id} has no finger ${position}`);
    return image;
  };
  add(11, 0, thumb(1));
  add(12, 0, thumb(6));
  add(13, 0, composeSlap(RIGHT_SLAP, plains));
  add(14, 0, composeSlap(LEFT_SLAP, plains));
  return images;
}
