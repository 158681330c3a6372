import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Badge } from "../../../components/badge.js";
import { Page } from "../../../components/page.js";
import { ErrorPanel, Loading } from "../../../components/status.js";
import { can } from "../../../lib/capabilities.js";
import { useMe } from "../../sign-in/api/get-me.js";
import { countyFipsOf, optsOut, STATUS_APPEARANCE } from "../activation-appearance.js";
import { useFacilities } from "../api/facilities.js";
import { useJurisdictions } from "../api/jurisdictions.js";
import { countyShapesQuery } from "../county-shapes.js";
import { stateFipsByPostal } from "../map-zoom.js";
import { CountyMap, MapLegend } from "./county-map.js";
import { CountyPanel } from "./county-panel.js";
import "./map.css";

/** The programme office's map: every county, its activation status and opt-outs; a county's panel on click. */
export function MapPage() {
  const me = useMe();
  const jurisdictions = useJurisdictions();
  const shapes = useQuery(countyShapesQuery);
  const [selected, setSelected] = useState<string>();
  const [state, setState] = useState("");
  const [zoomed, setZoomed] = useState<string>();
  const items = jurisdictions.data?.items ?? [];
  const states = [...new Set(items.map((j) => j.state))].sort();
  const listed = items.filter((j) => !state || j.state === state);
  const canChange = can(me.data, "POST /v1/jurisdictions/{jurisdictionId}/activation");
  const readsFacilities = can(me.data, "GET /v1/deployment/facilities");
  const facilities = useFacilities(readsFacilities);
  const fipsByPostal = useMemo(
    () => stateFipsByPostal(items.map((j) => ({ state: j.state, countyFips: countyFipsOf(j) }))),
    [items],
  );
  const stateAreas = [...(shapes.data?.stateAreas.values() ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  // The map's zoom and the list's state follow each other: choosing a state in either shows it in both.
  function zoomTo(fips: string | undefined) {
    setZoomed(fips);
    const postal = [...fipsByPostal].find(([, f]) => f === fips)?.[0];
    setState(postal ?? "");
  }
  function filterList(postal: string) {
    setState(postal);
    setZoomed(postal ? fipsByPostal.get(postal) : undefined);
  }
  return (
    <Page
      title="Deployment map"
      subtitle="Every US county by the activation status of its jurisdiction; hatched where a response is declined."
      wide
    >
      {jurisdictions.isError ? (
        <ErrorPanel error={jurisdictions.error} title="The jurisdictions could not be loaded" />
      ) : null}
      {shapes.isError ? <ErrorPanel error={shapes.error} title="The county map could not be loaded" /> : null}
      <div className="map-layout">
        <div className="map-layout__map">
          <div className="map-zoom">
            <label htmlFor="map-zoom">Show</label>
            <select
              id="map-zoom"
              value={zoomed ?? ""}
              onChange={(event) => zoomTo(event.target.value || undefined)}
            >
              <option value="">the whole country</option>
              {stateAreas.map((area) => (
                <option key={area.fips} value={area.fips}>
                  {area.name}
                </option>
              ))}
            </select>
            {zoomed ? (
              <button type="button" onClick={() => zoomTo(undefined)}>
                Whole country
              </button>
            ) : (
              <span className="hint">Click a state to zoom to its counties.</span>
            )}
          </div>
          {shapes.data && jurisdictions.data ? (
            <CountyMap
              shapes={shapes.data}
              jurisdictions={items}
              facilities={facilities.data?.items ?? []}
              selected={selected}
              onSelect={setSelected}
              zoomed={zoomed}
              onZoom={zoomTo}
              complete={!readsFacilities || !facilities.isPending}
            />
          ) : (
            <Loading label="Drawing the counties…" />
          )}
          <MapLegend />
        </div>
        <aside className="map-layout__panel" aria-label="County">
          {selected ? (
            <CountyPanel ori={selected} canChange={canChange} />
          ) : (
            <p className="hint">Choose a county on the map or in the list below.</p>
          )}
        </aside>
      </div>
      <section aria-labelledby="jurisdiction-list-title" className="jurisdiction-list">
        <h2 id="jurisdiction-list-title">Jurisdictions in the programme</h2>
        <div className="toolbar">
          <label htmlFor="map-state">State</label>
          <select id="map-state" value={state} onChange={(event) => filterList(event.target.value)}>
            <option value="">all</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <span className="hint">
            {listed.length} jurisdictions · {listed.filter((j) => j.activationStatus === "ACTIVATED").length}{" "}
            activated · {listed.filter(optsOut).length} opt-outs
          </span>
        </div>
        {jurisdictions.isPending ? <Loading label="Loading the jurisdictions…" /> : null}
        {listed.length > 0 ? (
          <table className="table">
            <caption className="visually-hidden">Jurisdictions, by state and name</caption>
            <thead>
              <tr>
                <th scope="col">Jurisdiction</th>
                <th scope="col">State</th>
                <th scope="col">Status</th>
                <th scope="col">IDR</th>
                <th scope="col">IAR</th>
                <th scope="col">On the map</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((j) => (
                <tr
                  key={j.jurisdictionId}
                  className={j.jurisdictionId === selected ? "is-selected" : undefined}
                >
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={j.jurisdictionId === selected}
                      onClick={() => setSelected(j.jurisdictionId)}
                    >
                      {j.name}
                    </button>
                  </td>
                  <td>{j.state}</td>
                  <td>
                    <Badge tone={j.activationStatus === "ACTIVATED" ? "good" : "info"}>
                      {STATUS_APPEARANCE[j.activationStatus].label}
                    </Badge>
                  </td>
                  <td>{j.receiptIdr ? "receives" : <Badge tone="warn">declines</Badge>}</td>
                  <td>{j.receiptIar ? "receives" : <Badge tone="warn">declines</Badge>}</td>
                  <td className="mono">{countyFipsOf(j) ?? "not a county"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </Page>
  );
}
