import { createRequire } from "node:module";
import { US_STATES, type UsState } from "./data/us-states.js";

/** A county or county equivalent (parish, borough, census area, independent city, municipio). */
export interface County {
  /** Five-digit FIPS code (state + county). */
  readonly fips: string;
  /** The name as the Census cartographic files give it ("Harris"). */
  readonly name: string;
  /** The name with its kind ("Harris County", "Orleans Parish", "Richmond city"). */
  readonly fullName: string;
  /** Postal code of the state. */
  readonly state: string;
  /**
   * A population proxy: the summed population of GeoNames places of 1,000 or more inhabitants inside the
   * county, at least 1,000 (see scripts/build-county-population-proxy.ts). Drives booking volume only.
   */
  readonly population: number;
  /** 1-based position of the county in its state's alphabetical list, the NCIC ORI county number. */
  readonly ordinal: number;
}

interface AtlasGeometry {
  readonly id?: unknown;
  readonly properties?: { readonly name?: unknown };
}

const require = createRequire(import.meta.url);
/** States with independent cities, whose FIPS county codes run from 500 up. */
const INDEPENDENT_CITY_STATES = new Set(["VA", "MD", "MO", "NV"]);

function fullNameOf(name: string, state: string, fips: string): string {
  if (state === "DC" || state === "AK" || name.endsWith(" City")) return name;
  if (state === "LA") return `${name} Parish`;
  if (state === "PR") return `${name} Municipio`;
  if (INDEPENDENT_CITY_STATES.has(state) && Number(fips.slice(2)) >= 500) return `${name} city`;
  return `${name} County`;
}
let cached: readonly County[] | undefined;

/**
 * Every county of the states in US_STATES, from the Census cartographic boundaries packaged as `us-atlas`
 * (FIPS ids and names) plus Tenprint's population proxy. Loaded once, then shared (the data are frozen).
 */
export function loadCounties(): readonly County[] {
  if (cached) return cached;
  const atlas = require("us-atlas/counties-10m.json") as {
    objects?: { counties?: { geometries?: readonly AtlasGeometry[] } };
  };
  const populations = require("./data/county-population-proxy.json") as Record<string, number>;
  const geometries = atlas.objects?.counties?.geometries;
  if (!Array.isArray(geometries))
    throw new Error("us-atlas counties-10m.json has no objects.counties.geometries");
  const byFips = new Map<string, UsState>(US_STATES.map((state) => [state.fips, state]));
  const rows: Omit<County, "ordinal">[] = [];
  for (const geometry of geometries) {
    const fips = typeof geometry.id === "string" ? geometry.id : "";
    const name = geometry.properties?.name;
    const state = byFips.get(fips.slice(0, 2));
    if (!state || typeof name !== "string" || !/^\d{5}$/.test(fips)) continue;
    const fullName = fullNameOf(name, state.postal, fips);
    rows.push({ fips, name, fullName, state: state.postal, population: populations[fips] ?? 1_000 });
  }
  const ordinals = new Map<string, number>();
  const counties = rows
    .sort(
      (a, b) =>
        a.state.localeCompare(b.state) ||
        a.fullName.localeCompare(b.fullName) ||
        a.fips.localeCompare(b.fips),
    )
    .map((row) => {
      const ordinal = (ordinals.get(row.state) ?? 0) + 1;
      ordinals.set(row.state, ordinal);
      return Object.freeze({ ...row, ordinal });
    });
  cached = Object.freeze(counties);
  return cached;
}
