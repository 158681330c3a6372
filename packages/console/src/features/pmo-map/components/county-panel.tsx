import { useId, useState } from "react";
import { Badge } from "../../../components/badge.js";
import { ErrorPanel, Loading } from "../../../components/status.js";
import type { Jurisdiction } from "../../../lib/api/types.js";
import { formatInstant } from "../../../lib/format.js";
import { type ActivationStep, availableSteps, STATUS_APPEARANCE } from "../activation-appearance.js";
import { useActivation, useJurisdiction, usePreferences } from "../api/jurisdictions.js";

const STEP_LABELS: Record<ActivationStep, string> = {
  SCHEDULE: "Schedule",
  DEFER: "Defer",
  ACTIVATE: "Activate",
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** One county: its agencies, receipt preferences, activation history and the next activation steps. */
export function CountyPanel({ ori, canChange }: { ori: string; canChange: boolean }) {
  const detail = useJurisdiction(ori);
  if (detail.isPending) return <Loading label="Loading the county…" />;
  if (detail.isError) return <ErrorPanel error={detail.error} title="The county could not be loaded" />;
  const { jurisdiction, agencies, history } = detail.data;
  return (
    <section className="county-panel" aria-labelledby="county-panel-title">
      <h2 id="county-panel-title">
        {jurisdiction.name}, {jurisdiction.state}
      </h2>
      <p>
        <Badge tone={jurisdiction.activationStatus === "ACTIVATED" ? "good" : "info"}>
          {STATUS_APPEARANCE[jurisdiction.activationStatus].label}
        </Badge>{" "}
        <span className="mono">{jurisdiction.ori}</span>
      </p>
      <dl className="kv">
        <dt>Scheduled for</dt>
        <dd>{jurisdiction.scheduledAt ?? "—"}</dd>
        <dt>Activated</dt>
        <dd>{jurisdiction.activatedAt?.slice(0, 10) ?? "—"}</dd>
        {jurisdiction.deferredReason ? (
          <>
            <dt>Deferred because</dt>
            <dd>{jurisdiction.deferredReason}</dd>
          </>
        ) : null}
        <dt>ERO field office</dt>
        <dd className="mono">{jurisdiction.eroOri ?? "—"}</dd>
      </dl>
      <Preferences jurisdiction={jurisdiction} canChange={canChange} />
      {canChange ? <ActivationSteps jurisdiction={jurisdiction} /> : null}
      <h3>Agencies</h3>
      {agencies.length === 0 ? (
        <p className="hint">No booking agency in the directory.</p>
      ) : (
        <ul className="county-panel__agencies">
          {agencies.map((agency) => (
            <li key={agency.ori}>
              {agency.name} <span className="mono hint">{agency.ori}</span> <Badge>{agency.kind}</Badge>
            </li>
          ))}
        </ul>
      )}
      <h3>Activation history</h3>
      {history.length === 0 ? (
        <p className="hint">No change recorded since the directory was loaded.</p>
      ) : (
        <ol className="county-panel__history">
          {history.map((event) => (
            <li key={event.seq}>
              <strong>{event.action.replace("JURISDICTION_", "").replaceAll("_", " ").toLowerCase()}</strong>{" "}
              {formatInstant(event.at)} <span className="hint">by {event.ori}</span>
              {event.details && Object.keys(event.details).length > 0 ? (
                <span className="mono hint"> {JSON.stringify(event.details)}</span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Preferences({ jurisdiction, canChange }: { jurisdiction: Jurisdiction; canChange: boolean }) {
  const preferences = usePreferences();
  const set = (change: { receiptIdr?: boolean; receiptIar?: boolean }) =>
    preferences.mutate({ ori: jurisdiction.ori, ...change });
  return (
    <fieldset className="county-panel__preferences">
      <legend>Receipt preferences</legend>
      <label>
        <input
          type="checkbox"
          checked={jurisdiction.receiptIdr}
          disabled={!canChange || preferences.isPending}
          onChange={(event) => set({ receiptIdr: event.target.checked })}
        />{" "}
        Receives the IDR
      </label>
      <label>
        <input
          type="checkbox"
          checked={jurisdiction.receiptIar}
          disabled={!canChange || preferences.isPending}
          onChange={(event) => set({ receiptIar: event.target.checked })}
        />{" "}
        Receives the IAR
      </label>
      {preferences.isError ? <ErrorPanel error={preferences.error} title="Not changed" /> : null}
    </fieldset>
  );
}

function ActivationSteps({ jurisdiction }: { jurisdiction: Jurisdiction }) {
  const id = useId();
  const activation = useActivation();
  const steps = availableSteps(jurisdiction, today());
  const [step, setStep] = useState<ActivationStep | undefined>();
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState("");
  const chosen = step && steps.includes(step) ? step : steps[0];
  if (!chosen) return <p className="hint">Activated: no further step.</p>;
  return (
    <form
      className="county-panel__steps"
      aria-label="Activation"
      onSubmit={(event) => {
        event.preventDefault();
        activation.mutate(
          chosen === "DEFER"
            ? { ori: jurisdiction.ori, event: chosen, reason: reason.trim() }
            : { ori: jurisdiction.ori, event: chosen, date },
          { onSuccess: () => setReason("") },
        );
      }}
    >
      <fieldset>
        <legend>Next step</legend>
        {steps.map((s) => (
          <label key={s}>
            <input type="radio" name={`${id}-step`} checked={chosen === s} onChange={() => setStep(s)} />{" "}
            {STEP_LABELS[s]}
          </label>
        ))}
      </fieldset>
      {chosen === "DEFER" ? (
        <>
          <label htmlFor={`${id}-reason`}>Reason</label>
          <input
            id={`${id}-reason`}
            required
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </>
      ) : (
        <>
          <label htmlFor={`${id}-date`}>Date</label>
          <input
            id={`${id}-date`}
            type="date"
            required
            value={date}
            onChange={(event) => setDate(event.target.value)}
          />
        </>
      )}
      <button type="submit" className="button button--primary" disabled={activation.isPending}>
        {STEP_LABELS[chosen]}
      </button>
      {activation.isError ? <ErrorPanel error={activation.error} title="Not changed" /> : null}
    </form>
  );
}
