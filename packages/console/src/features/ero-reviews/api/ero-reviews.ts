import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DetainerForm } from "@tenprint/hub/domain";
import { api, PURPOSES, unwrap } from "../../../lib/api-client.js";

/** IARs routed to this field office and waiting for its decision, with the priority the rules give. */
export const eroReviewsQuery = queryOptions({
  queryKey: ["ero", "reviews"],
  queryFn: () =>
    unwrap(
      api.GET("/v1/ero/reviews", {
        params: { query: { limit: 100 }, header: { "x-purpose": PURPOSES.eroReview } },
      }),
    ),
  refetchInterval: 15_000,
});

export function useEroReviews() {
  return useQuery(eroReviewsQuery);
}

export interface EroDecision {
  readonly transactionId: string;
  readonly issueDetainer: boolean;
  readonly form?: DetainerForm;
}

/** Issue a detainer or decline: the review leaves the list, a detainer joins the detainers. */
export function useEroDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ transactionId, issueDetainer, form }: EroDecision) =>
      unwrap(
        api.POST("/v1/ero/reviews/{transactionId}", {
          params: { path: { transactionId } },
          body: { issueDetainer, ...(issueDetainer && form ? { form } : {}) },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["ero", "reviews"] }),
        queryClient.invalidateQueries({ queryKey: ["detainers"] }),
      ]),
  });
}
