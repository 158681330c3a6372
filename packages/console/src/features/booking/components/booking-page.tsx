import { Link, useParams } from "@tanstack/react-router";
import { useMemo } from "react";
import { Badge } from "../../../components/badge.js";
import { Page } from "../../../components/page.js";
import { ErrorPanel, Loading } from "../../../components/status.js";
import { can } from "../../../lib/capabilities.js";
import { BOOKING_STATES } from "../../../lib/states.js";
import { useMe } from "../../sign-in/api/get-me.js";
import { useBooking } from "../api/get-booking.js";
import { bookingTimeline } from "../state-timeline.js";
import { MessageList } from "./message-list.js";
import { PrintGrid } from "./print-grid.js";
import { StateTimeline } from "./state-timeline.js";
import "./booking.css";

export function BookingPage() {
  const { transactionId } = useParams({ from: "/app/bookings/$transactionId" });
  const booking = useBooking(transactionId);
  const me = useMe();
  const steps = useMemo(() => (booking.data ? bookingTimeline(booking.data) : []), [booking.data]);

  if (booking.isPending) return <Loading label="Loading the booking…" />;
  if (booking.isError)
    return (
      <Page title="Booking">
        <ErrorPanel error={booking.error} title="The booking could not be loaded" />
        <Link to="/bookings">All bookings</Link>
      </Page>
    );
  const data = booking.data;
  return (
    <Page
      title={`Booking ${data.tcn}`}
      subtitle={
        <>
          {data.tot} · booking agency <span className="mono">{data.leaOri ?? data.submitterOri}</span> ·{" "}
          <Badge tone={BOOKING_STATES[data.state].tone}>{BOOKING_STATES[data.state].label}</Badge>
        </>
      }
      actions={<Link to="/bookings">All bookings</Link>}
    >
      <div className="booking-layout">
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">State</h2>
          <StateTimeline steps={steps} />
        </section>
        <section className="card" aria-labelledby="messages-heading">
          <h2 id="messages-heading">Messages</h2>
          <MessageList messages={data.messages} />
        </section>
      </div>
      {can(me.data, "GET /v1/transactions/{id}/prints/{position}") && data.state !== "REJECTED" ? (
        <section className="card booking-prints" aria-labelledby="prints-heading">
          <h2 id="prints-heading">Rolled prints</h2>
          <p className="hint">Each image you open is recorded in the audit log with its purpose.</p>
          <PrintGrid transactionId={transactionId} />
        </section>
      ) : null}
    </Page>
  );
}
