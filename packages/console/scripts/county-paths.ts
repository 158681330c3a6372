import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

/**
 * The PMO map's county outlines as SVG path strings, made once at build time from us-atlas's boundaries
 * already projected to Albers USA (975 × 610). The browser then only parses a JSON file and draws:
 * converting TopoJSON and building 3,000 paths took most of the map's time in the browser.
 * Coordinates are rounded to 0.1 of the 975-unit frame, well below a pixel at 1920 wide.
 */
export interface CountyPathsFile {
  readonly width: number;
  readonly height: number;
  /**
   * Every county of a state as one path, [state FIPS, path]: what the map draws beneath the programme's
   * counties. The browser joined 3,000 county paths into these on every map load.
   */
  readonly stateCounties: readonly (readonly [string, string])[];
  /**
   * [FIPS, name, index into stateCounties, start, end, centroid x, centroid y] per county: its path is
   * characters start–end of its state's path. The centroid places a facility's point.
   */
  readonly counties: readonly (readonly [string, string, number, number, number, number, number])[];
  readonly states: string;
  /** [FIPS, name, x0, y0, x1, y1] per state: the box the map zooms to when the state is chosen. */
  readonly stateAreas: readonly (readonly [string, string, number, number, number, number])[];
}

type Atlas = Topology<{
  counties: GeometryCollection<{ name: string }>;
  states: GeometryCollection<{ name: string }>;
}>;

let made: { json: string; hash: string } | undefined;

export function countyPaths(): { json: string; hash: string } {
  if (made) return made;
  const atlas = createRequire(import.meta.url)("us-atlas/counties-albers-10m.json") as Atlas;
  const path = geoPath().digits(1);
  const stateCounties: [string, string][] = [];
  const stateIndex = new Map<string, number>();
  const counties = feature(atlas, atlas.objects.counties).features.map((county) => {
    const fips = String(county.id);
    const d = path(county) ?? "";
    const state = fips.slice(0, 2);
    let index = stateIndex.get(state);
    if (index === undefined) {
      index = stateCounties.push([state, ""]) - 1;
      stateIndex.set(state, index);
    }
    const entry = stateCounties[index]!;
    const start = entry[1].length;
    entry[1] += d;
    const [x, y] = path.centroid(county);
    return [
      fips,
      county.properties?.name ?? fips,
      index,
      start,
      start + d.length,
      Math.round(x * 10) / 10,
      Math.round(y * 10) / 10,
    ] as const;
  });
  const file: CountyPathsFile = {
    width: 975,
    height: 610,
    stateCounties,
    counties,
    states: path(mesh(atlas, atlas.objects.states, (a, b) => a !== b)) ?? "",
    stateAreas: feature(atlas, atlas.objects.states).features.map((state) => {
      const [[x0, y0], [x1, y1]] = path.bounds(state);
      const round = (value: number) => Math.round(value * 10) / 10;
      return [
        String(state.id),
        state.properties?.name ?? String(state.id),
        round(x0),
        round(y0),
        round(x1),
        round(y1),
      ] as const;
    }),
  };
  const json = JSON.stringify(file);
  made = { json, hash: createHash("sha256").update(json).digest("hex").slice(0, 10) };
  return made;
}
