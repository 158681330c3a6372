import type { ExtractorParameters } from "./extractor-parameters.js";

/**
 * Ridge clarity per cell, 0–1: how parallel the ridges are (coherence) times how much contrast they
 * have, both saturating at values typical of a clean print.
 */
export function computeCellQuality(
  coherence: Float32Array,
  contrast: Float32Array,
  mask: Uint8Array,
  parameters: ExtractorParameters,
): Float32Array {
  const quality = new Float32Array(coherence.length);
  for (let i = 0; i < quality.length; i++) {
    if (!mask[i]) continue;
    const clear = Math.min(1, coherence[i]! / parameters.fullCoherence);
    const contrasty = Math.min(1, contrast[i]! / parameters.fullContrast);
    quality[i] = clear * contrasty;
  }
  return quality;
}

/**
 * `imageQuality`, 0–100: mean ridge clarity over the foreground, scaled down when the foreground is
 * smaller than a typical full impression. A simple, documented heuristic — not NFIQ 2 and not
 * calibrated to it.
 */
export function computeImageQuality(
  cellQuality: Float32Array,
  mask: Uint8Array,
  cellSize: number,
  parameters: ExtractorParameters,
): number {
  let sum = 0;
  let cells = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    sum += cellQuality[i]!;
    cells++;
  }
  if (cells === 0) return 0;
  const coverage = Math.min(1, (cells * cellSize * cellSize) / parameters.fullForegroundArea);
  return Math.round(100 * (sum / cells) * Math.sqrt(coverage));
}
