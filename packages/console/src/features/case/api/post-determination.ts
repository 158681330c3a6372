import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ImmigrationStatusCode } from "../../../lib/api/types.js";
import { api, unwrap } from "../../../lib/api-client.js";

export interface DeterminationInput {
  readonly transactionId: string;
  readonly analyst: string;
  /** Omitted to confirm the proposal. */
  readonly status?: ImmigrationStatusCode;
  readonly note?: string;
}

/**
 * The analyst's decision: the hub answers the IAQ with the IAR. The queue is re-read before the mutation
 * settles (the page picks the next case from it); the decided case is only marked stale, since the page
 * leaves it at once: re-reading it there would put a disclosure and a round trip nobody sees between the
 * determination and the next case. It is read afresh whenever it is opened again.
 */
export function useDetermination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ transactionId, ...body }: DeterminationInput) =>
      unwrap(
        api.POST("/v1/lesc/reviews/{transactionId}/determination", {
          params: { path: { transactionId } },
          body: {
            analyst: body.analyst,
            ...(body.status ? { status: body.status } : {}),
            ...(body.note?.trim() ? { note: body.note.trim() } : {}),
          },
        }),
      ),
    onSuccess: (_result, input) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["lesc", "queue"] }),
        queryClient.invalidateQueries({
          queryKey: ["lesc", "case", input.transactionId],
          refetchType: "none",
        }),
      ]),
  });
}
