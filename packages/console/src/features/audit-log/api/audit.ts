import { keepPreviousData, queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { api, PURPOSES, unwrap } from "../../../lib/api-client.js";

export const AUDIT_PAGE_SIZE = 100;

/** What the auditor filters by; empty strings mean "any". Times are ISO instants. */
export interface AuditFilter {
  readonly object: string;
  readonly ori: string;
  readonly action: string;
  readonly actor: string;
  readonly from: string;
  readonly to: string;
}

export const EMPTY_FILTER: AuditFilter = { object: "", ori: "", action: "", actor: "", from: "", to: "" };

/** The filter as the hub's query: only the fields given, trimmed. */
export function auditQueryOf(filter: AuditFilter): Partial<Record<keyof AuditFilter, string>> {
  const query: Partial<Record<keyof AuditFilter, string>> = {};
  for (const [key, value] of Object.entries(filter) as [keyof AuditFilter, string][])
    if (value.trim()) query[key] = value.trim();
  return query;
}

/** One page of events, oldest first, after `afterSeq`. */
export const auditQuery = (filter: AuditFilter, afterSeq: number) =>
  queryOptions({
    queryKey: ["audit", filter, afterSeq],
    queryFn: () =>
      unwrap(
        api.GET("/v1/audit", {
          params: {
            query: { ...auditQueryOf(filter), afterSeq, limit: AUDIT_PAGE_SIZE },
            header: { "x-purpose": PURPOSES.audit },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

export function useAudit(filter: AuditFilter, afterSeq: number) {
  return useQuery(auditQuery(filter, afterSeq));
}

/** Verify the whole hash chain: the hub walks it from the first event. */
export function useVerifyChain() {
  return useMutation({ mutationFn: () => unwrap(api.GET("/v1/audit/verify")) });
}
