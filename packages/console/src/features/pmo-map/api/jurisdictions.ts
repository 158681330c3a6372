import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client.js";
import type { ActivationStep } from "../activation-appearance.js";

export const jurisdictionsQuery = queryOptions({
  queryKey: ["jurisdictions"],
  queryFn: () => unwrap(api.GET("/v1/jurisdictions")),
  staleTime: 30_000,
});

export function useJurisdictions() {
  return useQuery(jurisdictionsQuery);
}

export const jurisdictionQuery = (ori: string) =>
  queryOptions({
    queryKey: ["jurisdictions", ori],
    queryFn: () => unwrap(api.GET("/v1/jurisdictions/{ori}", { params: { path: { ori } } })),
  });

export function useJurisdiction(ori: string | undefined) {
  return useQuery({ ...jurisdictionQuery(ori ?? ""), enabled: ori !== undefined });
}

export interface ActivationInput {
  readonly ori: string;
  readonly event: ActivationStep;
  readonly date?: string;
  readonly reason?: string;
}

/** Schedule, defer or activate; the map and the county's panel are re-read. */
export function useActivation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ori, event, date, reason }: ActivationInput) =>
      unwrap(
        api.POST("/v1/jurisdictions/{ori}/activation", {
          params: { path: { ori } },
          body: { event, ...(date ? { date } : {}), ...(reason ? { reason } : {}) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["jurisdictions"] }),
  });
}

export function usePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ori, ...body }: { ori: string; receiptIdr?: boolean; receiptIar?: boolean }) =>
      unwrap(api.PUT("/v1/jurisdictions/{ori}/preferences", { params: { path: { ori } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["jurisdictions"] }),
  });
}
