import type { ReactNode } from "react";
import { ApiProblem } from "../lib/api-problem.js";

/** A region that announces it is loading, for sighted and screen-reader users alike. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="status status--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children ? <div className="empty-state__body">{children}</div> : null}
    </div>
  );
}

/** An error with what the hub said: its message, the property at fault and the status. */
export function ErrorPanel({ error, title = "Something went wrong" }: { error: unknown; title?: string }) {
  const problem = error instanceof ApiProblem ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-panel" role="alert">
      <p className="error-panel__title">{title}</p>
      <p className="error-panel__message">{message}</p>
      {problem?.field ? (
        <p className="error-panel__field">
          Field: <code>{problem.field}</code>
        </p>
      ) : null}
      {problem ? (
        <p className="error-panel__code">
          HTTP {problem.status} · {problem.code}
        </p>
      ) : null}
    </div>
  );
}
