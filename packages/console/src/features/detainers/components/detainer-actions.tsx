import type { DetainerActionType, DetainerState } from "@tenprint/hub/domain";
import { useId, useState } from "react";
import { ACTION_LABELS, actionInput, availableActions } from "../detainer-actions.js";

/**
 * The buttons for what this role may do to this detainer now (the domain decides). An action that needs
 * more asks for it first: a release notice its time, a lift its reason.
 */
export function DetainerActions({
  role,
  state,
  pending,
  onAct,
}: {
  role: string;
  state: DetainerState;
  pending: boolean;
  onAct: (action: { type: DetainerActionType; releaseDueAt?: string; reason?: string }) => void;
}) {
  const id = useId();
  const [asking, setAsking] = useState<DetainerActionType>();
  const [value, setValue] = useState("");
  const actions = availableActions(role, state);
  if (actions.length === 0) return <span className="hint">none for your role</span>;
  const input = asking ? actionInput(asking) : null;
  if (asking && input) {
    const label = input === "releaseDueAt" ? "Release due (your local time)" : "Reason";
    return (
      <form
        className="detainer-actions__ask"
        onSubmit={(event) => {
          event.preventDefault();
          if (!value.trim()) return;
          onAct(
            input === "releaseDueAt"
              ? { type: asking, releaseDueAt: new Date(value).toISOString() }
              : { type: asking, reason: value.trim() },
          );
          setAsking(undefined);
          setValue("");
        }}
      >
        <label htmlFor={`${id}-value`}>{label}</label>
        <input
          id={`${id}-value`}
          type={input === "releaseDueAt" ? "datetime-local" : "text"}
          required
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="button button--small button--primary" disabled={pending}>
          {ACTION_LABELS[asking]}
        </button>
        <button type="button" className="button button--small" onClick={() => setAsking(undefined)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <span className="detainer-actions">
      {actions.map((type) => (
        <button
          key={type}
          type="button"
          className={`button button--small${type === "LIFT" || type === "RELEASE" ? "" : " button--primary"}`}
          disabled={pending}
          onClick={() => {
            if (actionInput(type)) {
              setValue("");
              setAsking(type);
            } else onAct({ type });
          }}
        >
          {ACTION_LABELS[type]}
        </button>
      ))}
    </span>
  );
}
