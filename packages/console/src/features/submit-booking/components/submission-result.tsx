import { Link } from "@tanstack/react-router";
import { Badge } from "../../../components/badge.js";
import { base64Bytes, safeName, saveFile } from "../../../lib/download.js";
import type { SubmissionOutcome } from "../api/submit-booking.js";

export function SubmissionResult({ outcome, fileName }: { outcome: SubmissionOutcome; fileName: string }) {
  if (outcome.kind === "accepted") {
    const { result, status } = outcome;
    return (
      <section className="notice notice--good" aria-live="polite">
        <p>
          <Badge tone="good">{status === 202 ? "202 Accepted" : "200 Already submitted"}</Badge>{" "}
          {status === 202
            ? `${fileName} was accepted and queued for the criminal search.`
            : `TCN ${result.tcn} was submitted before: this is its first transaction.`}
        </p>
        <dl className="kv">
          <dt>TCN</dt>
          <dd className="mono">{result.tcn}</dd>
          <dt>State</dt>
          <dd>{result.state}</dd>
        </dl>
        <p>
          <Link to="/bookings/$transactionId" params={{ transactionId: result.id }}>
            Follow this booking
          </Link>
        </p>
      </section>
    );
  }
  const { result } = outcome;
  return (
    <section aria-labelledby="rejection-heading">
      <div className="notice notice--warn" role="alert">
        <p id="rejection-heading">
          <Badge tone="bad">422 Rejected</Badge> {fileName} is not a valid EBTS booking:{" "}
          {result.errors.length === 1 ? "1 problem" : `${result.errors.length} problems`}. An ERRT was sent to
          your agency; nothing else was stored.
        </p>
        {result.errt ? (
          <button
            type="button"
            className="button"
            onClick={() =>
              saveFile(base64Bytes(result.errt ?? ""), `${safeName(result.errtMessageId ?? "errt")}.errt.eft`)
            }
          >
            Download the ERRT (EBTS)
          </button>
        ) : null}
      </div>
      <table className="table">
        <caption className="visually-hidden">Problems found in the file</caption>
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Field</th>
            <th scope="col" className="numeric">
              Byte offset
            </th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {result.errors.map((problem, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: two problems can name the same field
            <tr key={`${problem.recordIndex}-${problem.tag}-${index}`}>
              <td>
                {problem.recordIndex} <span className="hint">(Type-{problem.recordType})</span>
              </td>
              <td>
                <span className="mono">{problem.tag}</span>{" "}
                {problem.mnemonic !== "-" ? <span className="hint">{problem.mnemonic}</span> : null}
              </td>
              <td className="numeric mono">{problem.offset ?? "—"}</td>
              <td>{problem.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
