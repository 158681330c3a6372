import type { ActivationStatus } from "./activation-appearance.js";
import type { CountyShape } from "./county-shapes.js";

/** What the map needs of a correctional facility (`GET /v1/deployment/facilities`). */
export interface FacilitySite {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly countyFips?: string | null;
  readonly status: ActivationStatus;
}

export interface FacilityPoint {
  readonly id: string;
  readonly name: string;
  readonly status: ActivationStatus;
  readonly x: number;
  readonly y: number;
}

/**
 * Facilities placed at their county's centroid in the map's frame; a facility without a county on the map
 * has no point (it stays in the jurisdiction list). Facilities in one county are fanned out on a small
 * circle so each can be seen and clicked.
 */
export function facilityPoints(
  counties: readonly Pick<CountyShape, "fips" | "centroid">[],
  facilities: readonly FacilitySite[],
): FacilityPoint[] {
  const centroid = new Map(counties.map((county) => [county.fips, county.centroid]));
  const byCounty = new Map<string, FacilitySite[]>();
  for (const facility of facilities) {
    if (!facility.countyFips || !centroid.has(facility.countyFips)) continue;
    const list = byCounty.get(facility.countyFips) ?? [];
    list.push(facility);
    byCounty.set(facility.countyFips, list);
  }
  const points: FacilityPoint[] = [];
  for (const [fips, list] of byCounty) {
    const [cx, cy] = centroid.get(fips)!;
    const spread = list.length > 1 ? FAN_RADIUS : 0;
    list.forEach((facility, index) => {
      const angle = (2 * Math.PI * index) / list.length;
      points.push({
        id: facility.id,
        name: facility.name,
        status: facility.status,
        x: Math.round((cx + spread * Math.cos(angle)) * 10) / 10,
        y: Math.round((cy + spread * Math.sin(angle)) * 10) / 10,
      });
    });
  }
  return points;
}

/** In the map's 975-unit frame: enough to separate two 4-unit points, within a typical county. */
const FAN_RADIUS = 5;
