import { Link } from "@tanstack/react-router";
import { forwardRef } from "react";
import { Badge } from "../../../components/badge.js";
import type { LescQueueItem } from "../../../lib/api/types.js";
import { formatDuration, formatInstant } from "../../../lib/format.js";
import { ageAppearance } from "../age-colour.js";

/** One case of the queue: its age against the target, the rules' proposal and the FIN. */
export const QueueRow = forwardRef<
  HTMLAnchorElement,
  { item: LescQueueItem; targetMs: number; position: number }
>(function QueueRow({ item, targetMs, position }, ref) {
  const age = ageAppearance(item.ageMs, targetMs);
  return (
    <Link
      ref={ref}
      to="/lesc/cases/$transactionId"
      params={{ transactionId: item.transactionId }}
      className={`queue-row queue-row--${age.tone}`}
    >
      <span className="queue-row__position">{position}</span>
      <span className="queue-row__age">
        <Badge tone={age.tone}>{formatDuration(item.ageMs)}</Badge>
        <span className="queue-row__age-label">{age.label}</span>
        <span className="queue-row__bar" aria-hidden="true">
          <span style={{ width: `${Math.min(100, age.fraction * 100)}%` }} />
        </span>
      </span>
      <span className="queue-row__proposal">
        Proposed <strong>{item.proposal.status}</strong>{" "}
        <span className="hint">{item.proposal.rule.replaceAll("_", " ").toLowerCase()}</span>
        {item.proposal.discrepancy ? <Badge tone="bad">discrepancy</Badge> : null}
      </span>
      <span className="queue-row__fin mono">{item.fin}</span>
      <span className="queue-row__since hint">since {formatInstant(item.enqueuedAt)}</span>
    </Link>
  );
});
