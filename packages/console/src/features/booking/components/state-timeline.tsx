import { formatInstant } from "../../../lib/format.js";
import { SELECTORS } from "../../../testing/selectors.js";
import type { TimelineStep } from "../state-timeline.js";

const STATUS_TEXT: Record<TimelineStep["status"], string> = {
  done: "done",
  current: "in progress",
  pending: "not yet",
  skipped: "skipped",
  failed: "failed",
};

export function StateTimeline({ steps }: { steps: readonly TimelineStep[] }) {
  return (
    <ol className="timeline" aria-label="The booking's way through the hub">
      {steps.map((step) => (
        <li
          key={step.key}
          className={`timeline__step timeline__step--${step.status}`}
          data-testid={SELECTORS.timelineStep}
          data-status={step.status}
          aria-current={step.status === "current" ? "step" : undefined}
        >
          <span className="timeline__dot" aria-hidden="true" />
          <span className="timeline__label">{step.label}</span>
          <span className="timeline__meta">
            <span className="visually-hidden">{STATUS_TEXT[step.status]}. </span>
            {step.at ? formatInstant(step.at) : step.status === "current" ? "in progress…" : ""}
            {step.note ? <span className="timeline__note">{step.note}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
