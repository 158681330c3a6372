import { isNcicOffenseCode, NCIC_OFFENSE_CATEGORIES } from "@tenprint/nist";
import type { Severity } from "./charge-severity.js";
import type { ArrestEvent } from "./criminal-history.js";
import { type CodeSet, PEP_2014, SC_2008, THREAT_2011 } from "./data/priority-rule-tables.js";
import { DomainInputError, requireIsoDay } from "./domain-error.js";
import { DOMAIN_PARAMETERS } from "./domain-parameters.js";

/**
 * Priority levels under three versioned rule sets. The result names the rule set, its version, the level,
 * what it rests on and a normalised copy of the inputs, so a stored level can be re-derived and audited
 * (TRAC found "Level 1" records resting on traffic and illegal-entry convictions).
 */
export type RuleSetId = "SC_2008" | "THREAT_2011" | "PEP_2014";
export const RULE_SETS: readonly RuleSetId[] = ["SC_2008", "THREAT_2011", "PEP_2014"];

export interface PriorityOffence {
  /** Four-digit NCIC offence code. */
  readonly ncic: string;
  readonly disposition: "CONVICTED" | "CHARGED";
  /** Custodial sentence imposed, days (convictions). */
  readonly sentenceDays?: number;
  /** Statutory class when known; otherwise a sentence above one year marks a felony. */
  readonly severity?: Severity;
}

/** Immigration-history facts that PEP 2014 priorities use besides convictions. */
export interface PriorityFacts {
  /** YYYY-MM-DD of a final order of removal. */
  readonly finalOrderDate?: string;
  readonly apprehendedAtBorder?: boolean;
  readonly gangOrTerrorism?: boolean;
}

export interface PriorityInput {
  readonly offences: readonly PriorityOffence[];
  readonly facts?: PriorityFacts;
}

export type PriorityBasis = "CONVICTION" | "CHARGE" | "IMMIGRATION_HISTORY" | "NONE";

export interface PriorityAssessment {
  readonly ruleSet: RuleSetId;
  readonly version: string;
  /** 1 is the highest priority; null when the rule set assigns none. */
  readonly level: 1 | 2 | 3 | null;
  /** "Level 1" (SC 2008, threat 2011) or "P1" (PEP 2014), "None". */
  readonly label: string;
  readonly basis: PriorityBasis;
  /** The rule that decided, in words an auditor can check against the inputs. */
  readonly reason: string;
  /** NCIC codes of the offences the level rests on. */
  readonly decidingOffences: readonly string[];
  readonly inputs: PriorityInput;
}

function inCodeSet(set: CodeSet, ncic: string): boolean {
  const hit = (entry: string) => (entry.length === 2 ? ncic.startsWith(entry) : ncic === entry);
  return set.include.some(hit) && !(set.except ?? []).some(hit);
}

function normalise(input: PriorityInput): PriorityInput {
  const { maxOffences } = DOMAIN_PARAMETERS.priority;
  if (input.offences.length > maxOffences) {
    throw new DomainInputError(
      "offences",
      `${input.offences.length} offences exceed the limit of ${maxOffences}`,
    );
  }
  const offences = input.offences.map((offence, index) => {
    if (!isNcicOffenseCode(offence.ncic)) {
      throw new DomainInputError(
        `offences[${index}].ncic`,
        `${offence.ncic} is not a known NCIC offence code`,
      );
    }
    if (offence.disposition !== "CONVICTED" && offence.disposition !== "CHARGED") {
      throw new DomainInputError(
        `offences[${index}].disposition`,
        `${String(offence.disposition)} is not CONVICTED or CHARGED`,
      );
    }
    const days = offence.sentenceDays;
    if (days !== undefined && !(Number.isFinite(days) && days >= 0)) {
      throw new DomainInputError(`offences[${index}].sentenceDays`, `${days} is not a number of days`);
    }
    return { ...offence };
  });
  if (input.facts?.finalOrderDate !== undefined)
    requireIsoDay("facts.finalOrderDate", input.facts.finalOrderDate);
  return input.facts ? { offences, facts: { ...input.facts } } : { offences };
}

