import { queryOptions, useQuery } from "@tanstack/react-query";
import type { Me } from "../../../lib/api/types.js";
import { api, unwrap } from "../../../lib/api-client.js";

/** Who the signed-in key is: agency, role and the operations it may call. */
export const meQuery = queryOptions({
  queryKey: ["me"],
  queryFn: () => unwrap(api.GET("/v1/me")),
  staleTime: 5 * 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

/** Checks a key before keeping it: the hub's answer for that key alone, without signing in with it. */
export function identify(apiKey: string): Promise<Me> {
  return unwrap(api.GET("/v1/me", { headers: { authorization: `Bearer ${apiKey.trim()}` } }));
}
