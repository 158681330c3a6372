import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useEffect, useRef } from "react";
import type { LescQueueItem } from "../../../lib/api/types.js";
import { SELECTORS } from "../../../testing/selectors.js";
import { QueueRow } from "./queue-row.js";

const ROW_HEIGHT = 56;
/** Ask for the next page this many rows before the end of what is loaded. */
const PREFETCH_ROWS = 40;

/**
 * The queue as a virtualised list: only the rows in view (plus a few) are in the page, so 10,000 open
 * cases scroll as smoothly as ten. It only renders: rows come in, `onLoadMore` asks for more, paging
 * lives in the hook. Arrow keys, Home and End move between cases; Enter opens one.
 */
export function QueueList({
  rows,
  total,
  targetMs,
  hasMore,
  onLoadMore,
}: {
  rows: readonly LescQueueItem[];
  total: number;
  targetMs: number;
  hasMore: boolean;
  onLoadMore: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const focusIndex = useRef<number | null>(null);
  const virtualizer = useVirtualizer({
    count: hasMore ? rows.length + 1 : rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && hasMore && last.index >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [last, hasMore, rows.length, onLoadMore]);

  useEffect(() => {
    if (focusIndex.current === null) return;
    const link = scroller.current?.querySelector<HTMLAnchorElement>(`[data-index="${focusIndex.current}"] a`);
    if (link) {
      link.focus();
      focusIndex.current = null;
    }
  });

  function move(event: KeyboardEvent) {
    const current = Number(
      (document.activeElement?.closest("[data-index]") as HTMLElement | null)?.dataset.index,
    );
    const keys: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: rows.length - 1,
      PageDown: current + 10,
      PageUp: current - 10,
    };
    const target = keys[event.key];
    if (target === undefined || Number.isNaN(target)) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(rows.length - 1, target));
    focusIndex.current = index;
    virtualizer.scrollToIndex(index, { align: "auto" });
    const link = scroller.current?.querySelector<HTMLAnchorElement>(`[data-index="${index}"] a`);
    if (link) {
      link.focus();
      focusIndex.current = null;
    }
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move focus between the rows' links
    <div ref={scroller} className="queue-list" onKeyDown={move}>
      <ul
        aria-label={`LESC queue, ${total} cases, oldest first`}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          return (
            <li
              key={item.key}
              data-index={item.index}
              data-testid={row ? SELECTORS.queueRow : undefined}
              className="queue-list__slot"
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
            >
              {row ? (
                <QueueRow item={row} targetMs={targetMs} position={item.index + 1} />
              ) : (
                <span className="queue-row queue-row--loading hint">Loading more cases…</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
