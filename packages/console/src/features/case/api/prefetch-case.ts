import type { QueryClient } from "@tanstack/react-query";
import { openingFinger } from "@tenprint/hub/domain";
import { casePrintQuery, caseQuery, comparisonQuery } from "./get-case.js";

/**
 * A case's data, asked for the moment the route matches: the case and its comparison load beside the
 * view's code and `GET /v1/me`, and the two prints of the finger the page opens on are asked for as soon
 * as the comparison names it, before the page has rendered. Nothing is awaited by the router: the page
 * shows its own loading and error states from the same queries.
 */
export function prefetchCase(queryClient: QueryClient, transactionId: string): void {
  void queryClient.prefetchQuery(caseQuery(transactionId));
  void queryClient
    .ensureQueryData(comparisonQuery(transactionId))
    .then((comparison) => {
      const position = openingFinger(comparison.fingers);
      if (position === undefined) return;
      for (const side of ["booking", "candidate"] as const)
        void queryClient.prefetchQuery(casePrintQuery(transactionId, side, position));
    })
    .catch(() => undefined);
}
