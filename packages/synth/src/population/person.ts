import type { EyeColorCode, HairColorCode, PersonName, RaceCode } from "@tenprint/nist";
import type { FingerprintClass } from "../fingerprint/fingerprint-class.js";
import type { OriginKey } from "./data/origin-profiles.js";
import type { ImmigrationStatus } from "./immigration-status.js";

/** One finger of a synthetic person: its seed reproduces the master print and every impression of it. */
export interface FingerRecord {
  /** ANSI/NIST finger position, 1 right thumb … 10 left little. */
  readonly position: number;
  /** Integer in [0, 2^53): the `seed` of the fingerprint generator's master finger. */
  readonly seed: number;
  readonly fingerClass: FingerprintClass;
}

/** A synthetic person. Every field is generated; `synthetic: true` travels with every exported record. */
export interface Person {
  /** "SYN-P-" and a zero-padded index, unique in a population. */
  readonly id: string;
  readonly synthetic: true;
  readonly origin: OriginKey;
  readonly name: PersonName;
  readonly aliases: readonly PersonName[];
  /** CCYYMMDD. */
  readonly dateOfBirth: string;
  /** Other dates of birth the person has given (typos, lies); CCYYMMDD. */
  readonly otherDatesOfBirth: readonly string[];
  readonly sex: "M" | "F";
  readonly race: RaceCode;
  readonly heightInches: number;
  readonly weightPounds: number;
  readonly eyeColor: EyeColorCode;
  readonly hairColor: HairColorCode;
  /** NCIC state or country code. */
  readonly placeOfBirth: string;
  /** NCIC country code of citizenship ("US" for citizens by birth or naturalisation). */
  readonly citizenship: string;
  readonly residence: { readonly state: string; readonly countyFips: string };
  readonly immigrationStatus: ImmigrationStatus;
  readonly fingers: readonly FingerRecord[];
  /** Present when the person is in the criminal repository before the simulation starts. */
  readonly fbiNumber?: string;
  readonly stateId?: string;
  /** Present when IDENT holds the person. */
  readonly fin?: string;
  readonly aNumber?: string;
  readonly repositories: { readonly criminal: boolean; readonly ident: boolean };
}
