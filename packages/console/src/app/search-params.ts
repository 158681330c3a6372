/** The bookings list's filters as URL search parameters: shareable, and the back button works. */
export interface BookingsSearch {
  state?: string;
  /** YYYY-MM-DD, inclusive, in the viewer's zone. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to?: string;
  /** 1-based. */
  page?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const STATE = /^[A-Z_]{1,40}$/;

export function parseBookingsSearch(search: Record<string, unknown>): BookingsSearch {
  const result: BookingsSearch = {};
  if (typeof search.state === "string" && STATE.test(search.state)) result.state = search.state;
  if (typeof search.from === "string" && DAY.test(search.from)) result.from = search.from;
  if (typeof search.to === "string" && DAY.test(search.to)) result.to = search.to;
  const page = Number(search.page);
  if (Number.isInteger(page) && page > 1) result.page = page;
  return result;
}
