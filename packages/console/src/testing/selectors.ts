/**
 * Test ids for what roles and names cannot reach (SVG overlays, the virtualised list), shared by the
 * components and the browser tests. Everything else is found by role and accessible name.
 */
export const SELECTORS = {
  overlayPair: "minutia-pair",
  overlayMinutia: "minutia",
  printPair: "print-pair",
  queueRow: "queue-row",
  decodedImage: "decoded-image",
  timelineStep: "timeline-step",
  holdClock: "hold-clock",
  countyShape: "county",
  facilityPoint: "facility",
} as const;
