import { memo } from "react";
import type { Jurisdiction } from "../../../lib/api/types.js";
import { SELECTORS } from "../../../testing/selectors.js";
import { countyFipsOf, NOT_IN_PROGRAMME, optsOut, STATUS_APPEARANCE } from "../activation-appearance.js";
import type { CountyShapes } from "../county-shapes.js";

/**
 * Every US county as an SVG path, filled by its jurisdiction's activation status, hatched where the
 * jurisdiction declines a response. A county in the programme is clicked to open its panel; keyboard
 * users reach the same panels from the jurisdiction list beside the map (3,000 tab stops would help no one).
 */
export const CountyMap = memo(function CountyMap({
  shapes,
  jurisdictions,
  selected,
  onSelect,
}: {
  shapes: CountyShapes;
  jurisdictions: readonly Jurisdiction[];
  selected: string | undefined;
  onSelect: (ori: string) => void;
}) {
  const byFips = new Map<string, Jurisdiction>();
  for (const j of jurisdictions) {
    const fips = countyFipsOf(j);
    if (fips) byFips.set(fips, j);
  }
  const activated = jurisdictions.filter((j) => j.activationStatus === "ACTIVATED").length;
  return (
    <svg
      className="county-map"
      viewBox={`0 0 ${shapes.width} ${shapes.height}`}
      role="img"
      aria-label={`Map of ${shapes.counties.length.toLocaleString("en-US")} US counties: ${jurisdictions.length} jurisdictions in the programme, ${activated} activated`}
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
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the jurisdiction list beside the map is the keyboard's way to the same panels */}
      <g
        className="county-map__counties"
        onClick={(event) => {
          const ori = (event.target as Element).getAttribute("data-ori");
          if (ori) onSelect(ori);
        }}
      >
        {shapes.counties.map((county) => {
          const j = byFips.get(county.fips);
          const fill = j ? STATUS_APPEARANCE[j.activationStatus].fill : NOT_IN_PROGRAMME.fill;
          return (
            <path
              key={county.fips}
              d={county.d}
              fill={fill}
              data-testid={SELECTORS.countyShape}
              data-fips={county.fips}
              data-status={j?.activationStatus ?? "NONE"}
              className={j ? (j.ori === selected ? "is-selected" : "is-programme") : undefined}
              data-ori={j?.ori}
            >
              {j ? (
                <title>{`${j.name}, ${j.state}: ${STATUS_APPEARANCE[j.activationStatus].label}`}</title>
              ) : null}
            </path>
          );
        })}
      </g>
      <g className="county-map__opt-outs" pointerEvents="none">
        {shapes.counties.map((county) => {
          const j = byFips.get(county.fips);
          return j && optsOut(j) ? (
            <path key={county.fips} d={county.d} fill="url(#opt-out)" data-opt-out={county.fips} />
          ) : null;
        })}
      </g>
      <path className="county-map__states" d={shapes.states} fill="none" pointerEvents="none" />
    </svg>
  );
});

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
    </ul>
  );
}
