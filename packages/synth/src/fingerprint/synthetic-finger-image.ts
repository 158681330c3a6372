import type { GrayImage } from "@tenprint/nist";
import { SeededRandom } from "../seeded-random.js";
import { generateImpression } from "./fingerprint-impression.js";
import type { FingerRequest } from "./fingerprint-request.js";
import {
  generateMasterFingerprint,
  type MasterFingerprint,
  renderMasterImage,
} from "./master-fingerprint.js";
import { resampleGray } from "./resample-gray.js";

const DATASET_STREAM = 0x44415441;

/** The master seed of finger number `finger` (0-based) of a dataset: independent streams per finger. */
export function datasetFingerSeed(datasetSeed: number, finger: number): number {
  const random = SeededRandom.fromNumbers(datasetSeed, finger, DATASET_STREAM);
  return random.uint32() * 0x200000 + (random.uint32() >>> 11);
}

/** The image a request asks for: the clean master (impression 0) or one impression, at the requested ppi. */
export function syntheticFingerImage(request: FingerRequest, master?: MasterFingerprint): GrayImage {
  const finger =
    master ??
    generateMasterFingerprint(
      request.fingerClass === undefined
        ? { seed: request.seed }
        : { seed: request.seed, fingerClass: request.fingerClass },
    );
  const image =
    request.impression === 0
      ? renderMasterImage(finger)
      : generateImpression(finger, { impression: request.impression, kind: request.kind }).image;
  return resampleGray(image, request.ppi);
}
