import { createRequire } from "node:module";
import { geoCentroid } from "d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

let centroids: Map<string, readonly [number, number]> | undefined;

/**
 * A county's centroid as [longitude, latitude] in degrees, from the Census boundaries packaged as
 * `us-atlas` (the same counties the report's map and the console's map draw); undefined for an unknown
 * FIPS code. A facility is drawn at its county's centroid: the synthetic world has no street addresses.
 */
export function countyCentroid(fips: string): readonly [number, number] | undefined {
  if (!centroids) {
    const require = createRequire(import.meta.url);
    const atlas = require("us-atlas/counties-10m.json") as Topology<{ counties: GeometryCollection }>;
    const collection = feature(atlas, atlas.objects.counties) as GeoJSON.FeatureCollection;
    centroids = new Map();
    for (const county of collection.features) {
      if (typeof county.id !== "string") continue;
      const [lon, lat] = geoCentroid(county);
      centroids.set(county.id, [Math.round(lon * 1e4) / 1e4, Math.round(lat * 1e4) / 1e4]);
    }
  }
  return centroids.get(fips);
}
