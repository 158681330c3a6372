import type { Minutia } from "@tenprint/afis";
import type { GrayImage } from "@tenprint/nist";
import { SeededRandom } from "../seeded-random.js";
import { insideShape, shapeRadius } from "./finger-shape.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import {
  drawImpressionGeometry,
  type ImpressionGeometry,
  type ImpressionKind,
  impressionToMaster,
  masterToImpression,
} from "./impression-geometry.js";
import type { MasterFingerprint } from "./master-fingerprint.js";
import { sampleRidgeField } from "./ridge-pattern.js";
import { ValueNoise } from "./value-noise.js";

export interface ImpressionOptions {
  /** Impression number; each number gives a different, reproducible impression of the master. */
  readonly impression: number;
  readonly kind?: ImpressionKind;
}

/** One synthetic capture of a master finger at 500 ppi. */
export interface FingerprintImpression {
  readonly image: GrayImage;
  readonly geometry: ImpressionGeometry;
}

const IMPRESSION_STREAM = 0x494d5052;

/**
 * Renders an impression: placement and elastic distortion (impression-geometry.ts), then skin and
 * sensor: pressure and dryness move the ridge threshold (thicker, merged ridges when pressed hard or
 * wet; thin, broken ridges in dry patches), fine skin grain breaks ridges into blobs, contrast varies
 * smoothly, the contact edge fades, the background is shaded and blotched, and Gaussian sensor noise
 * and a slight blur finish it.
 */
export function generateImpression(
  master: MasterFingerprint,
  options: ImpressionOptions,
): FingerprintImpression {
  const kind = options.kind ?? "plain";
  const random = SeededRandom.fromNumbers(
    master.seed,
    options.impression,
    kind === "rolled" ? 2 : 1,
    IMPRESSION_STREAM,
  );
  const geometry = drawImpressionGeometry(kind, master.shape, master.singularPoints, random);
  const { width, height } = geometry;
  const pressure = random.uniform(P.pressure[0], P.pressure[1]);
  const dryness = random.uniform(P.dryness[0], P.dryness[1]);
  const background = random.uniform(P.background[0], P.background[1]);
  const ridgeGray = random.uniform(P.ridgeGray[0], P.ridgeGray[1]);
  const noise = random.uniform(P.noise[0], P.noise[1]);
  const grain = random.uniform(P.grain[0], P.grain[1]);
  const gradient = random.uniform(P.backgroundGradient[0], P.backgroundGradient[1]);
  const gradientAngle = random.uniform(0, 2 * Math.PI);
  const gradientX = (gradient * Math.cos(gradientAngle)) / width;
  const gradientY = (gradient * Math.sin(gradientAngle)) / height;
  const blotches = random.uniform(P.backgroundBlotches[0], P.backgroundBlotches[1]);
  const dryField = new ValueNoise(random, width, height, P.drynessCell);
  const contrastField = new ValueNoise(random, width, height, P.drynessCell * 3);
  const grainField = new ValueNoise(random, width, height, P.grainCell);
  const blotchField = new ValueNoise(random, width, height, P.backgroundBlotchCell);

  const raw = new Float32Array(width * height);
  const point = new Float64Array(2);
  const softness = 2 * P.edgeSoftness;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const contact = impressionToMaster(geometry, x + 0.5, y + 0.5, point);
      const mx = point[0]!;
      const my = point[1]!;
      const paper =
        background +
        gradientX * (x - width / 2) +
        gradientY * (y - height / 2) +
        blotches * blotchField.at(x, y);
      let ink = 0;
      const contactWeight = clamp01((1 - contact) / P.contactFade);
      if (contactWeight > 0) {
        const silhouetteWeight = clamp01((1 - shapeRadius(master.shape, mx, my)) / P.contactFade);
        if (silhouetteWeight > 0) {
          const threshold =
            pressure +
            dryness * Math.max(0, dryField.at(x, y)) * 1.6 +
            grain * Math.max(0, grainField.at(x, y));
          const v = sampleRidgeField(master.ridges, mx, my);
          const contrast = 1 - 0.35 * Math.max(0, contrastField.at(x, y));
          ink = clamp01((v - threshold) / softness + 0.5) * contactWeight * silhouetteWeight * contrast;
        }
      }
      raw[y * width + x] = paper - ink * (paper - ridgeGray) + noise * random.normal();
    }
  }
  return { image: { width, height, ppi: 500, pixels: blur(raw, width, height) }, geometry };
}

/**
 * The master's ground-truth minutiae as they appear in an impression: moved through the same
 * distortion, kept only where the impression shows ridges (inside contact and image, away from edges).
 */
export function impressionMinutiae(
  master: MasterFingerprint,
  impression: FingerprintImpression,
  masterMinutiae: readonly Minutia[],
): Minutia[] {
  const g = impression.geometry;
  const margin = P.minutiaBorderMargin;
  const point = new Float64Array(2);
  const result: Minutia[] = [];
  for (const m of masterMinutiae) {
    if (!insideShape(master.shape, m.x, m.y, margin)) continue;
    const contact = masterToImpression(g, m.x, m.y, point);
    const x = point[0]!;
    const y = point[1]!;
    if (contact > 1 - margin / Math.min(g.contactHalfWidth, g.contactHalfHeight)) continue;
    if (x < margin || y < margin || x >= g.width - margin || y >= g.height - margin) continue;
    masterToImpression(g, m.x + 4 * Math.cos(m.direction), m.y - 4 * Math.sin(m.direction), point);
    let direction = Math.atan2(-(point[1]! - y), point[0]! - x);
    if (direction < 0) direction += 2 * Math.PI;
    result.push({ x, y, direction, type: m.type, quality: m.quality });
  }
  return result;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/** [1 2 1]/4 in both directions: the optics and sensor never give perfectly sharp edges. */
function blur(raw: Float32Array, width: number, height: number): Uint8Array {
  const rows = new Float32Array(raw.length);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const l = raw[o + Math.max(0, x - 1)]!;
      const r = raw[o + Math.min(width - 1, x + 1)]!;
      rows[o + x] = 0.25 * l + 0.5 * raw[o + x]! + 0.25 * r;
    }
  }
  const pixels = new Uint8Array(raw.length);
  for (let y = 0; y < height; y++) {
    const up = Math.max(0, y - 1) * width;
    const down = Math.min(height - 1, y + 1) * width;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const v = 0.25 * rows[up + x]! + 0.5 * rows[o + x]! + 0.25 * rows[down + x]!;
      pixels[o + x] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return pixels;
}
