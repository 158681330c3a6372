/**
 * The shared vocabulary of the engine. Every stage works in a 500 ppi frame: extraction rescales images
 * of other resolutions, template import rescales foreign templates, so distances mean the same thing
 * everywhere.
 */

export type MinutiaType = "ending" | "bifurcation" | "other";

export interface Minutia {
  /** Column in pixels at 500 ppi, 0 = left edge. */
  readonly x: number;
  /** Row in pixels at 500 ppi, 0 = top edge (image coordinates, y grows downwards). */
  readonly y: number;
  /**
   * Direction in radians, [0, 2π), measured counter-clockwise from the +x axis as seen on screen
   * (so with y growing downwards a direction θ points to (cos θ, −sin θ)), as ISO/IEC 19794-2 defines
   * the minutia angle.
   */
  readonly direction: number;
  readonly type: MinutiaType;
  /** Reliability 0–100 (ISO/IEC 19794-2 minutia quality); 0 = unknown. */
  readonly quality: number;
}

/** Minutiae of one finger impression in the 500 ppi frame. */
export interface FingerprintTemplate {
  /** Size of the impression in pixels at 500 ppi. */
  readonly width: number;
  readonly height: number;
  readonly minutiae: readonly Minutia[];
  /** Image quality 0–100 from the extractor (0 when unknown, as for imported templates). */
  readonly quality: number;
}

/** The standard resolution of the engine's frame. */
export const ENGINE_PPI = 500;
