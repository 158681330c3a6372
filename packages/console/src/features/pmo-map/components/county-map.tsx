import { type CSSProperties, memo, useMemo } from "react";
import type { Jurisdiction } from "../../../lib/api/types.js";
import { SELECTORS } from "../../../testing/selectors.js";
import { countyFipsOf, NOT_IN_PROGRAMME, optsOut, STATUS_APPEARANCE } from "../activation-appearance.js";
import type { CountyShapes } from "../county-shapes.js";
import { type FacilitySite, facilityPoints } from "../facility-points.js";
import { stateFipsOfCounty, WHOLE_COUNTRY, zoomTo } from "../map-zoom.js";

/**
 * Every US county as an SVG path, filled by its jurisdiction's activation status, hatched where the
 * jurisdiction declines a response. A county in the programme is clicked to open its panel; a click
 * anywhere in a state zooms to it (its counties named on hover, its facilities' points kept a readable
 * size). Keyboard users reach the same panels from the jurisdiction list beside the map and the same zoom
 * from the state picker above it (3,000 tab stops would help no one).
 */
export const CountyMap = memo(function CountyMap({
  shapes,
  jurisdictions,
  facilities = [],
  selected,
  onSelect,
  zoomed,
  onZoom,
  complete = true,
}: {
  shapes: CountyShapes;
  jurisdictions: readonly Jurisdiction[];
  /** State correctional facilities, drawn as points over their county (decision 0012). */
  facilities?: readonly FacilitySite[];
  selected: string | undefined;
  onSelect: (ori: string) => void;
  /** FIPS code of the state the map is zoomed to; the whole country when undefined. */
  zoomed?: string | undefined;
  onZoom?: (stateFips: string) => void;
  /** False while the facilities are still loading: the map is drawn but not yet whole. */
  complete?: boolean;
}) {
  const { byFips, inProgramme } = useMemo(() => {
    const byFips = new Map<string, Jurisdiction>();
    for (const j of jurisdictions) {
      const fips = countyFipsOf(j);
      if (fips) byFips.set(fips, j);
    }
    return { byFips, inProgramme: shapes.counties.filter((county) => byFips.has(county.fips)) };
  }, [shapes, jurisdictions]);
  const points = useMemo(() => facilityPoints(shapes.counties, facilities), [shapes, facilities]);
  const area = zoomed ? shapes.stateAreas.get(zoomed) : undefined;
  const zoom = area ? zoomTo(area.box, shapes) : WHOLE_COUNTRY;
  // Lines and points grow with the square root of the zoom: thin enough to see the counties, not so thin
  // they vanish, never as thick as a plain scale would make them.
  const line = 1 / Math.sqrt(zoom.k);
  // The zoomed state's other counties one by one, so each is named on hover (at most a few hundred).
  const namedOutside = area
    ? shapes.counties.filter(
        (county) => stateFipsOfCounty(county.fips) === area.fips && !byFips.has(county.fips),
      )
    : [];
  const activated = jurisdictions.filter((j) => j.activationStatus === "ACTIVATED").length;
  const facilityHalf = FACILITY_HALF * line;
  const edge = 0.9 * line;
  return (
    <svg
      className="county-map"
      viewBox={`0 0 ${shapes.width} ${shapes.height}`}
      role="img"
      aria-label={`Map of ${shapes.counties.length.toLocaleString("en-US")} US counties${area ? `, zoomed to ${area.name}` : ""}: ${jurisdictions.length} jurisdictions in the programme, ${activated} activated`}
      data-counties={shapes.counties.length}
      data-zoom={area?.fips ?? ""}
      data-complete={complete}
      style={{ "--line": line } as CSSProperties}
    >
      <defs>
        <pattern
          id="opt-out"
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform={`rotate(45) scale(${line})`}
        >
          <rect width="6" height="6" fill="transparent" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#1b2430" strokeWidth="2" />
        </pattern>
      </defs>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the state picker and the jurisdiction list are the keyboard's way to the same zoom and panels */}
      <g
        className="county-map__zoom"
        onClick={(event) => {
          const target = event.target as Element;
          const ori = target.getAttribute("data-ori");
          if (ori) onSelect(ori);
          const state = target.getAttribute("data-state") ?? stateOfCounty(target.getAttribute("data-fips"));
          if (state && state !== zoomed) onZoom?.(state);
        }}
        style={{ transform: `translate(${zoom.x}px, ${zoom.y}px) scale(${zoom.k})` }}
        data-scale={zoom.k.toFixed(3)}
      >
        <g className="county-map__outside">
          {/* Each state's counties as one path, beneath the programme's own (their fills are opaque):
              thousands of elements would cost the browser more than the map shows, and a click on them
              only needs to say which state it fell in. */}
          {shapes.stateCounties.map(({ state, d }) => (
            <path
              key={state}
              d={d}
              fill={NOT_IN_PROGRAMME.fill}
              data-state={state}
              className={area && area.fips !== state ? "is-elsewhere" : undefined}
            />
          ))}
          {namedOutside.map((county) => (
            <path key={county.fips} d={county.d} fill="transparent" data-state={area?.fips}>
              <title>{`${county.name}: ${NOT_IN_PROGRAMME.label.toLowerCase()}`}</title>
            </path>
          ))}
        </g>
        <g className="county-map__counties">
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
        <g className="county-map__facilities">
          {points.map((point) => [
            // A dark edge under a white one: the point stands out on a county of its own colour.
            <rect
              key={`${point.id}-edge`}
              x={point.x - facilityHalf - edge}
              y={point.y - facilityHalf - edge}
              width={(facilityHalf + edge) * 2}
              height={(facilityHalf + edge) * 2}
              transform={`rotate(45 ${point.x} ${point.y})`}
              className="county-map__facility-edge"
              pointerEvents="none"
            />,
            <rect
              key={point.id}
              x={point.x - facilityHalf}
              y={point.y - facilityHalf}
              width={facilityHalf * 2}
              height={facilityHalf * 2}
              transform={`rotate(45 ${point.x} ${point.y})`}
              fill={STATUS_APPEARANCE[point.status].fill}
              data-testid={SELECTORS.facilityPoint}
              data-ori={point.id}
              data-status={point.status}
              className={point.id === selected ? "is-selected" : "is-facility"}
            >
              <title>{`${point.name}: correctional facility, ${STATUS_APPEARANCE[point.status].label}`}</title>
            </rect>,
          ])}
        </g>
      </g>
    </svg>
  );
});

function stateOfCounty(countyFips: string | null): string | null {
  return countyFips ? stateFipsOfCounty(countyFips) : null;
}

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
