/**
 * Tuning constants of the booking stream, in one place.
 *
 * Volume: the UCR counts about 10–14 million arrests a year in the US (~330 M people), about
 * 9e-5 bookings per resident per day. Rhythm: jail bookings peak on Friday and Saturday and in the
 * evening and night, and are fewest in the morning; the factors below average 1 over the week and over
 * the day, so they shape the arrivals without changing the daily volume.
 */
export const BOOKING_PARAMETERS = {
  bookingsPerResidentPerDay: 9e-5,
  /** Sunday … Saturday (Date#getUTCDay order). */
  weekdayFactors: [1.0, 0.88, 0.9, 0.93, 0.98, 1.12, 1.19],
  /** Hours 0 … 23 of local time. */
  hourFactors: [
    1.3, 1.3, 1.2, 1.0, 0.75, 0.55, 0.45, 0.45, 0.55, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.2,
    1.2, 1.25, 1.3, 1.35, 1.3,
  ],
  /** Share of bookings that re-arrest someone already booked earlier in the stream. */
  rearrestShare: 0.2,
  /** People with a prior record are this many times as likely to be arrested as others. */
  priorRecordArrestWeight: 2.5,
  /** Share of bookings made in the person's home county (the rest elsewhere in the state). */
  homeCountyShare: 0.9,
  /** Share of bookings made by the sheriff (the rest by the county's municipal agencies). */
  sheriffShare: 0.6,
  /** Share of people with aliases who give one of them at booking. */
  aliasGivenShare: 0.35,
  /** Share of people with another date of birth on file who give it at booking. */
  otherDobGivenShare: 0.5,
  /** The offence happened on the booking day or up to this many days before. */
  maxOffenceLagDays: 2,
  /** Images of a slap: at most 3.2 in wide and 3.0 in high at 500 ppi (EBTS plain four-finger image). */
  slapMaxWidth: 1600,
  slapMaxHeight: 1500,
  /** Each finger in a slap is cropped to this width, so four fit the slap width. */
  slapFingerWidth: 400,
} as const;

/**
 * Prison intake of people arrested in the stream (correctional-intake.ts). Felony charges are convicted
 * at about the population model's rate (62 % of decided charges) and 45 % of felony convictions are prison
 * sentences (population-parameters.ts), so about 28 % of felony arrests reach a reception centre; people
 * arrive there after trial and sentencing, a few weeks to half a year after the arrest.
 */
export const INTAKE_PARAMETERS = {
  felonyPrisonShare: 0.28,
  /** Days from the arrest to arrival at the reception centre. */
  daysToIntake: [30, 180],
  /** Sentence length in days (the population model's felony prison range). */
  sentenceDays: [360, 3600],
} as const;
