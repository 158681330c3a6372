// The county outlines as SVG paths, made at build time (scripts/county-paths.ts) and fetched only when
// the map opens: the shell does not carry them, and the browser does no projection or TopoJSON work.
import countyPathsUrl from "virtual:county-paths";

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

interface CountyPathsFile {
  readonly width: number;
  readonly height: number;
  readonly counties: readonly (readonly [string, string, string])[];
  readonly states: string;
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
      counties: file.counties.map(([fips, name, d]) => ({ fips, name, d })),
      states: file.states,
    }))
    .catch((error: unknown) => {
      shapes = undefined;
      throw error;
    });
  return shapes;
}
