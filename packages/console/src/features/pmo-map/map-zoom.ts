/**
 * The PMO map's zoom to one state: pure geometry over the map's 975 × 610 frame, so the same numbers are
 * drawn, tested and read back from the SVG.
 */
export interface StateArea {
  /** Two-digit FIPS code, the first two digits of its counties' codes. */
  readonly fips: string;
  readonly name: string;
  /** Bounding box in the map's frame: [x0, y0, x1, y1]. */
  readonly box: readonly [number, number, number, number];
}

/** Scale about the frame's origin, then translate: `translate(x, y) scale(k)`. */
export interface ZoomTransform {
  readonly k: number;
  readonly x: number;
  readonly y: number;
}

export const WHOLE_COUNTRY: ZoomTransform = { k: 1, x: 0, y: 0 };

/** Share of the frame the state fills (the rest is a margin that shows its neighbours). */
const FILL = 0.9;
/** Rhode Island or DC at full frame would be one blurred county; beyond this a state stays small. */
const MAX_SCALE = 14;

/** The transform that centres `box` in the frame at the largest scale that fits it with a margin. */
export function zoomTo(
  box: readonly [number, number, number, number],
  frame: { readonly width: number; readonly height: number },
): ZoomTransform {
  const [x0, y0, x1, y1] = box;
  const width = Math.max(x1 - x0, 1e-6);
  const height = Math.max(y1 - y0, 1e-6);
  const k = Math.min(MAX_SCALE, (FILL * frame.width) / width, (FILL * frame.height) / height);
  return {
    k,
    x: frame.width / 2 - k * ((x0 + x1) / 2),
    y: frame.height / 2 - k * ((y0 + y1) / 2),
  };
}

/** A county's state: the first two digits of its five-digit FIPS code. */
export function stateFipsOfCounty(countyFips: string): string {
  return countyFips.slice(0, 2);
}

/**
 * Postal code → state FIPS, learned from the jurisdictions that are counties (their ids are FIPS codes).
 * The hub names states by postal code; the map's outlines by FIPS. A state with no county in the
 * programme is absent: it can still be zoomed to on the map, by its FIPS code.
 */
export function stateFipsByPostal(
  jurisdictions: readonly { readonly state: string; readonly countyFips: string | null }[],
): Map<string, string> {
  const byPostal = new Map<string, string>();
  for (const { state, countyFips } of jurisdictions)
    if (countyFips && !byPostal.has(state)) byPostal.set(state, stateFipsOfCounty(countyFips));
  return byPostal;
}
