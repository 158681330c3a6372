import { useState } from "react";
import { Badge } from "../../../components/badge.js";
import { ErrorPanel } from "../../../components/status.js";
import type { Message } from "../../../lib/api/types.js";
import { safeName, saveFile } from "../../../lib/download.js";
import { formatInstant } from "../../../lib/format.js";
import { fetchMessageEbts } from "../api/get-booking.js";

const MESSAGE_NAMES: Record<string, string> = {
  SRE: "Submission results (criminal search)",
  ERRT: "Error response",
  IDR: "IDENT data response",
  IAQ: "Immigration alien query",
  IAR: "Immigration alien response",
  DETAINER_ISSUED: "Detainer issued",
  DETAINER_LIFTED: "Detainer lifted",
};

function summary(message: Message): string {
  const content = message.content as Record<string, unknown> | null | undefined;
  if (!content) return "";
  if (message.type === "IDR" || message.type === "SRE")
    return content.match === true ? `match: ${String(content.identity ?? "")}` : "no match";
  if (message.type === "IAR" && typeof content.status === "string") return `status ${content.status}`;
  return "";
}

/** Every message of the booking the caller may see, each downloadable as its EBTS file. */
export function MessageList({ messages }: { messages: readonly Message[] }) {
  const [error, setError] = useState<unknown>();
  async function download(message: Message) {
    setError(undefined);
    try {
      const file = await fetchMessageEbts(message.id);
      if (!file) throw new Error(`the hub has no EBTS file for this ${message.type}`);
      saveFile(file, `${safeName(`${message.type}-${message.id}`)}.eft`);
    } catch (caught) {
      setError(caught);
    }
  }
  if (messages.length === 0) return <p className="hint">No message for your agency yet.</p>;
  return (
    <>
      <table className="table">
        <caption className="visually-hidden">Messages addressed to your agency</caption>
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">To</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">EBTS</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.id}>
              <td>
                <strong>{message.type}</strong>{" "}
                <span className="hint">{MESSAGE_NAMES[message.type] ?? ""}</span>
                <div className="hint">{summary(message)}</div>
              </td>
              <td className="mono">{message.recipientOri}</td>
              <td>
                {message.suppressed ? (
                  <Badge tone="neutral" title="The search ran; delivery was withheld as your agency asked">
                    Withheld by your receipt preference
                  </Badge>
                ) : (
                  <Badge tone={message.status === "failed" ? "bad" : message.delivered ? "good" : "info"}>
                    {message.status}
                  </Badge>
                )}
              </td>
              <td>{formatInstant(message.createdAt)}</td>
              <td>
                {message.hasEbts && !message.suppressed ? (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void download(message)}
                  >
                    Download {message.type}
                  </button>
                ) : (
                  <span className="hint">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? <ErrorPanel error={error} title="The file could not be downloaded" /> : null}
    </>
  );
}
