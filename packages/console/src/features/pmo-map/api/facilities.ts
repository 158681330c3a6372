import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client.js";

/** Correctional reception facilities as points; asked only by a role that may read them. */
export function useFacilities(enabled: boolean) {
  return useQuery({
    queryKey: ["deployment", "facilities"],
    queryFn: () => unwrap(api.GET("/v1/deployment/facilities")),
    staleTime: 30_000,
    enabled,
  });
}
