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
  /** [FIPS, name, path, centroid x, centroid y] per county; the centroid places a facility's point. */
  readonly counties: readonly (readonly [string, string, string, number, number])[];
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
  const file: CountyPathsFile = {
    width: 975,
    height: 610,
    counties: feature(atlas, atlas.objects.counties).features.map((county) => {
      const [x, y] = path.centroid(county);
      return [
        String(county.id),
        county.properties?.name ?? String(county.id),
        path(county) ?? "",
        Math.round(x * 10) / 10,
        Math.round(y * 10) / 10,
      ] as const;
    }),
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
