import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { BookingsSearch } from "../../../app/search-params.js";
import { api, unwrap } from "../../../lib/api-client.js";

export const BOOKINGS_PAGE_SIZE = 25;

/** A local calendar day's start as an instant: the filter means days as the user sees them. */
export function dayStart(day: string, plusDays = 0): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
}

export function bookingsQuery(search: BookingsSearch) {
  const page = search.page ?? 1;
  const query = {
    limit: BOOKINGS_PAGE_SIZE,
    offset: (page - 1) * BOOKINGS_PAGE_SIZE,
    ...(search.state ? { state: search.state } : {}),
    ...(search.from ? { from: dayStart(search.from) } : {}),
    // "to" is inclusive for the user: bookings before the start of the next day.
    ...(search.to ? { to: dayStart(search.to, 1) } : {}),
  };
  return queryOptions({
    queryKey: ["bookings", query],
    queryFn: () => unwrap(api.GET("/v1/transactions", { params: { query } })),
    placeholderData: keepPreviousData,
    // Bookings move through the workflow by themselves: the list follows them.
    refetchInterval: 10_000,
  });
}

export function useBookings(search: BookingsSearch) {
  return useQuery(bookingsQuery(search));
}
