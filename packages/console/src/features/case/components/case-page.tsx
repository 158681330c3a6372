import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { openingFinger } from "@tenprint/hub/domain";
import { useEffect, useMemo, useRef, useState } from "react";
import { Badge } from "../../../components/badge.js";
import { Page } from "../../../components/page.js";
import { ErrorPanel, Loading } from "../../../components/status.js";
import { formatDuration } from "../../../lib/format.js";
import { ageAppearance } from "../../lesc-queue/age-colour.js";
import { lescQueueQuery, queueRows, useLescQueue } from "../../lesc-queue/api/get-lesc-queue.js";
import { useCase, useComparison } from "../api/get-case.js";
import { useDetermination } from "../api/post-determination.js";
import { caseShortcut, neighbours, SHORTCUTS } from "../case-shortcuts.js";
import { STATUS_NAMES } from "../status-codes.js";
import { BiographicsTable } from "./biographics-table.js";
import {
  DeterminationForm,
  type DeterminationFormHandle,
  type DeterminationSubmit,
} from "./determination-form.js";
import { MatchFigures } from "./match-figures.js";
import { PrintPair } from "./print-pair.js";
import { RecordPanel } from "./record-panel.js";
import "./case.css";

/**
 * One LESC case: the prints side by side with the paired minutiae, the match's strength, the booking
 * beside the IDENT record, and the determination. After a determination the next case opens.
 */
export function CasePage() {
  const { transactionId } = useParams({ from: "/app/lesc/cases/$transactionId" });
  // A new case is a new page: its finger, form and mutation state start afresh.
  return <CaseView key={transactionId} transactionId={transactionId} />;
}

function CaseView({ transactionId }: { transactionId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const caseData = useCase(transactionId);
  const comparison = useComparison(transactionId);
  const queue = useLescQueue();
  const determination = useDetermination();
  const form = useRef<DeterminationFormHandle>(null);
  const [finger, setFinger] = useState<number>();
  const [done, setDone] = useState<string>();

  const order = useMemo(
    () => queueRows(queue.data?.pages).rows.map((row) => row.transactionId),
    [queue.data],
  );
  const { previous, next } = neighbours(order, transactionId);
  const fingers = comparison.data?.fingers ?? [];
  const strongest = useMemo(() => openingFinger(fingers), [fingers]);
  const selected = finger ?? strongest ?? 1;
  const selectedFinger = fingers.find((f) => f.position === selected);

  function open(id: string | undefined) {
    if (id) void navigate({ to: "/lesc/cases/$transactionId", params: { transactionId: id } });
  }

  async function decide(decision: DeterminationSubmit) {
    const result = await determination.mutateAsync({ transactionId, ...decision }).catch(() => undefined);
    if (!result) return;
    setDone(`${result.determination.status} recorded; the IAR is on its way.`);
    // The next case in the refreshed queue: the one after this, or the oldest left.
    const refreshed = await queryClient.fetchInfiniteQuery(lescQueueQuery).catch(() => undefined);
    const remaining = queueRows(refreshed?.pages).rows.map((row) => row.transactionId);
    const after = next && remaining.includes(next) ? next : remaining.find((id) => id !== transactionId);
    if (after) open(after);
    else void navigate({ to: "/lesc/queue" });
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const action = caseShortcut({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        targetTag: target?.tagName,
        targetEditable: target?.isContentEditable,
      });
      if (!action) return;
      const positions = fingers.map((f) => f.position);
      const at = positions.indexOf(selected);
      event.preventDefault();
      if (action === "next") open(next);
      else if (action === "previous") open(previous);
      else if (action === "confirm") form.current?.confirm();
      else if (action === "note") form.current?.focusNote();
      else if (positions.length > 0) {
        const step = action === "nextFinger" ? 1 : -1;
        setFinger(positions[(at + step + positions.length) % positions.length]);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (caseData.isPending) return <Loading label="Loading the case…" />;
  if (caseData.isError)
    return (
      <Page title="LESC case">
        <ErrorPanel error={caseData.error} title="The case could not be loaded" />
        <Link to="/lesc/queue">Back to the queue</Link>
      </Page>
    );
  const { review, booking, record } = caseData.data;
  const age = ageAppearance(review.ageMs, review.targetMs);
  const position = order.indexOf(transactionId);

  return (
    <Page
      wide
      title={`Case ${booking.tcn}`}
      subtitle={
        <>
          IAQ <span className="mono">{review.iaqId}</span> · FIN <span className="mono">{review.fin}</span> ·{" "}
          <Badge tone={age.tone}>
            {review.status === "pending" ? "waiting" : "took"} {formatDuration(review.ageMs)}
          </Badge>{" "}
          <span className="hint">
            {age.label} (target {formatDuration(review.targetMs)})
          </span>
        </>
      }
      actions={
        <nav className="case-nav" aria-label="Cases">
          <button type="button" className="button" disabled={!previous} onClick={() => open(previous)}>
            ← Previous <kbd>K</kbd>
          </button>
          <span className="hint">
            {position >= 0
              ? `${position + 1} of ${queueRows(queue.data?.pages).summary?.count ?? order.length}`
              : ""}
          </span>
          <button type="button" className="button" disabled={!next} onClick={() => open(next)}>
            Next <kbd>J</kbd> →
          </button>
          <Link to="/lesc/queue" className="button">
            Queue
          </Link>
        </nav>
      }
    >
      {done ? (
        <div className="notice notice--good" role="status">
          {done}
        </div>
      ) : null}
      <div className="case-layout">
        <div className="case-layout__prints">
          <section className="card" aria-labelledby="prints-heading">
            <h2 id="prints-heading">Prints</h2>
            {comparison.isPending ? <Loading label="Comparing the prints…" /> : null}
            {comparison.isError ? (
              <ErrorPanel error={comparison.error} title="The comparison could not be loaded" />
            ) : null}
            {selectedFinger ? <PrintPair transactionId={transactionId} finger={selectedFinger} /> : null}
          </section>
          {record ? (
            <div className="case-layout__people">
              <BiographicsTable booking={booking} record={record} />
              <RecordPanel record={record} booking={booking} />
            </div>
          ) : (
            <p className="notice notice--warn">IDENT holds no record beside the prints for {review.fin}.</p>
          )}
        </div>
        <div className="case-layout__side">
          {comparison.data ? (
            <MatchFigures comparison={comparison.data} selected={selected} onSelect={setFinger} />
          ) : null}
          {review.status === "pending" ? (
            <DeterminationForm
              key={transactionId}
              ref={form}
              proposal={review.proposal}
              pending={determination.isPending}
              error={determination.error}
              onSubmit={(decision) => void decide(decision)}
            />
          ) : review.determination ? (
            <section className="card" aria-labelledby="determined-heading">
              <h2 id="determined-heading">Determined</h2>
              <p>
                <strong>{review.determination.status}</strong> ({STATUS_NAMES[review.determination.status]})
                by {review.determination.analyst}
                {review.determination.changed ? ", changed from the proposal" : ""}.
              </p>
              {review.determination.note ? <p>Note: {review.determination.note}</p> : null}
            </section>
          ) : null}
          <section className="card shortcuts" aria-labelledby="shortcuts-heading">
            <h2 id="shortcuts-heading">Keyboard</h2>
            <dl className="kv">
              {SHORTCUTS.map((shortcut) => (
                <div key={shortcut.action} className="shortcuts__row">
                  <dt>
                    <kbd>{shortcut.keys}</kbd>
                  </dt>
                  <dd>{shortcut.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      </div>
    </Page>
  );
}
