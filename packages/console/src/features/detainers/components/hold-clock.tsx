import type { DetainerState } from "@tenprint/hub/domain";
import { useEffect, useState } from "react";
import { Badge } from "../../../components/badge.js";
import { SELECTORS } from "../../../testing/selectors.js";
import { holdClock } from "../hold-countdown.js";

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The 48-hour hold clock, live: counted time left (weekends and federal holidays of the facility's zone
 * stand still, as the hub counts them) and the deadline as the facility's clock shows it.
 */
export function HoldClock({ state }: { state: DetainerState }) {
  const now = useNow(1000);
  const clock = holdClock(state, now);
  if (!clock) return <span className="hint">not started</span>;
  if (state.status !== "HOLDING")
    return <span className="hint">ended {state.closedAt ? `(${state.status.toLowerCase()})` : ""}</span>;
  const tone = clock.remainingMs === 0 ? "bad" : clock.remainingMs < 6 * 3_600_000 ? "warn" : "info";
  return (
    <span className="hold-clock" data-testid={SELECTORS.holdClock}>
      <span role="timer" aria-label={`Hold time left: ${clock.remaining}`}>
        <Badge tone={tone}>
          <span className="mono">{clock.remaining}</span>
        </Badge>
      </span>
      {clock.paused ? <span className="hint"> paused: {clock.paused}</span> : null}
      <span className="hold-clock__deadline">
        until {clock.deadline} ({clock.timeZone})
      </span>
    </span>
  );
}