function isFelony(offence: PriorityOffence): boolean {
  if (offence.severity) return offence.severity === "FELONY";
  return (offence.sentenceDays ?? 0) > DOMAIN_PARAMETERS.priority.felonySentenceDays;
}

function categoryName(ncic: string): string {
  return NCIC_OFFENSE_CATEGORIES[ncic.slice(0, 2)] ?? ncic;
}

type Decision = Omit<PriorityAssessment, "ruleSet" | "version" | "inputs" | "label">;

const NONE = (reason: string): Decision => ({ level: null, basis: "NONE", reason, decidingOffences: [] });

function sc2008(input: PriorityInput): Decision {
  const levelOf = (o: PriorityOffence): 1 | 2 | 3 => {
    if (inCodeSet(SC_2008.level1, o.ncic)) return 1;
    const longSentence = (o.sentenceDays ?? 0) > DOMAIN_PARAMETERS.priority.felonySentenceDays;
    if (inCodeSet(SC_2008.level1IfSentencedOverOneYear, o.ncic) && longSentence) return 1;
    return inCodeSet(SC_2008.level2, o.ncic) ? 2 : 3;
  };
  if (input.offences.length === 0) return NONE("no charges or convictions");
  // A fold, not Math.min(...spread): a record's offences are input-sized.
  const level = input.offences.reduce<number>((best, o) => Math.min(best, levelOf(o)), 3) as 1 | 2 | 3;
  const deciding = input.offences.filter((o) => levelOf(o) === level);
  // A conviction is the firmer basis: report it when one reaches the same level as a bare charge.
  const convicted = deciding.filter((o) => o.disposition === "CONVICTED");
  const basis = convicted.length > 0 ? "CONVICTION" : "CHARGE";
  const shown = convicted.length > 0 ? convicted : deciding;
  return {
    level,
    basis,
    reason: `Level ${level}: ${basis === "CONVICTION" ? "convicted of" : "charged with"} ${[
      ...new Set(shown.map((o) => categoryName(o.ncic))),
    ].join(", ")}`,
    decidingOffences: shown.map((o) => o.ncic),
  };
}

function threat2011(input: PriorityInput): Decision {
  const convictions = input.offences.filter((o) => o.disposition === "CONVICTED");
  const yearTerm = (o: PriorityOffence) =>
    (o.sentenceDays ?? 0) >= DOMAIN_PARAMETERS.priority.felonySentenceDays;
  const aggravated = convictions.filter(
    (o) =>
      inCodeSet(THREAT_2011.aggravatedFelony, o.ncic) ||
      (inCodeSet(THREAT_2011.aggravatedFelonyWithYearTerm, o.ncic) && yearTerm(o)),
  );
  const felonies = convictions.filter(isFelony);
  const misdemeanours = convictions.filter((o) => !isFelony(o));
  const codes = (list: PriorityOffence[]) => list.map((o) => o.ncic);
  if (aggravated.length > 0) {
    return {
      level: 1,
      basis: "CONVICTION",
      reason: "Level 1: aggravated felony conviction",
      decidingOffences: codes(aggravated),
    };
  }
  if (felonies.length >= 2) {
    return {
      level: 1,
      basis: "CONVICTION",
      reason: `Level 1: ${felonies.length} felony convictions`,
      decidingOffences: codes(felonies),
    };
  }
  if (felonies.length === 1) {
    return {
      level: 2,
      basis: "CONVICTION",
      reason: "Level 2: one felony conviction",
      decidingOffences: codes(felonies),
    };
  }
  if (misdemeanours.length >= 3) {
    return {
      level: 2,
      basis: "CONVICTION",
      reason: `Level 2: ${misdemeanours.length} misdemeanour convictions`,
      decidingOffences: codes(misdemeanours),
    };
  }
  if (misdemeanours.length > 0) {
    return {
      level: 3,
      basis: "CONVICTION",
      reason: `Level 3: ${misdemeanours.length} misdemeanour conviction(s)`,
      decidingOffences: codes(misdemeanours),
    };
  }
  return NONE(
    input.offences.length > 0 ? "charges only; threat levels rest on convictions" : "no convictions",
  );
}

