import type { QueryClient } from "@tanstack/react-query";
import { can } from "../../../lib/capabilities.js";
import { meQuery } from "../../sign-in/api/get-me.js";
import { countyShapesQuery } from "../county-shapes.js";
import { facilitiesQuery } from "./facilities.js";
import { jurisdictionsQuery } from "./jurisdictions.js";

/**
 * Everything the map draws, asked for the moment the route matches: the outlines, the jurisdictions and
 * (for a role that may read them) the facilities load beside the view's code and `GET /v1/me` instead of
 * one after the other. Nothing is awaited: the page shows its own loading and error states.
 */
export function prefetchMap(queryClient: QueryClient): void {
  void queryClient.prefetchQuery(countyShapesQuery);
  void queryClient.prefetchQuery(jurisdictionsQuery);
  void queryClient
    .ensureQueryData(meQuery)
    .then((me) =>
      can(me, "GET /v1/deployment/facilities") ? queryClient.prefetchQuery(facilitiesQuery) : undefined,
    )
    .catch(() => undefined);
}
