/** Explicit limits applied by every template reader so hostile input cannot exhaust memory. */
export const TEMPLATE_LIMITS = {
  /** Largest record accepted, in bytes. */
  maxRecordBytes: 1 << 20,
  /** Most minutiae per finger view (the standard formats store the count in one byte). */
  maxMinutiae: 255,
  /** Most finger views per record. */
  maxFingerViews: 32,
  /** Largest image side in pixels at 500 ppi. */
  maxImageSide: 8192,
} as const;
