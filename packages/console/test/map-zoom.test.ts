import { openingFinger } from "@tenprint/hub/domain";
import { describe, expect, it } from "vitest";
import { stateFipsByPostal, stateFipsOfCounty, zoomTo } from "../src/features/pmo-map/map-zoom.js";

const FRAME = { width: 975, height: 610 };

/** Where a point of the map's frame lands after the zoom. */
const after = (zoom: { k: number; x: number; y: number }, [px, py]: [number, number]): [number, number] => [
  zoom.x + zoom.k * px,
  zoom.y + zoom.k * py,
];

describe("the PMO map's zoom to a state", () => {
  it("centres the state's box and fits it in the frame with a margin", () => {
    // Virginia's box in the build's county-paths file.
    const box = [719.8, 259.1, 862.5, 338.7] as const;
    const zoom = zoomTo(box, FRAME);
    const [x0, y0] = after(zoom, [box[0], box[1]]);
    const [x1, y1] = after(zoom, [box[2], box[3]]);
    expect((x0 + x1) / 2).toBeCloseTo(FRAME.width / 2, 6);
    expect((y0 + y1) / 2).toBeCloseTo(FRAME.height / 2, 6);
    // Width is the binding side for Virginia: 90 % of the frame, the height within it.
    expect(x1 - x0).toBeCloseTo(0.9 * FRAME.width, 6);
    expect(y1 - y0).toBeLessThanOrEqual(0.9 * FRAME.height);
    expect(zoom.k).toBeGreaterThan(6);
  });

  it("fits a tall state by its height and stops enlarging a tiny one", () => {
    const tall = zoomTo([100, 100, 120, 400], FRAME);
    expect(tall.k * 300).toBeCloseTo(0.9 * FRAME.height, 6);
    const tiny = zoomTo([500, 300, 501, 301], FRAME);
    expect(tiny.k).toBe(14);
  });

  it("learns postal code → state FIPS from the jurisdictions that are counties", () => {
    const byPostal = stateFipsByPostal([
      { state: "VA", countyFips: null },
      { state: "VA", countyFips: "51059" },
      { state: "MD", countyFips: "24031" },
      { state: "DC", countyFips: null },
    ]);
    expect([...byPostal]).toEqual([
      ["VA", "51"],
      ["MD", "24"],
    ]);
    expect(stateFipsOfCounty("06037")).toBe("06");
  });
});

describe("the finger an LESC case opens on", () => {
  it("is the one with the most pairs, the first on a tie, none without fingers", () => {
    const finger = (position: number, pairs: number) => ({ position, pairs: Array.from({ length: pairs }) });
    expect(openingFinger([finger(1, 3), finger(2, 9), finger(7, 9), finger(6, 0)])).toBe(2);
    expect(openingFinger([finger(4, 0)])).toBe(4);
    expect(openingFinger([])).toBeUndefined();
  });
});
