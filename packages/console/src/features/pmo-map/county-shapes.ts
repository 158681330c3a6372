import { geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
// The Census county boundaries already projected to Albers USA (975 × 610), fetched only when the map
// is opened: no projection work in the browser, and the shell does not carry 800 kB of geometry.
import atlasUrl from "us-atlas/counties-albers-10m.json?url";

export interface CountyShape {
  readonly fips: string;
  readonly name: string;
  readonly d: string;
}

export interface CountyShapes {
  readonly width: number;
  readonly height: number;
  readonly counties: readonly CountyShape[];
  /** State borders as one path. */
  readonly states: string;
}

type Atlas = Topology<{
  counties: GeometryCollection<{ name: string }>;
  states: GeometryCollection<{ name: string }>;
}>;

let shapes: Promise<CountyShapes> | undefined;

/** Every county's outline as an SVG path, loaded once per page. */
export function loadCountyShapes(): Promise<CountyShapes> {
  shapes ??= fetch(atlasUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`the county map could not be loaded (${response.status})`);
      return response.json() as Promise<Atlas>;
    })
    .then((atlas) => {
      const path = geoPath();
      const counties = feature(atlas, atlas.objects.counties).features.map((county) => ({
        fips: String(county.id),
        name: county.properties?.name ?? String(county.id),
        d: path(county) ?? "",
      }));
      const states = path(mesh(atlas, atlas.objects.states, (a, b) => a !== b)) ?? "";
      return { width: 975, height: 610, counties, states };
    })
    .catch((error: unknown) => {
      shapes = undefined;
      throw error;
    });
  return shapes;
}
