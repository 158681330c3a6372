import { Link } from "@tanstack/react-router";
import { useCallback } from "react";
import { Badge } from "../../../components/badge.js";
import { Page } from "../../../components/page.js";
import { EmptyState, ErrorPanel, Loading } from "../../../components/status.js";
import { formatDuration } from "../../../lib/format.js";
import { ageAppearance } from "../age-colour.js";
import { queueRows, useLescQueue } from "../api/get-lesc-queue.js";
import { QueueList } from "./queue-list.js";
import "./queue.css";

/** The LESC analyst's work: every open IAQ review, oldest first, with its age against the target. */
export function QueuePage() {
  const queue = useLescQueue();
  const { rows, summary } = queueRows(queue.data?.pages);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = queue;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const oldest = rows[0];

  return (
    <Page
      title="LESC queue"
      subtitle="IDENT matches waiting for a status determination, oldest first."
      actions={
        <>
          <button
            type="button"
            className="button"
            onClick={() => void queue.refetch()}
            disabled={queue.isFetching}
          >
            {queue.isFetching && !isFetchingNextPage ? "Refreshing…" : "Refresh"}
          </button>
          {oldest ? (
            <Link
              to="/lesc/cases/$transactionId"
              params={{ transactionId: oldest.transactionId }}
              className="button button--primary"
            >
              Open the oldest case
            </Link>
          ) : null}
        </>
      }
    >
      {summary ? (
        <dl className="queue-summary" aria-label="Queue figures">
          <div>
            <dt>Open cases</dt>
            <dd>{summary.count.toLocaleString("en-US")}</dd>
          </div>
          <div>
            <dt>Overdue</dt>
            <dd>
              <Badge tone={summary.overdue > 0 ? "bad" : "good"}>
                {summary.overdue.toLocaleString("en-US")}
              </Badge>
            </dd>
          </div>
          <div>
            <dt>Oldest</dt>
            <dd>
              <Badge tone={ageAppearance(summary.oldestAgeMs, summary.targetMs).tone}>
                {formatDuration(summary.oldestAgeMs)}
              </Badge>
            </dd>
          </div>
          <div>
            <dt>Target</dt>
            <dd>{formatDuration(summary.targetMs)}</dd>
          </div>
        </dl>
      ) : null}
      {queue.isPending ? <Loading label="Loading the queue…" /> : null}
      {queue.isError ? <ErrorPanel error={queue.error} title="The queue could not be loaded" /> : null}
      {summary && rows.length === 0 ? (
        <EmptyState title="The queue is empty">No IDENT match is waiting for a determination.</EmptyState>
      ) : null}
      {summary && rows.length > 0 ? (
        <>
          <p className="hint">
            Green: under half the target · amber: due soon · red: overdue. ↑ ↓ Home End move between cases,
            Enter opens one.
          </p>
          <QueueList
            rows={rows}
            total={summary.count}
            targetMs={summary.targetMs}
            hasMore={Boolean(hasNextPage)}
            onLoadMore={loadMore}
          />
        </>
      ) : null}
    </Page>
  );
}
