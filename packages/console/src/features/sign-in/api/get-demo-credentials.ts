import { queryOptions, useQuery } from "@tanstack/react-query";
import type { DemoCredentials } from "../../../lib/api/types.js";

/** The demo answers 503 while it seeds on its first start: its keys exist a few seconds later. */
export class DemoSeedingError extends Error {
  override readonly name = "DemoSeedingError";
}

/** Asks again every few seconds while the demo seeds, for about five minutes. */
const SEEDING_RETRIES = 100;
const SEEDING_RETRY_MS = 3000;

/**
 * The demo's "sign in as" keys. Only `tenprint demo` serves them; any other hub answers 404, and the
 * list is simply not shown.
 */
export const demoCredentialsQuery = queryOptions({
  queryKey: ["demo-credentials"],
  queryFn: async (): Promise<DemoCredentials | null> => {
    const response = await fetch("/demo/credentials", { headers: { accept: "application/json" } });
    if (response.status === 404) return null;
    if (response.status === 503)
      throw new DemoSeedingError("the demo is still seeding; its keys come in a moment");
    if (!response.ok) throw new Error(`the demo's sign-in list answered ${response.status}`);
    return (await response.json()) as DemoCredentials;
  },
  staleTime: Number.POSITIVE_INFINITY,
  retry: (failures, error) => error instanceof DemoSeedingError && failures < SEEDING_RETRIES,
  retryDelay: SEEDING_RETRY_MS,
});

export function useDemoCredentials() {
  return useQuery(demoCredentialsQuery);
}
