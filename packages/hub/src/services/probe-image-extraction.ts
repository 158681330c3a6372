import { extractTemplate, writeTenprintTemplate } from "@tenprint/afis";
import { decodeImage } from "@tenprint/nist/image";
import { decodeOptions, type ProbeImage } from "./probe-image.js";

/** One booking image decoded, resampled to 500 ppi and extracted, as template bytes. */
export function extractImage(image: ProbeImage): Uint8Array {
  return writeTenprintTemplate(extractTemplate(decodeImage(image.data, decodeOptions(image))));
}
