import type { DecodeImageOptions } from "@tenprint/nist/image";

/** One finger image of a booking, as the Type-14 record carries it. */
export interface ProbeImage {
  readonly position: number;
  readonly data: Uint8Array;
  readonly ppi: number;
  /** Size of uncompressed pixels, which have no header of their own. */
  readonly raw?: { readonly width: number; readonly height: number };
}

export function decodeOptions(image: ProbeImage): DecodeImageOptions {
  return image.raw ? { ppi: image.ppi, raw: image.raw } : { ppi: image.ppi };
}

/** A booking image that cannot be decoded or extracted: retrying cannot help, the booking fails. */
export class ProbeImageError extends Error {
  override name = "ProbeImageError";
}
