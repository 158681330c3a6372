import { Link } from "@tanstack/react-router";
import { Badge } from "../../../components/badge.js";
import type { TransactionSummary } from "../../../lib/api/types.js";
import { formatInstant } from "../../../lib/format.js";
import { BOOKING_STATES } from "../../../lib/states.js";

export function BookingsTable({ items }: { items: readonly TransactionSummary[] }) {
  return (
    <table className="table">
      <caption className="visually-hidden">Bookings, newest first</caption>
      <thead>
        <tr>
          <th scope="col">TCN</th>
          <th scope="col">Type</th>
          <th scope="col">State</th>
          <th scope="col">Booking agency</th>
          <th scope="col">Received</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td className="mono">
              <Link to="/bookings/$transactionId" params={{ transactionId: item.id }}>
                {item.tcn}
              </Link>
            </td>
            <td>{item.tot}</td>
            <td>
              <Badge tone={BOOKING_STATES[item.state].tone}>{BOOKING_STATES[item.state].label}</Badge>
              {item.outcome && item.outcome !== item.state ? (
                <span className="hint"> {item.outcome.replaceAll("_", " ").toLowerCase()}</span>
              ) : null}
            </td>
            <td className="mono">{item.leaOri ?? item.submitterOri}</td>
            <td>{formatInstant(item.createdAt)}</td>
            <td>{formatInstant(item.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
