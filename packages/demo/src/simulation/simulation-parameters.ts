/**
 * The behaviour of the people a simulated year stands in for (LESC analysts, ERO officers, jail staff)
 * and the sizes of its synthetic world. Times are medians and log-normal spreads (sigma of the natural
 * log): waits of people and paperwork are skewed, a few very long. None of these is a measured figure of
 * the real programme (the IAR target time was not found in public sources); they make the reports' times
 * and lifecycles non-trivial so that the reports can be judged.
 */
export const SIMULATION_PARAMETERS = {
  seed: "tenprint-simulation",
  /** People who may be booked, per booking of the year (re-arrests draw the same people again). */
  peoplePerBooking: 0.6,
  minPeople: 2000,
  /** Criminal-repository distractors (template level) beside the population's criminal records. */
  criminalIdentities: 20_000,
  /** Share of jurisdictions whose agencies decline IDR and IAR receipt (searches still run). */
  receiptOptOutShare: 0.15,
  ruleSet: "SC_2008",
  /** Identity numbers of the template generator: people from 0, distractors from these offsets. */
  criminalDistractorBase: 10_000_000,
  identDistractorBase: 20_000_000,
  /** Impression enrolled in the repositories; bookings use the next ones. */
  enrolledImpression: 1,
  lesc: {
    /** IAQ queued → analyst's determination. */
    medianMinutes: 40,
    sigma: 1.0,
    /**
     * The analyst compares the booking's name and date of birth with the IDENT record: when neither
     * agrees (aliases included), the match is overturned with this probability.
     */
    overturnWhenBiographicsDisagree: 0.9,
    /** Share of naturalised citizens whose naturalisation record the LESC's other databases find. */
    naturalisationFound: 0.8,
  },
  ero: {
    /** IAR → ERO's decision. */
    medianHours: 6,
    sigma: 1.0,
    /** Issue → serve, minutes. */
    serveMinutes: 30,
    /** Serve → the jail acknowledges, minutes. */
    acknowledgeMinutes: 120,
    /** Probability that ERO lifts a detainer at its discretion before release. */
    discretionaryLift: 0.05,
    /** Hold started → ERO takes custody (if before the deadline). */
    pickupMedianHours: 20,
    pickupSigma: 0.9,
    /** A detainer on the wrong person is found out with this probability, 2–72 hours after serving. */
    misidentificationFound: 0.7,
  },
  lea: {
    /** Detainer served → the person's criminal custody would end (the release the hold extends). */
    custodyMedianDays: 3,
    custodySigma: 1.2,
    /** Hours before release the jail notifies ERO (at once when release is sooner). */
    noticeHours: 24,
    /** Probability that the jail holds on the detainer rather than releasing (some decline holds). */
    honoursHold: 0.9,
  },
  /** Scheduled work after the year's last booking is run until this many days into the next year. */
  tailDays: 31,
} as const;
