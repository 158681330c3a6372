/** Every constant of the statistics and accountability reports. */
export const REPORT_PARAMETERS = {
  /**
   * Months are cut in this zone unless a report names another: the programme office (ICE headquarters,
   * Washington DC) kept the reporting calendar.
   */
  timeZone: "America/New_York",
  /**
   * A hold counts as past its clock when it ended (or, still open, is at the report's instant) later
   * than its deadline by more than this. The hub's expiry job may run a poll interval after the
   * deadline; a minute covers that and nothing a person would notice.
   */
  holdOverrunToleranceMs: 60_000,
  /** Statuses that make a person lawfully present whom an IDENT match sent to the LESC (the IAR's IST). */
  lawfulStatuses: ["USC", "LPR"] as const,
  disparity: {
    /** Two-sided significance level after the Benjamini–Hochberg correction over every test in the report. */
    alpha: 0.05,
    /** z of the two-sided 95 % Wilson interval. */
    z: 1.959963984540054,
    /** Groups with fewer bookings in a jurisdiction are not tested (listed with their counts only). */
    minGroupBookings: 30,
    /** … nor groups whose complement in the jurisdiction is smaller than this. */
    minRestBookings: 30,
  },
  /**
   * NCIC place-of-birth codes of US states, DC and territories: a booking with one of these is "US-born"
   * for the place-of-birth comparison; other codes are countries and are compared one by one.
   */
  usPlaceOfBirthCodes: [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "PR",
    "GU",
    "VI",
    "AM",
  ] as const,
  /** The county map colours a match rate only when it rests on at least this many IDENT searches. */
  mapMinSearches: 20,
  /** Bookings read per report are bounded by SQL aggregation; detainer rows are listed one by one up to this. */
  maxListedRows: 100_000,
} as const;
