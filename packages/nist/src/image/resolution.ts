/**
 * Fingerprint scanners work at 500 or 1000 ppi; files often carry placeholder resolutions (72 or 96 dpi,
 * as the FVC TIFFs do). A declared resolution is trusted only inside this range.
 */
const MIN_PLAUSIBLE_PPI = 250;
const MAX_PLAUSIBLE_PPI = 4000;

/** The resolution assumed when neither the caller nor a plausible file header gives one. */
export const DEFAULT_PPI = 500;

/** The caller's ppi wins; else the file's declared ppi when plausible; else 500. */
export function chooseResolution(requested: number | undefined, declared: number | undefined): number {
  if (requested !== undefined) return requested;
  if (declared !== undefined && declared >= MIN_PLAUSIBLE_PPI && declared <= MAX_PLAUSIBLE_PPI) {
    return Math.round(declared);
  }
  return DEFAULT_PPI;
}

export const INCHES_PER_METRE = 39.3700787;
