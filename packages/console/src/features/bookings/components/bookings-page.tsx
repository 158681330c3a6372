import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { Page } from "../../../components/page.js";
import { EmptyState, ErrorPanel, Loading } from "../../../components/status.js";
import { can } from "../../../lib/capabilities.js";
import { useMe } from "../../sign-in/api/get-me.js";
import { BOOKINGS_PAGE_SIZE, useBookings } from "../api/get-bookings.js";
import { BookingsFilter } from "./bookings-filter.js";
import { BookingsTable } from "./bookings-table.js";

/** The agency's bookings, newest first, filtered by state and receipt date, 25 to a page. */
export function BookingsPage() {
  const search = useSearch({ from: "/app/bookings" });
  const navigate = useNavigate({ from: "/bookings" });
  const me = useMe();
  const bookings = useBookings(search);
  const page = search.page ?? 1;
  const total = bookings.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / BOOKINGS_PAGE_SIZE));
  const filtered = Boolean(search.state || search.from || search.to);

  return (
    <Page
      title="Bookings"
      subtitle={me.data?.agency ? `Submitted by or booked at ${me.data.agency.name}` : undefined}
      actions={
        can(me.data, "POST /v1/transactions") ? (
          <Link to="/submit" className="button button--primary">
            Submit a booking
          </Link>
        ) : null
      }
    >
      <BookingsFilter search={search} onChange={(next) => void navigate({ search: next })} />
      {bookings.isPending ? <Loading label="Loading bookings…" /> : null}
      {bookings.isError ? (
        <ErrorPanel error={bookings.error} title="The bookings could not be loaded" />
      ) : null}
      {bookings.data && bookings.data.items.length === 0 ? (
        <EmptyState title={filtered ? "No booking matches these filters" : "No bookings yet"}>
          {filtered ? "Change or clear the filters." : "Bookings your agency submits appear here."}
        </EmptyState>
      ) : null}
      {bookings.data && bookings.data.items.length > 0 ? (
        <>
          <BookingsTable items={bookings.data.items} />
          <nav className="pager" aria-label="Pages">
            <span aria-live="polite">
              {total} booking{total === 1 ? "" : "s"} · page {page} of {pages}
            </span>
            <span>
              <button
                type="button"
                className="button"
                disabled={page <= 1}
                onClick={() => void navigate({ search: { ...search, page: page - 1 } })}
              >
                Previous
              </button>{" "}
              <button
                type="button"
                className="button"
                disabled={page >= pages}
                onClick={() => void navigate({ search: { ...search, page: page + 1 } })}
              >
                Next
              </button>
            </span>
          </nav>
        </>
      ) : null}
    </Page>
  );
}
