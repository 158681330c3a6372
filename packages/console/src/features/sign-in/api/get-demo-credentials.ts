import { queryOptions, useQuery } from "@tanstack/react-query";
import type { DemoCredentials } from "../../../lib/api/types.js";

/**
 * The demo's "sign in as" keys. Only `tenprint demo` serves them; any other hub answers 404, and the
 * list is simply not shown.
 */
export const demoCredentialsQuery = queryOptions({
  queryKey: ["demo-credentials"],
  queryFn: async (): Promise<DemoCredentials | null> => {
    const response = await fetch("/demo/credentials", { headers: { accept: "application/json" } });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`the demo's sign-in list answered ${response.status}`);
    return (await response.json()) as DemoCredentials;
  },
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
});

export function useDemoCredentials() {
  return useQuery(demoCredentialsQuery);
}
