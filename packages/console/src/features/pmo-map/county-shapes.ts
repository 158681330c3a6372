// The county outlines as SVG paths, made at build time (scripts/county-paths.ts) and fetched only when
// the map opens: the shell does not carry them, and the browser does no projection or TopoJSON work.

import countyPathsUrl from "virtual:county-paths";
import { queryOptions } from "@tanstack/react-query";
import type { StateArea } from "./map-zoom.js";

export interface CountyShape {
  readonly fips: string;
  readonly name: string;
  readonly d: string;
  /** The outline's centroid in the map's frame, where a facility in the county is drawn. */
  readonly centroid: readonly [number, number];
}

export interface CountyShapes {
  readonly width: number;
  readonly height: number;
  readonly counties: readonly CountyShape[];
  /** Every county of a state as one path, by state FIPS: drawn beneath the programme's counties. */
  readonly stateCounties: readonly { readonly state: string; readonly d: string }[];
  /** State borders as one path. */
  readonly states: string;
  /** Every state's name and box, by FIPS code: what the map zooms to. */
  readonly stateAreas: ReadonlyMap<string, StateArea>;
}

interface CountyPathsFile {
  readonly width: number;
  readonly height: number;
  readonly stateCounties: readonly (readonly [string, string])[];
  readonly counties: readonly (readonly [string, string, number, number, number, number, number])[];
  readonly states: string;
  readonly stateAreas: readonly (readonly [string, string, number, number, number, number])[];
}

let shapes: Promise<CountyShapes> | undefined;

/** Every county's outline, loaded once per page. */
export function loadCountyShapes(): Promise<CountyShapes> {
  shapes ??= fetch(countyPathsUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`the county map could not be loaded (${response.status})`);
      return response.json() as Promise<CountyPathsFile>;
    })
    .then((file) => ({
      width: file.width,
      height: file.height,
      // A county's path is a slice of its state's: no copy of the outlines is made.
      counties: file.counties.map(([fips, name, state, start, end, x, y]) => ({
        fips,
        name,
        d: file.stateCounties[state]![1].slice(start, end),
        centroid: [x, y] as const,
      })),
      stateCounties: file.stateCounties.map(([state, d]) => ({ state, d })),
      states: file.states,
      stateAreas: new Map(
        file.stateAreas.map(([fips, name, x0, y0, x1, y1]) => [
          fips,
          { fips, name, box: [x0, y0, x1, y1] as const },
        ]),
      ),
    }))
    .catch((error: unknown) => {
      shapes = undefined;
      throw error;
    });
  return shapes;
}

/** The outlines as a query: started by the map route's loader, read by the map. */
export const countyShapesQuery = queryOptions({
  queryKey: ["county-shapes"],
  queryFn: loadCountyShapes,
  staleTime: Number.POSITIVE_INFINITY,
});
