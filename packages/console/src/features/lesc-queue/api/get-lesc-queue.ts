import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import type { LescQueueItem, LescQueuePage } from "../../../lib/api/types.js";
import { api, PURPOSES, unwrap } from "../../../lib/api-client.js";

/** Reviews per request: the hub's page ceiling is 500; 200 keeps a scroll step quick. */
export const QUEUE_PAGE_SIZE = 200;

/** The queue, oldest first, page by page as the list scrolls: 10,000 open cases never load at once. */
export const lescQueueQuery = infiniteQueryOptions({
  queryKey: ["lesc", "queue"],
  initialPageParam: 0,
  queryFn: ({ pageParam }) =>
    unwrap(
      api.GET("/v1/lesc/queue", {
        params: {
          query: { limit: QUEUE_PAGE_SIZE, offset: pageParam },
          header: { "x-purpose": PURPOSES.lescCase },
        },
      }),
    ),
  getNextPageParam: (last: LescQueuePage) => {
    const next = last.offset + last.items.length;
    return last.items.length > 0 && next < last.count ? next : undefined;
  },
  staleTime: 15_000,
  // New IAQs arrive by themselves: follow them while the analyst looks at the head of the queue. Deep in a
  // long queue, re-reading every loaded page would cost more than it shows; Refresh does it on demand.
  refetchInterval: (query) => ((query.state.data?.pages.length ?? 0) <= 2 ? 10_000 : false),
});

export function useLescQueue() {
  return useInfiniteQuery(lescQueueQuery);
}

/** The loaded rows in queue order, and the queue's own figures (from the latest page). */
export function queueRows(pages: readonly LescQueuePage[] | undefined): {
  rows: LescQueueItem[];
  summary: Omit<LescQueuePage, "items" | "offset"> | undefined;
} {
  if (!pages || pages.length === 0) return { rows: [], summary: undefined };
  const seen = new Set<string>();
  const rows: LescQueueItem[] = [];
  // Pages are fetched at different moments: a case determined in between could appear twice.
  for (const page of pages)
    for (const item of page.items)
      if (!seen.has(item.transactionId)) {
        seen.add(item.transactionId);
        rows.push(item);
      }
  const { items: _items, offset: _offset, ...summary } = pages[pages.length - 1]!;
  return { rows, summary };
}
