import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client.js";

export const facilitiesQuery = queryOptions({
  queryKey: ["deployment", "facilities"],
  queryFn: () => unwrap(api.GET("/v1/deployment/facilities")),
  staleTime: 30_000,
});

/** Correctional reception facilities as points; asked only by a role that may read them. */
export function useFacilities(enabled: boolean) {
  return useQuery({ ...facilitiesQuery, enabled });
}
