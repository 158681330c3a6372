/**
 * Tuning constants of the synthetic population, in one place. They aim at a plausible arrestee
 * population (UCR-like: three quarters men, median age near 28, many with prior arrests), not at
 * statistics of any real place.
 */
export const POPULATION_PARAMETERS = {
  defaults: {
    referenceDate: "2010-10-01",
    maleShare: 0.73,
    criminalRepositoryShare: 0.45,
    aliasShare: 0.3,
  },
  /** Age = minAge + floor(exp(logMean + logSd·N(0,1))), at most maxAge: median about 28, long right tail. */
  age: { minAge: 18, logMean: 2.3, logSd: 0.65, maxAge: 80 },
  /** Share of US-born people born in the state they live in (the rest: another state, by population). */
  homeStateBirthShare: 0.75,
  middleNameShare: 0.4,
  /** Share of Hispanic-origin people with a two-part surname. */
  compoundSurnameShare: 0.3,
  /** Among people with aliases: share with one (the rest have two or three). */
  singleAliasShare: 0.7,
  /** Share of people with another date of birth on file. */
  otherDobShare: 0.08,
  height: { male: [69.3, 3], female: [63.8, 2.8], range: [56, 84] },
  weight: { male: [190, 38], female: [160, 38], range: [95, 450] },
  eyes: {
    W: { BRO: 0.45, BLU: 0.3, GRN: 0.1, HAZ: 0.14, GRY: 0.01 },
    other: { BRO: 0.9, BLK: 0.08, HAZ: 0.02 },
  },
  hair: {
    W: { BRO: 0.55, BLK: 0.2, BLN: 0.18, RED: 0.04, SDY: 0.03 },
    other: { BLK: 0.85, BRO: 0.15 },
    /** Grey (or, for some men, bald) from this age, certain after greyingSpan more years. */
    greyingAge: 45,
    greyingSpan: 40,
    baldShareOfGreyingMen: 0.3,
  },
  criminal: {
    /** Share of prior arrests made in the home county (the rest anywhere, by population). */
    homeCountyShare: 0.85,
    /** Each further prior arrest follows with this probability, up to maxArrests. */
    furtherArrestShare: 0.55,
    maxArrests: 12,
    /** Cumulative shares of 1 and 2 charges per arrest (the rest have 3). */
    chargeCountCumulative: [0.65, 0.9],
    /** Cumulative shares of convictions and dismissals among decided charges (the rest: acquittals). */
    dispositionCumulative: [0.62, 0.96],
    /** Days from arrest to disposition: charges decided after the reference day are still pending. */
    decisionDays: [14, 180],
    /** Sentences of convictions: kind, share and the range of days in custody or under supervision. */
    sentences: {
      FELONY: [
        { kind: "PRISON", share: 0.45, days: [360, 3600] },
        { kind: "JAIL", share: 0.25, days: [30, 365] },
        { kind: "PROBATION", share: 0.3, days: [360, 1800] },
      ],
      MISDEMEANOR: [
        { kind: "JAIL", share: 0.35, days: [1, 365] },
        { kind: "PROBATION", share: 0.35, days: [180, 720] },
        { kind: "FINE", share: 0.3, days: [0, 0] },
      ],
    },
    fineDollars: [50, 2000],
  },
  immigration: {
    /** Share of LPRs with a later benefit application (biometrics) on file. */
    lprBenefitShare: 0.5,
    /** Share of people who entered without inspection apprehended twice. */
    repeatApprehensionShare: 0.3,
    /** Share of people in proceedings who were first apprehended at the border (the rest entered on a visa). */
    proceedingsAfterApprehensionShare: 0.5,
    /** Share of people apprehended after entering without inspection who were given an A-number. */
    apprehendedANumberShare: 0.5,
  },
} as const;
