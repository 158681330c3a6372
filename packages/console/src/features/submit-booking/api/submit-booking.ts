import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { SubmissionAccepted, SubmissionRejected } from "../../../lib/api/types.js";
import { api } from "../../../lib/api-client.js";
import { ApiProblem, HubUnreachable } from "../../../lib/api-problem.js";

export type SubmissionOutcome =
  | { readonly kind: "accepted"; readonly status: 200 | 202; readonly result: SubmissionAccepted }
  | { readonly kind: "rejected"; readonly result: SubmissionRejected };

/**
 * POST /v1/transactions with the file's bytes. 202 and 200 (the TCN was known) are results, and so is 422
 * (the file is invalid: every problem and the ERRT). Anything else, 413 included, is an ApiProblem with the
 * hub's message.
 */
export async function submitBooking(file: Blob): Promise<SubmissionOutcome> {
  const body = new Uint8Array(await file.arrayBuffer());
  let outcome: { data?: SubmissionAccepted; error?: unknown; response: Response };
  try {
    outcome = await api.POST("/v1/transactions", {
      body: body as unknown as string,
      bodySerializer: (bytes) => bytes as unknown as BodyInit,
      headers: { "content-type": "application/octet-stream" },
    });
  } catch (error) {
    throw new HubUnreachable(error);
  }
  const { data, error, response } = outcome;
  if ((response.status === 200 || response.status === 202) && data)
    return { kind: "accepted", status: response.status, result: data };
  if (response.status === 422 && typeof error === "object" && error !== null && "errors" in error)
    return { kind: "rejected", result: error as SubmissionRejected };
  throw new ApiProblem(
    response.status,
    error as ConstructorParameters<typeof ApiProblem>[1],
    response.statusText,
  );
}

export function useSubmitBooking() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: submitBooking,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["bookings"] }),
  });
}
