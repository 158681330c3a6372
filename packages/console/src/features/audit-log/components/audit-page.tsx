import { type FormEvent, useState } from "react";
import { Badge } from "../../../components/badge.js";
import { Page } from "../../../components/page.js";
import { EmptyState, ErrorPanel, Loading } from "../../../components/status.js";
import type { AuditEvent, AuditVerification } from "../../../lib/api/types.js";
import { formatInstant } from "../../../lib/format.js";
import { AUDIT_PAGE_SIZE, type AuditFilter, EMPTY_FILTER, useAudit, useVerifyChain } from "../api/audit.js";
import "./audit.css";

const FIELDS: readonly { key: keyof AuditFilter; label: string; placeholder: string }[] = [
  { key: "object", label: "Object", placeholder: "transaction:…, detainer:…, jurisdiction:…" },
  { key: "ori", label: "ORI", placeholder: "VA0590100" },
  { key: "action", label: "Action", placeholder: "DETAINER_ISSUED" },
  { key: "actor", label: "Actor", placeholder: "apikey:…" },
];

/** A datetime-local value (the auditor's zone) as an ISO instant, or "" when empty or invalid. */
function instantOf(local: string): string {
  if (!local) return "";
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

/**
 * The auditor's view of the hash-chained log: filter by object, ORI, action, actor and time; one object's
 * history by clicking it; verify the whole chain and, when it is broken, see the first bad link.
 */
export function AuditPage() {
  const [draft, setDraft] = useState<AuditFilter>(EMPTY_FILTER);
  const [filter, setFilter] = useState<AuditFilter>(EMPTY_FILTER);
  const [pages, setPages] = useState<number[]>([0]);
  const afterSeq = pages[pages.length - 1] ?? 0;
  const audit = useAudit(filter, afterSeq);
  const verify = useVerifyChain();

  function apply(next: AuditFilter) {
    setDraft(next);
    setFilter({ ...next, from: instantOf(next.from), to: instantOf(next.to) });
    setPages([0]);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    apply(draft);
  }
  const items = audit.data?.items ?? [];
  const next = audit.data?.nextAfterSeq;

  return (
    <Page
      title="Audit log"
      subtitle="Every search, disclosure and change, hash-chained. Oldest first."
      wide
      actions={
        <button
          type="button"
          className="button button--primary"
          onClick={() => verify.mutate()}
          disabled={verify.isPending}
        >
          {verify.isPending ? "Verifying…" : "Verify chain"}
        </button>
      }
    >
      {verify.isError ? <ErrorPanel error={verify.error} title="The chain could not be verified" /> : null}
      {verify.data ? <Verification result={verify.data} onShow={(seq) => showAround(seq)} /> : null}
      <form className="audit-filter" onSubmit={submit} aria-label="Filter the audit log">
        {FIELDS.map((field) => (
          <div
            key={field.key}
            className={
              field.key === "object" ? "audit-filter__field audit-filter__field--long" : "audit-filter__field"
            }
          >
            <label htmlFor={`audit-${field.key}`}>{field.label}</label>
            <input
              id={`audit-${field.key}`}
              value={draft[field.key]}
              placeholder={field.placeholder}
              onChange={(event) => setDraft({ ...draft, [field.key]: event.target.value })}
            />
          </div>
        ))}
        <div className="audit-filter__field">
          <label htmlFor="audit-from">From</label>
          <input
            id="audit-from"
            type="datetime-local"
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </div>
        <div className="audit-filter__field">
          <label htmlFor="audit-to">To</label>
          <input
            id="audit-to"
            type="datetime-local"
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </div>
        <div className="audit-filter__buttons">
          <button type="submit" className="button button--primary">
            Filter
          </button>
          <button type="button" className="button" onClick={() => apply(EMPTY_FILTER)}>
            Clear
          </button>
        </div>
      </form>
      {filter.object ? (
        <p className="notice notice--info">
          History of <code>{filter.object}</code>
        </p>
      ) : null}
      {audit.isPending ? <Loading label="Loading the audit log…" /> : null}
      {audit.isError ? <ErrorPanel error={audit.error} title="The audit log could not be loaded" /> : null}
      {audit.isSuccess && items.length === 0 ? <EmptyState title="No events match the filter" /> : null}
      {items.length > 0 ? (
        <AuditTable items={items} onObject={(object) => apply({ ...EMPTY_FILTER, object })} />
      ) : null}
      <nav className="pager" aria-label="Audit pages">
        <button
          type="button"
          className="button"
          disabled={pages.length <= 1}
          onClick={() => setPages(pages.slice(0, -1))}
        >
          Previous {AUDIT_PAGE_SIZE}
        </button>
        <span>
          Page {pages.length}
          {items.length > 0 ? ` · events ${items[0]!.seq}–${items[items.length - 1]!.seq}` : ""}
        </span>
        <button
          type="button"
          className="button"
          disabled={next === null || next === undefined}
          onClick={() => next !== null && next !== undefined && setPages([...pages, next])}
        >
          Next {AUDIT_PAGE_SIZE}
        </button>
      </nav>
    </Page>
  );

  function showAround(seq: number) {
    setDraft(EMPTY_FILTER);
    setFilter(EMPTY_FILTER);
    setPages([0, Math.max(0, seq - 2)]);
  }
}

function Verification({ result, onShow }: { result: AuditVerification; onShow: (seq: number) => void }) {
  if (result.ok)
    return (
      <p className="notice notice--good" role="status">
        The chain verifies: {result.events.toLocaleString("en-US")} events, head {result.headSeq ?? "—"}{" "}
        <code title={result.headHash}>{result.headHash?.slice(0, 16)}…</code>
      </p>
    );
  return (
    <div className="notice notice--warn" role="alert">
      <p>
        <strong>The chain is broken</strong> at event {result.seq}: {result.problem}. {result.message}
      </p>
      {result.seq !== undefined ? (
        <button type="button" className="button button--small" onClick={() => onShow(result.seq!)}>
          Show the first bad link
        </button>
      ) : null}
    </div>
  );
}

function AuditTable({
  items,
  onObject,
}: {
  items: readonly AuditEvent[];
  onObject: (object: string) => void;
}) {
  return (
    <table className="table audit-table">
      <caption className="visually-hidden">Audit events, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Seq</th>
          <th scope="col">At</th>
          <th scope="col">Action</th>
          <th scope="col">Object</th>
          <th scope="col">ORI</th>
          <th scope="col">Actor</th>
          <th scope="col">Purpose</th>
          <th scope="col">Details</th>
          <th scope="col">Hash</th>
        </tr>
      </thead>
      <tbody>
        {items.map((event) => (
          <tr key={event.seq} data-seq={event.seq}>
            <td className="numeric">{event.seq}</td>
            <td className="audit-table__at">{formatInstant(event.at)}</td>
            <td>
              <Badge>{event.action}</Badge>
            </td>
            <td className="mono">
              {event.object ? (
                <button
                  type="button"
                  className="link-button"
                  title={`History of ${event.object}`}
                  onClick={() => onObject(event.object!)}
                >
                  {event.object}
                </button>
              ) : (
                "—"
              )}
            </td>
            <td className="mono">{event.ori}</td>
            <td className="mono audit-table__actor" title={event.actor}>
              {shortActor(event.actor)}
            </td>
            <td>{event.purpose ?? ""}</td>
            <td className="mono audit-table__details">
              {event.details && Object.keys(event.details).length > 0 ? JSON.stringify(event.details) : ""}
            </td>
            <td className="mono" title={event.hash}>
              {event.hash.slice(0, 10)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An API key's actor id to its first 8 hex digits (the whole id stays in the cell's title and the filter). */
function shortActor(actor: string): string {
  const key = /^apikey:([0-9a-f]{8})[0-9a-f-]{28}$/.exec(actor);
  return key ? `apikey:${key[1]}…` : actor;
}
