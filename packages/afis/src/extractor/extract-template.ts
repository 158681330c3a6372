import type { GrayImage } from "@tenprint/nist";
import { ENGINE_PPI, type FingerprintTemplate, type Minutia } from "../minutia.js";
import { binarizeBits } from "./binarization.js";
import { computeCellContrast } from "./cell-contrast.js";
import { cellGridFor } from "./cell-grid.js";
import { ExtractionError } from "./extraction-error.js";
import { EXTRACTOR_PARAMETERS, type ExtractorParameters } from "./extractor-parameters.js";
import { borderDistance, computeForegroundMask } from "./foreground-mask.js";
import { computeCellQuality, computeImageQuality } from "./image-quality.js";
import { collectMinutiae } from "./minutiae-collection.js";
import { computeOrientationField } from "./orientation-field.js";
import { resampleToPpi } from "./resample-image.js";
import { enhanceRidges } from "./ridge-enhancement.js";
import { filterSkeleton } from "./skeleton-filters.js";
import { skeletonGraphOf } from "./skeleton-graph.js";
import { thinBits } from "./thinning.js";

export interface ExtractOptions {
  /** Keep at most this many minutiae, the most reliable first (default 100). */
  readonly maxMinutiae?: number;
}

/**
 * Extracts the minutiae of one fingerprint image. The image is first rescaled to 500 ppi, so the
 * template is in the engine frame whatever the scanner. An image without a recognisable fingerprint
 * (blank, uniform, noise) gives an empty template with quality 0; only images that cannot be
 * processed at all (no pixels, absurd size or resolution) throw ExtractionError.
 */
export function extractTemplate(image: GrayImage, options: ExtractOptions = {}): FingerprintTemplate {
  return extractWithParameters(image, EXTRACTOR_PARAMETERS, options);
}

/** extractTemplate with other tuning constants; for tests and tuning experiments, not exported publicly. */
export function extractWithParameters(
  image: GrayImage,
  parameters: ExtractorParameters,
  options: ExtractOptions = {},
): FingerprintTemplate {
  validate(image, options);
  const maxMinutiae = options.maxMinutiae ?? parameters.maxMinutiae;
  const raster = resampleToPpi(image, ENGINE_PPI);
  const { width, height } = raster;
  const empty: FingerprintTemplate = { width, height, minutiae: [], quality: 0 };
  if (width < parameters.minSide || height < parameters.minSide) return empty;

  const grid = cellGridFor(width, height, parameters.cellSize);
  const orientation = computeOrientationField(raster, grid, parameters.orientationSmoothingCells);
  const contrast = computeCellContrast(raster, grid, parameters.contrastWindowCells);
  const mask = computeForegroundMask(grid, contrast, orientation.coherence, parameters);
  const cellQuality = computeCellQuality(orientation.coherence, contrast, mask, parameters);
  const quality = computeImageQuality(cellQuality, mask, grid.cellSize, parameters);
  if (quality === 0) return empty;

  // Binarised at once, so the kernel's result is read in place (transient).
  const { enhanced } = enhanceRidges(raster, grid, orientation.angle, mask, parameters, false, true);
  const binary = binarizeBits(
    enhanced,
    width,
    height,
    grid,
    mask,
    parameters.binaryVoteRadius,
    parameters.binaryVoteMajority,
  );
  const ridges = skeletonGraphOf(thinBits(binary.ridges, parameters.maxThinningIterations), width, height);
  const valleys = skeletonGraphOf(thinBits(binary.valleys, parameters.maxThinningIterations), width, height);
  filterSkeleton(ridges, parameters);
  filterSkeleton(valleys, parameters);
  const context = { grid, borderDistance: borderDistance(mask, grid), cellQuality };
  const minutiae = collectMinutiae(ridges, valleys, context, parameters);
  return { width, height, minutiae: strongest(minutiae, maxMinutiae), quality };
}

function strongest(minutiae: Minutia[], limit: number): Minutia[] {
  if (minutiae.length <= limit) return minutiae;
  return [...minutiae].sort((a, b) => b.quality - a.quality).slice(0, limit);
}

function validate(image: GrayImage, options: ExtractOptions): void {
  const { minPpi, maxPpi, maxSide, maxPixels } = EXTRACTOR_PARAMETERS;
  for (const property of ["width", "height"] as const) {
    const value = image[property];
    if (!Number.isInteger(value) || value < 1) {
      throw new ExtractionError(property, `image ${property} must be a positive integer, got ${value}`);
    }
    if (value > maxSide)
      throw new ExtractionError(property, `image ${property} ${value} exceeds the limit of ${maxSide}`);
  }
  if (image.width * image.height > maxPixels) {
    throw new ExtractionError(
      "pixels",
      `image of ${image.width}×${image.height} exceeds the limit of ${maxPixels} pixels`,
    );
  }
  if (!(image.ppi >= minPpi && image.ppi <= maxPpi)) {
    throw new ExtractionError("ppi", `resolution ${image.ppi} ppi is outside ${minPpi}..${maxPpi}`);
  }
  if (image.pixels.length !== image.width * image.height) {
    throw new ExtractionError(
      "pixels",
      `expected ${image.width * image.height} pixels for ${image.width}×${image.height}, got ${image.pixels.length}`,
    );
  }
  const cap = options.maxMinutiae;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 0)) {
    throw new ExtractionError("maxMinutiae", `must be a non-negative integer, got ${cap}`);
  }
  const scale = ENGINE_PPI / image.ppi;
  if (image.width * image.height * scale * scale > maxPixels) {
    throw new ExtractionError(
      "ppi",
      `at ${image.ppi} ppi the image would exceed ${maxPixels} pixels at 500 ppi`,
    );
  }
  const scaled = Math.max(image.width, image.height) * scale;
  if (scaled > maxSide) {
    throw new ExtractionError(
      "ppi",
      `at ${image.ppi} ppi the image would be ${Math.round(scaled)} pixels wide at 500 ppi, over ${maxSide}`,
    );
  }
}
