import type { NcicOffenseCode } from "@tenprint/nist";
import type { SeededRandom } from "../seeded-random.js";
import { WeightedTable } from "../weighted-table.js";
import { compactDate, DAY_MS } from "./calendar-dates.js";
import { NCIC_OFFENSES, type OffenseKind, type Severity } from "./data/ncic-offenses.js";
import { POPULATION_PARAMETERS as P } from "./population-parameters.js";

export type Disposition = "CONVICTED" | "DISMISSED" | "ACQUITTED" | "PENDING";

export interface Sentence {
  readonly kind: "PRISON" | "JAIL" | "PROBATION" | "FINE";
  /** Custody or supervision length in days (absent for fines). */
  readonly days?: number;
  /** Fine in dollars (fines only). */
  readonly amount?: number;
}

export interface ChargeOutcome {
  readonly ncic: NcicOffenseCode;
  readonly literal: string;
  readonly severity: Severity;
  readonly disposition: Disposition;
  /** CCYYMMDD; absent while pending. */
  readonly dispositionDate?: string;
  readonly sentence?: Sentence;
}

export interface ArrestEvent {
  /** CCYYMMDD. */
  readonly date: string;
  readonly state: string;
  readonly agencyOri: string;
  readonly charges: readonly ChargeOutcome[];
}

/** A person's record in the criminal repository (the IAFIS role) before the simulation starts. */
export interface CriminalRecord {
  readonly synthetic: true;
  readonly personId: string;
  readonly fbiNumber: string;
  readonly stateId: string;
  readonly arrests: readonly ArrestEvent[];
}

export const OFFENSE_TABLE = new WeightedTable(NCIC_OFFENSES.map((kind) => [kind, kind.weight] as const));

/** 1 charge in most bookings, sometimes 2 or 3. */
export function drawChargeCount(random: SeededRandom): number {
  const u = random.next();
  const [one, two] = P.criminal.chargeCountCumulative;
  return u < one ? 1 : u < two ? 2 : 3;
}

/** Distinct offence kinds for one arrest. */
export function drawOffenses(random: SeededRandom, count: number): OffenseKind[] {
  const chosen: OffenseKind[] = [];
  for (let attempt = 0; chosen.length < count && attempt < count * 10; attempt++) {
    const kind = OFFENSE_TABLE.sample(random);
    if (!chosen.includes(kind)) chosen.push(kind);
  }
  return chosen;
}

function drawSentence(severity: Severity, random: SeededRandom): Sentence {
  const options = P.criminal.sentences[severity];
  const choice = new WeightedTable(options.map((option) => [option, option.share] as const)).sample(random);
  if (choice.kind === "FINE")
    return { kind: "FINE", amount: random.int(P.criminal.fineDollars[0], P.criminal.fineDollars[1]) };
  return { kind: choice.kind, days: random.int(choice.days[0], choice.days[1]) };
}

function drawOutcome(
  kind: OffenseKind,
  arrestMs: number,
  referenceMs: number,
  random: SeededRandom,
): ChargeOutcome {
  const base = { ncic: kind.ncic, literal: kind.literal, severity: kind.severity };
  const [soonest, latest] = P.criminal.decisionDays;
  const decidedMs = arrestMs + random.int(soonest, latest) * DAY_MS;
  if (decidedMs >= referenceMs) return { ...base, disposition: "PENDING" };
  const u = random.next();
  const dispositionDate = compactDate(decidedMs);
  const [convicted, dismissed] = P.criminal.dispositionCumulative;
  if (u < convicted) {
    return {
      ...base,
      disposition: "CONVICTED",
      dispositionDate,
      sentence: drawSentence(kind.severity, random),
    };
  }
  if (u < dismissed) return { ...base, disposition: "DISMISSED", dispositionDate };
  return { ...base, disposition: "ACQUITTED", dispositionDate };
}

export interface ArrestPlace {
  readonly state: string;
  readonly agencyOri: string;
}

/**
 * Prior arrests between the person's 18th birthday and the reference day: one, then more with
 * probability (a geometric count with a cap, POPULATION_PARAMETERS.criminal), each with 1–3 charges and
 * their outcomes.
 */
export function drawArrests(
  adultFromMs: number,
  referenceMs: number,
  place: () => ArrestPlace,
  random: SeededRandom,
): ArrestEvent[] {
  let count = 1;
  while (count < P.criminal.maxArrests && random.chance(P.criminal.furtherArrestShare)) count += 1;
  const span = Math.max(1, Math.floor((referenceMs - adultFromMs) / DAY_MS) - 1);
  const days = Array.from({ length: count }, () => random.int(0, span)).sort((a, b) => a - b);
  return days.map((day) => {
    const arrestMs = adultFromMs + day * DAY_MS;
    const { state, agencyOri } = place();
    const charges = drawOffenses(random, drawChargeCount(random)).map((kind) =>
      drawOutcome(kind, arrestMs, referenceMs, random),
    );
    return { date: compactDate(arrestMs), state, agencyOri, charges };
  });
}
