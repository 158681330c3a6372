/** Tuning constants of `tenprint demo`. */
export const DEMO_PARAMETERS = {
  seed: "tenprint-demo",
  state: "VA",
  /** The synthetic people who may be booked (their prints are rendered when first booked). */
  people: 3000,
  /** Template-level identities that make the galleries realistic in size (the issue asks ≥ 10,000 in all). */
  criminalDistractors: 9000,
  identDistractors: 3000,
  /** Identities enrolled per database transaction while seeding. */
  seedBatch: 500,
  /** Bookings per second the stream aims at; rendering a new person's prints caps the real rate. */
  rate: 0.5,
  /**
   * Of the stream's first bookings, this many are searched for people IDENT will match, who are booked
   * first (every other booking), so an LESC case comes within minutes instead of after about 80 bookings.
   */
  earlyMatchLookahead: 400,
  /**
   * Shares of LESC cases and ERO reviews that wait for a person in the console (the rest are decided by
   * the rules at once); `--automate-all` sets both to 0. Picked per booking by a hash of its id.
   */
  waitForPerson: { lesc: 1 / 3, ero: 1 / 2 },
  port: 8080,
  /** Seconds between live summary lines. */
  summaryEverySeconds: 5,
  /** Share of jurisdictions whose agencies decline the IDR and IAR (the searches still run). */
  receiptOptOutShare: 0.15,
  /** The state's SIB signed its interoperability agreement on this day. */
  agreementSignedOn: "2008-10-27",
  /** Jurisdictions are drawn as the programme stood on this day: some activated, some not yet. */
  activationAsOf: "2011-06-01",
  /** The deck's programme, Secure Communities, assigned the 2008 levels; later schemes are a start option away. */
  ruleSet: "SC_2008",
  /** Booking identities' prefix, so the demo can tell them from the template-level distractors. */
  distractorPrefix: "SYN-DIST-",
} as const;
