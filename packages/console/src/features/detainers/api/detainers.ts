import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DetainerActionType } from "@tenprint/hub/domain";
import { api, PURPOSES, unwrap } from "../../../lib/api-client.js";

/** The detainers the key's agency is party to (PMO and auditors: all), newest first. */
export const detainersQuery = (status?: string) =>
  queryOptions({
    queryKey: ["detainers", status ?? "all"],
    queryFn: () =>
      unwrap(
        api.GET("/v1/detainers", {
          params: {
            query: { limit: 200, ...(status ? { status } : {}) },
            header: { "x-purpose": PURPOSES.detainerTracking },
          },
        }),
      ),
    refetchInterval: 15_000,
  });

export function useDetainers(status?: string) {
  return useQuery(detainersQuery(status));
}

export interface DetainerActionInput {
  readonly id: string;
  readonly type: DetainerActionType;
  readonly releaseDueAt?: string;
  readonly reason?: string;
}

export function useDetainerAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, type, releaseDueAt, reason }: DetainerActionInput) =>
      unwrap(
        api.POST("/v1/detainers/{id}/actions", {
          params: { path: { id } },
          body: {
            type,
            ...(releaseDueAt !== undefined ? { releaseDueAt } : {}),
            ...(reason !== undefined ? { reason } : {}),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["detainers"] }),
  });
}
