import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, PURPOSES, unwrap } from "../../../lib/api-client.js";
import { blobOrNull } from "../../../lib/fetch-blob.js";

const purpose = { "x-purpose": PURPOSES.lescCase };

export function caseQuery(transactionId: string) {
  return queryOptions({
    queryKey: ["lesc", "case", transactionId],
    queryFn: () =>
      unwrap(
        api.GET("/v1/lesc/cases/{transactionId}", { params: { path: { transactionId }, header: purpose } }),
      ),
  });
}

export function comparisonQuery(transactionId: string) {
  return queryOptions({
    queryKey: ["lesc", "comparison", transactionId],
    queryFn: () =>
      unwrap(
        api.GET("/v1/lesc/cases/{transactionId}/comparison", {
          params: { path: { transactionId }, header: purpose },
        }),
      ),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCase(transactionId: string) {
  return useQuery(caseQuery(transactionId));
}

export function useComparison(transactionId: string) {
  return useQuery(comparisonQuery(transactionId));
}

export function fetchCasePrint(
  transactionId: string,
  side: "booking" | "candidate",
  position: number,
): Promise<Blob | null> {
  return blobOrNull(
    api.GET("/v1/lesc/cases/{transactionId}/prints/{side}/{position}", {
      params: { path: { transactionId, side, position }, header: purpose },
      parseAs: "blob",
    }),
  );
}

/** One print of the case, as the print pair asks for it and the route's loader starts it. */
export function casePrintQuery(transactionId: string, side: "booking" | "candidate", position: number) {
  return {
    queryKey: ["lesc", "print", transactionId, side, position] as const,
    queryFn: () => fetchCasePrint(transactionId, side, position),
    staleTime: Number.POSITIVE_INFINITY,
  };
}
