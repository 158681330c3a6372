import type { DetainerForm, PriorityAssessment } from "@tenprint/hub/domain";
import { useId, useState } from "react";
import { Badge } from "../../../components/badge.js";
import { Page } from "../../../components/page.js";
import { EmptyState, ErrorPanel, Loading } from "../../../components/status.js";
import type { EroReview } from "../../../lib/api/types.js";
import { type EroDecision, useEroDecision, useEroReviews } from "../api/ero-reviews.js";
import "./reviews.css";

const FORMS: readonly DetainerForm[] = ["I-247A", "I-247D", "I-247N", "I-247X", "I-247"];

/** The ERO field office's work: every IAR routed to it, with the priority level and what it rests on. */
export function ReviewsPage() {
  const reviews = useEroReviews();
  const decide = useEroDecision();
  const items = reviews.data?.items ?? [];
  return (
    <Page
      title="ERO reviews"
      subtitle="Immigration alien responses routed to this field office: issue a detainer or decline."
      actions={
        <button
          type="button"
          className="button"
          onClick={() => void reviews.refetch()}
          disabled={reviews.isFetching}
        >
          {reviews.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      }
    >
      {reviews.isPending ? <Loading label="Loading the reviews…" /> : null}
      {reviews.isError ? <ErrorPanel error={reviews.error} title="The reviews could not be loaded" /> : null}
      {decide.isError ? <ErrorPanel error={decide.error} title="The decision was not recorded" /> : null}
      {decide.isSuccess ? (
        <p className="notice notice--good" role="status">
          {decide.data.detainer
            ? `Detainer ${decide.data.detainer.id.slice(0, 8)} issued; find it under Detainers.`
            : "Declined: no detainer."}
        </p>
      ) : null}
      {reviews.isSuccess && items.length === 0 ? (
        <EmptyState title="No review is waiting">
          Every IAR routed to this office has been decided.
        </EmptyState>
      ) : null}
      <ul className="reviews">
        {items.map((item) => (
          <ReviewCard
            key={item.transactionId}
            item={item}
            pending={decide.isPending && decide.variables?.transactionId === item.transactionId}
            onDecide={(decision) => decide.mutate(decision)}
          />
        ))}
      </ul>
    </Page>
  );
}

function ReviewCard({
  item,
  pending,
  onDecide,
}: {
  item: EroReview;
  pending: boolean;
  onDecide: (decision: EroDecision) => void;
}) {
  const id = useId();
  const [form, setForm] = useState<DetainerForm>("I-247A");
  const priority = item.priority as unknown as PriorityAssessment | undefined;
  const transactionId = item.transactionId ?? "";
  const headingId = `${id}-heading`;
  return (
    <li className="review card" aria-labelledby={headingId}>
      <header className="review__header">
        <h2 id={headingId} className="review__title">
          <span className="mono">{item.tcn}</span>
        </h2>
        <Badge tone={priority?.level === 1 ? "bad" : priority?.level ? "warn" : "neutral"}>
          Priority {priority?.label ?? "unknown"}
        </Badge>
        <Badge tone="info">IAR {item.iarStatus}</Badge>
      </header>
      <dl className="kv review__facts">
        <dt>Booking agency</dt>
        <dd className="mono">{item.leaOri}</dd>
        <dt>Detainer basis</dt>
        <dd>{item.detainerBasis ? item.detainerBasis.replaceAll("_", " ").toLowerCase() : "none"}</dd>
        <dt>Rule set</dt>
        <dd>{priority ? `${priority.ruleSet} version ${priority.version}` : "—"}</dd>
        <dt>Why</dt>
        <dd>{priority?.reason ?? "—"}</dd>
        <dt>Basis</dt>
        <dd>{priority?.basis.replaceAll("_", " ").toLowerCase() ?? "—"}</dd>
      </dl>
      <PriorityInputs priority={priority} caption={`Inputs of the priority for ${item.tcn}`} />
      <div className="review__decision">
        <label htmlFor={`${id}-form`}>Form</label>
        <select
          id={`${id}-form`}
          value={form}
          onChange={(event) => setForm(event.target.value as DetainerForm)}
          disabled={pending}
        >
          {FORMS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--primary"
          disabled={pending || !item.detainerBasis}
          title={item.detainerBasis ? undefined : "The LESC determination gives no probable-cause basis"}
          onClick={() => onDecide({ transactionId, issueDetainer: true, form })}
        >
          Issue detainer
        </button>
        <button
          type="button"
          className="button"
          disabled={pending}
          onClick={() => onDecide({ transactionId, issueDetainer: false })}
        >
          Decline
        </button>
      </div>
    </li>
  );
}

function PriorityInputs({
  priority,
  caption,
}: {
  priority: PriorityAssessment | undefined;
  caption: string;
}) {
  const offences = priority?.inputs.offences ?? [];
  const facts = priority?.inputs.facts ?? {};
  const deciding = new Set(priority?.decidingOffences ?? []);
  return (
    <>
      {offences.length > 0 ? (
        <table className="table table--compact">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">NCIC</th>
              <th scope="col">Disposition</th>
              <th scope="col">Severity</th>
              <th scope="col">Sentence</th>
              <th scope="col">Decides</th>
            </tr>
          </thead>
          <tbody>
            {offences.map((offence, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: offences are a fixed list without ids
              <tr key={index}>
                <td className="mono">{offence.ncic}</td>
                <td>{offence.disposition.toLowerCase()}</td>
                <td>{offence.severity?.toLowerCase() ?? "—"}</td>
                <td>{offence.sentenceDays !== undefined ? `${offence.sentenceDays} d` : "—"}</td>
                <td>{deciding.has(offence.ncic) ? "yes" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">No offences in the inputs.</p>
      )}
      {Object.keys(facts).length > 0 ? (
        <p className="hint">
          Facts:{" "}
          {Object.entries(facts)
            .map(([name, value]) => `${name} ${String(value)}`)
            .join(", ")}
        </p>
      ) : null}
    </>
  );
}
