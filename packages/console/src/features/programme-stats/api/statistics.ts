import { queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client.js";
import { blobOrNull } from "../../../lib/fetch-blob.js";

export const statisticsQuery = queryOptions({
  queryKey: ["stats"],
  queryFn: () => unwrap(api.GET("/v1/stats")),
  refetchInterval: 30_000,
});

export function useStatistics() {
  return useQuery(statisticsQuery);
}

/**
 * The monthly report as the hub renders it (HTML with charts and the county map), opened in a new tab.
 * Fetched with the key, never linked with one: the page opens from a blob URL.
 */
export function useMonthlyReport() {
  return useMutation({
    mutationFn: async (state: string) => {
      const blob = await blobOrNull(
        api.GET("/v1/reports/monthly", {
          params: { query: { state, format: "html" } },
          parseAs: "blob",
        }),
      );
      if (!blob) throw new Error(`no monthly report for ${state}`);
      const url = URL.createObjectURL(new Blob([blob], { type: "text/html" }));
      window.open(url, "_blank", "noopener");
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return url;
    },
  });
}
