import { type FormEvent, forwardRef, useId, useImperativeHandle, useRef, useState } from "react";
import { ErrorPanel } from "../../../components/status.js";
import type { ImmigrationStatusCode, LescProposal } from "../../../lib/api/types.js";
import { ApiProblem } from "../../../lib/api-problem.js";
import { STATUS_CODES, STATUS_NAMES } from "../status-codes.js";

const ANALYST_KEY = "tenprint.analyst";

export interface DeterminationFormHandle {
  /** Confirms the proposal as it stands (the "confirm" shortcut). */
  confirm(): void;
  focusNote(): void;
}

export interface DeterminationSubmit {
  readonly analyst: string;
  readonly status?: ImmigrationStatusCode;
  readonly note?: string;
}

/**
 * Confirm the rules' proposal, or choose another status with a note giving the reason (the hub refuses a
 * change without one). Errors appear beside the field the hub names.
 */
export const DeterminationForm = forwardRef<
  DeterminationFormHandle,
  {
    proposal: LescProposal;
    pending: boolean;
    error: unknown;
    onSubmit: (decision: DeterminationSubmit) => void;
  }
>(function DeterminationForm({ proposal, pending, error, onSubmit }, ref) {
  const id = useId();
  const [analyst, setAnalyst] = useState(() => sessionStorage.getItem(ANALYST_KEY) ?? "");
  const [status, setStatus] = useState<ImmigrationStatusCode>(proposal.status);
  const [note, setNote] = useState("");
  const [local, setLocal] = useState<{ field: "analyst" | "note"; message: string }>();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const analystRef = useRef<HTMLInputElement>(null);
  const changed = status !== proposal.status;

  function decide(asProposed: boolean) {
    setLocal(undefined);
    if (analyst.trim() === "") {
      setLocal({
        field: "analyst",
        message: "Enter your name or analyst ID: the audit log records who decided.",
      });
      analystRef.current?.focus();
      return;
    }
    if (!asProposed && changed && note.trim() === "") {
      setLocal({
        field: "note",
        message: `Changing ${proposal.status} to ${status} needs a note giving the reason.`,
      });
      noteRef.current?.focus();
      return;
    }
    sessionStorage.setItem(ANALYST_KEY, analyst.trim());
    onSubmit({
      analyst: analyst.trim(),
      ...(asProposed || !changed ? {} : { status }),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  }

  useImperativeHandle(ref, () => ({
    confirm: () => {
      setStatus(proposal.status);
      decide(true);
    },
    focusNote: () => noteRef.current?.focus(),
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    decide(false);
  }

  const serverField = error instanceof ApiProblem ? error.field : undefined;
  const noteError =
    local?.field === "note"
      ? local.message
      : serverField === "body.note"
        ? (error as Error).message
        : undefined;
  const analystError =
    local?.field === "analyst"
      ? local.message
      : serverField === "body.analyst"
        ? (error as Error).message
        : undefined;
  return (
    <form className="card determination" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
      <h2 id={`${id}-heading`}>Determination</h2>
      <p>
        The rules propose <strong>{proposal.status}</strong> ({STATUS_NAMES[proposal.status]}) by rule{" "}
        <code>{proposal.rule}</code>
        {proposal.detainerBasis
          ? `; a detainer would rest on ${proposal.detainerBasis.replaceAll("_", " ").toLowerCase()}`
          : ""}
        .
      </p>
      {proposal.discrepancy ? (
        <p className="notice notice--warn">
          Discrepancy: {proposal.discrepancy.replaceAll("_", " ").toLowerCase()}.
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-analyst`}>Analyst</label>
        <input
          ref={analystRef}
          id={`${id}-analyst`}
          value={analyst}
          onChange={(e) => setAnalyst(e.target.value)}
          aria-invalid={analystError ? true : undefined}
          aria-describedby={analystError ? `${id}-analyst-error` : undefined}
          autoComplete="off"
        />
        {analystError ? (
          <p id={`${id}-analyst-error`} className="field__error">
            {analystError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(e) => setStatus(e.target.value as ImmigrationStatusCode)}
        >
          {STATUS_CODES.map((code) => (
            <option key={code} value={code}>
              {code} · {STATUS_NAMES[code]}
              {code === proposal.status ? " (proposed)" : ""}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>
          Note {changed ? "(required: why the status differs)" : "(optional)"}
        </label>
        <textarea
          ref={noteRef}
          id={`${id}-note`}
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? `${id}-note-error` : undefined}
          maxLength={4000}
        />
        {noteError ? (
          <p id={`${id}-note-error`} className="field__error">
            {noteError}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        className={changed ? "button button--danger" : "button button--primary"}
        disabled={pending}
      >
        {pending
          ? "Sending the IAR…"
          : changed
            ? `Record ${status} instead of ${proposal.status}`
            : `Confirm ${proposal.status}`}
      </button>
      {error && !noteError && !analystError ? (
        <ErrorPanel error={error} title="The determination was not recorded" />
      ) : null}
    </form>
  );
});
