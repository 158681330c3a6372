import { createRequire } from "node:module";
import { geoAlbersUsa, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

/**
 * A county map of one quantity (here the IDENT match rate since activation) as a standalone SVG: the
 * counties of every state whose county FIPS codes appear, from the Census boundaries packaged as
 * `us-atlas`, projected with d3-geo's Albers USA fitted to them. Jurisdictions are keyed by their county
 * FIPS code; counties with no value are drawn grey and named "not activated" in the legend.
 */

export interface CountyValue {
  /** Five-digit county FIPS code (the hub's jurisdiction id for a county). */
  readonly fips: string;
  readonly name: string;
  /** A rate from 0 to 1; null when there is nothing to show (not activated, no searches). */
  readonly value: number | null;
  /** The rate's denominator: below the map's minimum the county is hatched, not coloured. */
  readonly denominator: number;
}

type CountyProperties = { name: string };

let counties: GeoJSON.FeatureCollection<GeoJSON.Geometry, CountyProperties> | undefined;

function countyFeatures(): GeoJSON.FeatureCollection<GeoJSON.Geometry, CountyProperties> {
  if (!counties) {
    const require = createRequire(import.meta.url);
    const atlas = require("us-atlas/counties-10m.json") as Topology<{
      counties: GeometryCollection<CountyProperties>;
    }>;
    counties = feature(atlas, atlas.objects.counties) as GeoJSON.FeatureCollection<
      GeoJSON.Geometry,
      CountyProperties
    >;
  }
  return counties;
}

const LOW = [239, 243, 255];
const HIGH = [8, 69, 148];
const MISSING = "#d9d9d9";
const FEW = "url(#few)";

function colour(t: number): string {
  const mix = (i: number) => Math.round(LOW[i]! + (HIGH[i]! - LOW[i]!) * Math.min(1, Math.max(0, t)));
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

export interface CountyMapOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  /** How the legend names the value, e.g. "IDENT match rate". */
  readonly legend: string;
  /**
   * Counties whose rate rests on fewer cases are drawn hatched: one match in one search would otherwise
   * be the darkest county on the map.
   */
  readonly minDenominator: number;
}

/** The SVG, or null when no value names a county the atlas knows. */
export function countyMapSvg(values: readonly CountyValue[], options: CountyMapOptions): string | null {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const states = new Set(values.filter((v) => /^\d{5}$/.test(v.fips)).map((v) => v.fips.slice(0, 2)));
  const shown = countyFeatures().features.filter((f) => states.has(String(f.id).slice(0, 2)));
  if (shown.length === 0) return null;
  const byFips = new Map(values.map((v) => [v.fips, v]));
  const legendHeight = 46;
  const projection = geoAlbersUsa().fitExtent(
    [
      [8, 28],
      [width - 8, height - legendHeight],
    ],
    { type: "FeatureCollection", features: shown },
  );
  const path = geoPath(projection);
  const max = Math.max(
    0,
    ...values.filter((v) => v.denominator >= options.minDenominator).map((v) => v.value ?? 0),
  );
  const scaleMax = max > 0 ? max : 1;
  const shapes = shown
    .map((f) => {
      const d = path(f);
      if (!d) return "";
      const v = byFips.get(String(f.id));
      const none = v?.value === null || v?.value === undefined;
      const few = !none && (v?.denominator ?? 0) < options.minDenominator;
      const fill = none ? MISSING : few ? FEW : colour((v?.value ?? 0) / scaleMax);
      const label = `${v?.name ?? f.properties.name}: ${none ? "not activated or no searches" : `${((v?.value ?? 0) * 100).toFixed(1)} % of ${v?.denominator}`}`;
      return `<path d="${d}" fill="${fill}" stroke="#ffffff" stroke-width="0.5"><title>${escapeXml(label)}</title></path>`;
    })
    .join("");
  const steps = 5;
  const swatches = Array.from({ length: steps }, (_, i) => {
    const x = 8 + i * 70;
    const t = (i + 0.5) / steps;
    return `<rect x="${x}" y="${height - 30}" width="70" height="12" fill="${colour(t)}"/><text x="${x}" y="${height - 6}" font-size="10">${((i / steps) * scaleMax * 100).toFixed(1)}–${(((i + 1) / steps) * scaleMax * 100).toFixed(1)} %</text>`;
  }).join("");
  const missing = `<rect x="${8 + steps * 70 + 16}" y="${height - 30}" width="12" height="12" fill="${MISSING}"/><text x="${8 + steps * 70 + 32}" y="${height - 20}" font-size="10">not activated / no searches</text><rect x="${8 + steps * 70 + 16}" y="${height - 14}" width="12" height="12" fill="${FEW}" stroke="#999" stroke-width="0.5"/><text x="${8 + steps * 70 + 32}" y="${height - 4}" font-size="10">fewer than ${options.minDenominator} searches</text>`;
  const pattern = `<defs><pattern id="few" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9e9e9e" stroke-width="1.5"/></pattern></defs>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}" font-family="Liberation Sans, Arial, sans-serif">`,
    pattern,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="13" font-weight="bold">${escapeXml(options.title)}</text>`,
    shapes,
    `<text x="8" y="${height - 36}" font-size="10">${escapeXml(options.legend)}</text>`,
    swatches,
    missing,
    "</svg>",
  ].join("");
}
