/** Limits of the HTTP API. */
export const API_PARAMETERS = {
  /**
   * Largest EBTS file accepted. A tenprint booking with 14 WSQ images at 500 ppi is 1–3 MiB; rolled prints
   * at 1000 ppi, palms and photographs can reach tens of MiB, so 64 MiB leaves room without letting one
   * request hold unbounded memory.
   */
  ebtsBodyLimit: 64 * 1024 * 1024,
  /** Every JSON body (webhook, decisions, preferences) is small; anything larger is a mistake or abuse. */
  jsonBodyLimit: 1024 * 1024,
  /**
   * Requests per API key per window under `/v1` (OWASP API4). 1,200 a minute is 20 a second: far above a
   * SIB submitting a few bookings a second or the console polling its views, far below what it takes to
   * page out the audit log or the transaction list. Requests without a key count per client address.
   */
  rateLimit: { max: 1200, timeWindowMs: 60_000 },
  /** Page sizes of list endpoints: default and ceiling. */
  pageSize: { default: 100, max: 500 },
  /** Audit query page size: default and ceiling (the store caps one query at 10,000). */
  auditPageSize: { default: 1000, max: 10_000 },
  /** Longest stated purpose kept in an audit event. */
  maxPurposeLength: 500,
  /** Shortest webhook secret: 128 bits as hex or base64 is ≥ 22 characters; 16 is the floor we refuse below. */
  minWebhookSecretLength: 16,
} as const;
