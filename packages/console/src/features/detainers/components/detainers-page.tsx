import { DETAINER_ACTIONS_BY_ROLE, type DetainerState, type DetainerStatus } from "@tenprint/hub/domain";
import { useState } from "react";
import { Badge, type Tone } from "../../../components/badge.js";
import { Page } from "../../../components/page.js";
import { EmptyState, ErrorPanel, Loading } from "../../../components/status.js";
import { formatInstant } from "../../../lib/format.js";
import { useMe } from "../../sign-in/api/get-me.js";
import { useDetainerAction, useDetainers } from "../api/detainers.js";
import { ACTION_LABELS } from "../detainer-actions.js";
import { DetainerActions } from "./detainer-actions.js";
import { HoldClock } from "./hold-clock.js";
import "./detainers.css";

const STATUS_TONES: Record<DetainerStatus, Tone> = {
  ISSUED: "info",
  SERVED: "info",
  ACTIVE: "warn",
  RELEASE_DUE: "warn",
  HOLDING: "bad",
  TRANSFERRED: "neutral",
  RELEASED: "good",
  LAPSED: "good",
  LIFTED: "good",
};
const STATUSES = Object.keys(STATUS_TONES) as DetainerStatus[];

/** Detainers the agency is party to, their status, the live hold clock and what the role may do next. */
export function DetainersPage() {
  const me = useMe();
  const [status, setStatus] = useState<string>("");
  const detainers = useDetainers(status || undefined);
  const act = useDetainerAction();
  const items = detainers.data?.items ?? [];
  const role = me.data?.role ?? "";
  return (
    <Page
      title="Detainers"
      subtitle="Newest first. The hold clock counts 48 hours without weekends and federal holidays, in the facility's time zone."
    >
      <div className="toolbar">
        <label htmlFor="detainer-status">Status</label>
        <select id="detainer-status" value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="">all</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replaceAll("_", " ").toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      {detainers.isPending ? <Loading label="Loading the detainers…" /> : null}
      {detainers.isError ? (
        <ErrorPanel error={detainers.error} title="The detainers could not be loaded" />
      ) : null}
      {act.isError ? <ErrorPanel error={act.error} title="The action was not recorded" /> : null}
      {detainers.isSuccess && items.length === 0 ? (
        <EmptyState title="No detainers">None has been lodged that this agency is party to.</EmptyState>
      ) : null}
      {items.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Detainers, newest first</caption>
          <thead>
            <tr>
              <th scope="col">TCN</th>
              <th scope="col">Form</th>
              <th scope="col">Status</th>
              <th scope="col">Booking agency</th>
              <th scope="col">ERO office</th>
              <th scope="col">Issued</th>
              <th scope="col">Hold clock</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((detainer) => {
              const state = detainer.state as unknown as DetainerState;
              return (
                <tr key={detainer.id} data-status={state.status}>
                  <td className="mono">{state.tcn}</td>
                  <td className="mono detainer-form">{state.form}</td>
                  <td>
                    <Badge tone={STATUS_TONES[state.status] ?? "neutral"}>
                      {state.status.replaceAll("_", " ").toLowerCase()}
                    </Badge>
                    {state.redress ? <Badge tone="bad">redress</Badge> : null}
                  </td>
                  <td className="mono">{detainer.leaOri}</td>
                  <td className="mono">{detainer.eroOri}</td>
                  <td>{formatInstant(state.issuedAt)}</td>
                  <td>
                    <HoldClock state={state} />
                  </td>
                  <td>
                    <DetainerActions
                      role={role}
                      state={state}
                      pending={act.isPending && act.variables?.id === detainer.id}
                      onAct={(action) => act.mutate({ id: detainer.id, ...action })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <details className="detainer-roles">
        <summary>Who may do what</summary>
        <dl className="kv">
          {Object.entries(DETAINER_ACTIONS_BY_ROLE).map(([who, actions]) => (
            <div key={who}>
              <dt>{who}</dt>
              <dd>{actions.map((a) => ACTION_LABELS[a]).join(" · ")}</dd>
            </div>
          ))}
        </dl>
      </details>
    </Page>
  );
}
