import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, PURPOSES, unwrap } from "../../../lib/api-client.js";
import { blobOrNull } from "../../../lib/fetch-blob.js";

/** Polls while the booking is still moving, so the timeline and messages fill in by themselves. */
export function bookingQuery(transactionId: string) {
  return queryOptions({
    queryKey: ["bookings", "one", transactionId],
    queryFn: () =>
      unwrap(
        api.GET("/v1/transactions/{id}", {
          params: { path: { id: transactionId }, header: { "x-purpose": PURPOSES.bookingReview } },
        }),
      ),
    refetchInterval: (query) =>
      query.state.data && !["CLOSED", "REJECTED"].includes(query.state.data.state) ? 3000 : false,
  });
}

export function useBooking(transactionId: string) {
  return useQuery(bookingQuery(transactionId));
}

export function fetchBookingPrint(transactionId: string, position: number): Promise<Blob | null> {
  return blobOrNull(
    api.GET("/v1/transactions/{id}/prints/{position}", {
      params: { path: { id: transactionId, position }, header: { "x-purpose": PURPOSES.bookingReview } },
      parseAs: "blob",
    }),
  );
}

export function fetchMessageEbts(messageId: string): Promise<Blob | null> {
  return blobOrNull(
    api.GET("/v1/messages/{id}/ebts", { params: { path: { id: messageId } }, parseAs: "blob" }),
  );
}