function pep2014(input: PriorityInput): Decision {
  const facts = input.facts ?? {};
  const counted = input.offences.filter(
    (o) => o.disposition === "CONVICTED" && !inCodeSet(PEP_2014.immigrationStatusOffences, o.ncic),
  );
  const felonies = counted.filter(isFelony);
  const codes = (list: PriorityOffence[]) => list.map((o) => o.ncic);
  if (felonies.length > 0) {
    return {
      level: 1,
      basis: "CONVICTION",
      reason: "P1: felony conviction",
      decidingOffences: codes(felonies),
    };
  }
  if (facts.gangOrTerrorism || facts.apprehendedAtBorder) {
    const why = facts.gangOrTerrorism
      ? "gang participation or national-security concern"
      : "apprehended at the border";
    return { level: 1, basis: "IMMIGRATION_HISTORY", reason: `P1: ${why}`, decidingOffences: [] };
  }
  const misdemeanours = counted.filter((o) => !isFelony(o));
  const significant = misdemeanours.filter(
    (o) =>
      inCodeSet(PEP_2014.significantMisdemeanour, o.ncic) ||
      (o.sentenceDays ?? 0) >= DOMAIN_PARAMETERS.priority.significantMisdemeanourDays,
  );
  if (significant.length > 0) {
    return {
      level: 2,
      basis: "CONVICTION",
      reason: "P2: significant misdemeanour conviction",
      decidingOffences: codes(significant),
    };
  }
  const countable = misdemeanours.filter((o) => !inCodeSet(PEP_2014.minorTraffic, o.ncic));
  if (countable.length >= 3) {
    return {
      level: 2,
      basis: "CONVICTION",
      reason: `P2: ${countable.length} misdemeanour convictions`,
      decidingOffences: codes(countable),
    };
  }
  if (facts.finalOrderDate !== undefined && facts.finalOrderDate >= PEP_2014.finalOrderSince) {
    return {
      level: 3,
      basis: "IMMIGRATION_HISTORY",
      reason: `P3: final order of removal on ${facts.finalOrderDate}`,
      decidingOffences: [],
    };
  }
  return NONE("no PEP priority applies");
}

const RULES: Readonly<
  Record<RuleSetId, { version: string; decide: (input: PriorityInput) => Decision; prefix: string }>
> = {
  SC_2008: { version: SC_2008.version, decide: sc2008, prefix: "Level " },
  THREAT_2011: { version: THREAT_2011.version, decide: threat2011, prefix: "Level " },
  PEP_2014: { version: PEP_2014.version, decide: pep2014, prefix: "P" },
};

export function assessPriority(ruleSet: RuleSetId, input: PriorityInput): PriorityAssessment {
  const rules = RULES[ruleSet];
  if (!rules)
    throw new DomainInputError("ruleSet", `${String(ruleSet)} is not one of ${RULE_SETS.join(", ")}`);
  const inputs = normalise(input);
  const decision = rules.decide(inputs);
  return {
    ruleSet,
    version: rules.version,
    ...decision,
    label: decision.level === null ? "None" : `${rules.prefix}${decision.level}`,
    inputs,
  };
}

/**
 * Offences from a criminal history: convictions with their custodial
 * term, pending charges as charges; dismissed and acquitted charges are dropped because no scheme counts them.
 */
export function offencesFromHistory(arrests: readonly ArrestEvent[]): PriorityOffence[] {
  const offences: PriorityOffence[] = [];
  for (const arrest of arrests) {
    for (const charge of arrest.charges) {
      if (charge.disposition === "CONVICTED") {
        const custodial = charge.sentence?.kind === "PRISON" || charge.sentence?.kind === "JAIL";
        offences.push({
          ncic: charge.ncic,
          disposition: "CONVICTED",
          severity: charge.severity,
          sentenceDays: custodial ? (charge.sentence?.days ?? 0) : 0,
        });
      } else if (charge.disposition === "PENDING") {
        offences.push({ ncic: charge.ncic, disposition: "CHARGED", severity: charge.severity });
      }
    }
  }
  return offences;
}
