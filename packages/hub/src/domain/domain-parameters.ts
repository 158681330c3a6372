/**
 * Tuning constants of the functional core in one place. Rule tables (priority categories, holiday rules)
 * are data files under ./data; these are the thresholds a deployment might reasonably change.
 */
export const DOMAIN_PARAMETERS = {
  identification: {
    /**
     * A search result is an identification when its best candidate's estimated false-positive
     * identification rate at the gallery's size is at most this. 1e-3 keeps wrong "matches" to about one
     * in a thousand searches of non-enrolled people, the order of IDENT's operating point (NISTIR 7110).
     */
    maxFpir: 1e-3,
  },
  detainer: {
    /** 8 CFR 287.7(d): the hold may last 48 hours, not counting Saturdays, Sundays and holidays. */
    holdHours: 48,
    /** Longest hold length a caller may ask the clock for (other jurisdictions' rules, what-if queries). */
    maxHoldHours: 240,
  },
  lesc: {
    /** Queue items older than this are reported as overdue (LESC publishes no target; a shift's length). */
    overdueAfterMs: 8 * 60 * 60 * 1000,
  },
  priority: {
    /** Sentence (days) above which an offence counts as "punishable by more than one year" (a felony). */
    felonySentenceDays: 365,
    /** PEP 2014: a misdemeanour with a custodial sentence of at least 90 days is "significant". */
    significantMisdemeanourDays: 90,
    /** Upper bound on offences per assessment, so a malformed history cannot make the rules run long. */
    maxOffences: 1000,
  },
  calendar: {
    /** The Monday Holiday Act (in force 1971) fixed today's floating holidays; earlier years are refused. */
    firstYear: 1971,
    lastYear: 9999,
    /**
     * Calendar days a hold may span before the clock gives up. Even the longest hold accepted (maxHoldHours,
     * ten counted days) spans under 20 calendar days, since excluded days never run more than four in a row.
     */
    maxHoldSpanDays: 60,
  },
  statistics: {
    /** Upper bound on outcomes aggregated in one call; the shell pages larger periods. */
    maxOutcomes: 10_000_000,
  },
} as const;
