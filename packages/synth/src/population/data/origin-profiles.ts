import type { NamePoolKey } from "./name-frequencies.js";

/**
 * Origin profiles of synthetic persons: which name pool they draw from, the EBTS race codes (RAC)
 * recorded for them, how many are foreign-born, and the birth countries of those who are.
 *
 * Country codes are NCIC state/country codes as used in 2.020 POB and 2.021 CTZ, recalled from the NCIC
 * Code Manual (Personal Descriptors, POB) and not re-verified here: MM Mexico, GT Guatemala, ES El
 * Salvador, HO Honduras, CU Cuba, DR Dominican Republic, EC Ecuador, CH China, VN Vietnam, PI Philippines,
 * II India, PK Pakistan, JM Jamaica, HT Haiti, EG Egypt, JO Jordan, UK United Kingdom, IT Italy. Weights
 * give a varied synthetic arrestee population; they are not demographic statistics.
 */
export interface OriginProfile {
  readonly pool: NamePoolKey;
  /** Default share of this origin in a synthetic population. */
  readonly weight: number;
  readonly race: Readonly<Partial<Record<"A" | "B" | "I" | "U" | "W", number>>>;
  readonly foreignBornShare: number;
  readonly birthCountries: readonly (readonly [string, number])[];
}

export type OriginKey = NamePoolKey;

export const ORIGIN_PROFILES: Readonly<Record<OriginKey, OriginProfile>> = {
  general: {
    pool: "general",
    weight: 0.5,
    race: { W: 0.62, B: 0.34, I: 0.01, U: 0.03 },
    foreignBornShare: 0.01,
    birthCountries: [["UK", 1]],
  },
  hispanic: {
    pool: "hispanic",
    weight: 0.24,
    race: { W: 0.9, B: 0.03, I: 0.02, U: 0.05 },
    foreignBornShare: 0.45,
    birthCountries: [
      ["MM", 0.62],
      ["GT", 0.09],
      ["ES", 0.09],
      ["HO", 0.07],
      ["CU", 0.04],
      ["DR", 0.05],
      ["EC", 0.04],
    ],
  },
  "east-asian": {
    pool: "east-asian",
    weight: 0.025,
    race: { A: 0.97, U: 0.03 },
    foreignBornShare: 0.6,
    birthCountries: [["CH", 1]],
  },
  vietnamese: {
    pool: "vietnamese",
    weight: 0.015,
    race: { A: 0.98, U: 0.02 },
    foreignBornShare: 0.6,
    birthCountries: [["VN", 1]],
  },
  filipino: {
    pool: "filipino",
    weight: 0.01,
    race: { A: 0.95, U: 0.05 },
    foreignBornShare: 0.55,
    birthCountries: [["PI", 1]],
  },
  "south-asian": {
    pool: "south-asian",
    weight: 0.015,
    race: { A: 0.95, U: 0.05 },
    foreignBornShare: 0.65,
    birthCountries: [
      ["II", 0.8],
      ["PK", 0.2],
    ],
  },
  caribbean: {
    pool: "caribbean",
    weight: 0.02,
    race: { B: 0.96, U: 0.04 },
    foreignBornShare: 0.55,
    birthCountries: [
      ["JM", 0.5],
      ["HT", 0.5],
    ],
  },
  "middle-eastern": {
    pool: "middle-eastern",
    weight: 0.01,
    race: { W: 0.93, U: 0.07 },
    foreignBornShare: 0.5,
    birthCountries: [
      ["EG", 0.5],
      ["JO", 0.5],
    ],
  },
  european: {
    pool: "european",
    weight: 0.12,
    race: { W: 0.98, U: 0.02 },
    foreignBornShare: 0.04,
    birthCountries: [
      ["UK", 0.5],
      ["IT", 0.5],
    ],
  },
  "native-american": {
    pool: "native-american",
    weight: 0.015,
    race: { I: 0.95, W: 0.03, U: 0.02 },
    foreignBornShare: 0,
    birthCountries: [],
  },
};
