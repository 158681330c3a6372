import type { Minutia } from "@tenprint/afis";
import type { GrayImage } from "@tenprint/nist";
import { SeededRandom } from "../seeded-random.js";
import { drawFingerShape, type FingerShape, insideShape, shapeRadius } from "./finger-shape.js";
import { drawFingerprintClass, type FingerprintClass } from "./fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import { drawOrientationModel, type OrientationModel } from "./orientation-model.js";
import { ridgeMinutiae } from "./ridge-minutiae.js";
import { growRidgePattern, type RidgeField, sampleRidgeField } from "./ridge-pattern.js";
import { drawRidgePeriodMap, type RidgePeriodMap } from "./ridge-period-map.js";
import { placeSingularPoints, type SingularPoints } from "./singular-points.js";

/** A synthetic finger: everything its impressions are derived from. Coordinates are master pixels at 500 ppi. */
export interface MasterFingerprint {
  readonly seed: number;
  readonly fingerClass: FingerprintClass;
  readonly shape: FingerShape;
  readonly singularPoints: SingularPoints;
  readonly orientation: OrientationModel;
  readonly periods: RidgePeriodMap;
  readonly ridges: RidgeField;
  readonly width: number;
  readonly height: number;
}

export interface MasterOptions {
  /** Any integer in [0, 2^53); the same seed always gives the same finger. */
  readonly seed: number;
  /** Drawn from the natural class frequencies when absent. */
  readonly fingerClass?: FingerprintClass;
}

const MASTER_STREAM = 0x4d535452;

export function generateMasterFingerprint(options: MasterOptions): MasterFingerprint {
  const random = SeededRandom.fromNumbers(options.seed, MASTER_STREAM);
  const fingerClass = options.fingerClass ?? drawFingerprintClass(random);
  const shape = drawFingerShape(random);
  const singularPoints = placeSingularPoints(fingerClass, shape, random);
  const orientation = drawOrientationModel(fingerClass, shape, singularPoints, random);
  const periods = drawRidgePeriodMap(singularPoints, shape.centerY, random);
  const ridges = growRidgePattern(shape, orientation, periods, random);
  return {
    seed: options.seed,
    fingerClass,
    shape,
    singularPoints,
    orientation,
    periods,
    ridges,
    width: P.masterWidth,
    height: P.masterHeight,
  };
}

/** The master as a clean 500 ppi image: black ridges on white inside the silhouette. */
export function renderMasterImage(master: MasterFingerprint): GrayImage {
  const { width, height } = master;
  const pixels = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (shapeRadius(master.shape, x + 0.5, y + 0.5) >= 1) continue;
      const v = sampleRidgeField(master.ridges, x + 0.5, y + 0.5);
      const ridge = Math.min(1, Math.max(0, v / (2 * P.edgeSoftness) + 0.5));
      pixels[y * width + x] = Math.round(255 * (1 - ridge));
    }
  }
  return { width, height, ppi: 500, pixels };
}

/** The master's binary ridge pattern (1 = ridge) inside the silhouette. */
export function masterRidgeMask(master: MasterFingerprint): Uint8Array {
  const { width, height } = master;
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (shapeRadius(master.shape, x + 0.5, y + 0.5) >= 1) continue;
      if (sampleRidgeField(master.ridges, x + 0.5, y + 0.5) > 0) mask[y * width + x] = 1;
    }
  }
  return mask;
}

/** Ground-truth minutiae of the master, in master coordinates, away from the silhouette edge. */
export function masterMinutiae(master: MasterFingerprint): Minutia[] {
  return ridgeMinutiae(masterRidgeMask(master), master.width, master.height, (x, y) =>
    insideShape(master.shape, x, y, P.minutiaBorderMargin),
  );
}
