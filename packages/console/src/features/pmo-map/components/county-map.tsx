import { memo, useMemo } from "react";
import type { Jurisdiction } from "../../../lib/api/types.js";
import { SELECTORS } from "../../../testing/selectors.js";
import { countyFipsOf, NOT_IN_PROGRAMME, optsOut, STATUS_APPEARANCE } from "../activation-appearance.js";
import type { CountyShapes } from "../county-shapes.js";
import { type FacilitySite, facilityPoints } from "../facility-points.js";

/**
 * Every US county as an SVG path, filled by its jurisdiction's activation status, hatched where the
 * jurisdiction declines a response. A county in the programme is clicked to open its panel; keyboard
 * users reach the same panels from the jurisdiction list beside the map (3,000 tab stops would help no one).
 */
export const CountyMap = memo(function CountyMap({
  shapes,
  jurisdictions,
  facilities = [],
  selected,
  onSelect,
}: {
  shapes: CountyShapes;
  jurisdictions: readonly Jurisdiction[];
  /** State correctional facilities, drawn as points over their county (decision 0012). */
  facilities?: readonly FacilitySite[];
  selected: string | undefined;
  onSelect: (ori: string) => void;
}) {
  const { byFips, outside, inProgramme } = useMemo(() => {
    const byFips = new Map<string, Jurisdiction>();
    for (const j of jurisdictions) {
      const fips = countyFipsOf(j);
      if (fips) byFips.set(fips, j);
    }
    // Counties outside the programme are one path: thousands of elements would cost the browser more
    // than the map shows, and none of them can be clicked.
    const outside = shapes.counties
      .filter((county) => !byFips.has(county.fips))
      .map((county) => county.d)
      .join("");
    const inProgramme = shapes.counties.filter((county) => byFips.has(county.fips));
    return { byFips, outside, inProgramme };
  }, [shapes, jurisdictions]);
  const points = useMemo(() => facilityPoints(shapes.counties, facilities), [shapes, facilities]);
  const activated = jurisdictions.filter((j) => j.activationStatus === "ACTIVATED").length;
  return (
    <svg
      className="county-map"
      viewBox={`0 0 ${shapes.width} ${shapes.height}`}
      role="img"
      aria-label={`Map of ${shapes.counties.length.toLocaleString("en-US")} US counties: ${jurisdictions.length} jurisdictions in the programme, ${activated} activated`}
      data-counties={shapes.counties.length}
    >
      <defs>
        <pattern
          id="opt-out"
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="6" height="6" fill="transparent" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#1b2430" strokeWidth="2" />
        </pattern>
      </defs>
      <path className="county-map__outside" d={outside} fill={NOT_IN_PROGRAMME.fill} pointerEvents="none" />
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the jurisdiction list beside the map is the keyboard's way to the same panels */}
      <g
        className="county-map__counties"
        onClick={(event) => {
          const ori = (event.target as Element).getAttribute("data-ori");
          if (ori) onSelect(ori);
        }}
      >
        {inProgramme.map((county) => {
          const j = byFips.get(county.fips)!;
          return (
            <path
              key={county.fips}
              d={county.d}
              fill={STATUS_APPEARANCE[j.activationStatus].fill}
              data-testid={SELECTORS.countyShape}
              data-fips={county.fips}
              data-status={j.activationStatus}
              data-ori={j.jurisdictionId}
              className={j.jurisdictionId === selected ? "is-selected" : "is-programme"}
            >
              <title>{`${j.name}, ${j.state}: ${STATUS_APPEARANCE[j.activationStatus].label}`}</title>
            </path>
          );
        })}
      </g>
      <g className="county-map__opt-outs" pointerEvents="none">
        {inProgramme.map((county) =>
          optsOut(byFips.get(county.fips)!) ? (
            <path key={county.fips} d={county.d} fill="url(#opt-out)" data-opt-out={county.fips} />
          ) : null,
        )}
      </g>
      <path className="county-map__states" d={shapes.states} fill="none" pointerEvents="none" />
      {/* biome-ignore lint/a11y/noStaticElementInteractions: as the counties above; facilities are in the jurisdiction list too */}
      <g
        className="county-map__facilities"
        onClick={(event) => {
          const ori = (event.target as Element).getAttribute("data-ori");
          if (ori) onSelect(ori);
        }}
      >
        {points.map((point) => (
          <rect
            key={point.id}
            x={point.x - FACILITY_HALF}
            y={point.y - FACILITY_HALF}
            width={FACILITY_HALF * 2}
            height={FACILITY_HALF * 2}
            transform={`rotate(45 ${point.x} ${point.y})`}
            fill={STATUS_APPEARANCE[point.status].fill}
            data-testid={SELECTORS.facilityPoint}
            data-ori={point.id}
            data-status={point.status}
            className={point.id === selected ? "is-selected" : "is-facility"}
          >
            <title>{`${point.name}: correctional facility, ${STATUS_APPEARANCE[point.status].label}`}</title>
          </rect>
        ))}
      </g>
    </svg>
  );
});

/** Half the side of a facility's diamond, in the map's 975-unit frame. */
const FACILITY_HALF = 3;

export function MapLegend() {
  return (
    <ul className="map-legend" aria-label="Legend">
      {Object.values(STATUS_APPEARANCE).map((entry) => (
        <li key={entry.label}>
          <span className="map-legend__swatch" style={{ background: entry.fill }} aria-hidden="true" />
          {entry.label}
        </li>
      ))}
      <li>
        <span
          className="map-legend__swatch"
          style={{ background: NOT_IN_PROGRAMME.fill }}
          aria-hidden="true"
        />
        {NOT_IN_PROGRAMME.label}
      </li>
      <li>
        <span className="map-legend__swatch map-legend__swatch--hatched" aria-hidden="true" />
        Declines the IDR or IAR (receipt opt-out)
      </li>
      <li>
        <span className="map-legend__swatch map-legend__swatch--facility" aria-hidden="true" />
        State correctional facility (coloured by its own activation)
      </li>
    </ul>
  );
}
