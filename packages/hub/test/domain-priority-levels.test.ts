import { generatePopulation, NCIC_OFFENSES } from "@tenprint/synth";
import { describe, expect, it } from "vitest";
import {
  assessPriority,
  offencesFromHistory,
  type PriorityInput,
  type PriorityOffence,
} from "../src/domain/priority-levels.js";
import { DomainInputError, RULE_SETS, type RuleSetId } from "../src/index.js";

const convicted = (ncic: string, extra: Partial<PriorityOffence> = {}): PriorityOffence => ({
  ncic,
  disposition: "CONVICTED",
  ...extra,
});
const charged = (ncic: string): PriorityOffence => ({ ncic, disposition: "CHARGED" });
const M = { severity: "MISDEMEANOR" } as const;
const F = { severity: "FELONY" } as const;

type Case = [string, RuleSetId, PriorityInput, string, string];

describe("priority levels by versioned rule set", () => {
  it.each<Case>([
    ["SC: nothing", "SC_2008", { offences: [] }, "None", "NONE"],
    ["SC: charged with homicide", "SC_2008", { offences: [charged("0999")] }, "Level 1", "CHARGE"],
    [
      "SC: simple assault is not aggravated",
      "SC_2008",
      { offences: [convicted("1313", M)] },
      "Level 3",
      "CONVICTION",
    ],
    [
      "SC: shoplifting is a property offence",
      "SC_2008",
      { offences: [convicted("2303", M)] },
      "Level 2",
      "CONVICTION",
    ],
    [
      "SC: drugs with over a year",
      "SC_2008",
      { offences: [convicted("3599", { sentenceDays: 400 })] },
      "Level 1",
      "CONVICTION",
    ],
    [
      "SC: drugs with a short term",
      "SC_2008",
      { offences: [convicted("3562", { sentenceDays: 30 })] },
      "Level 2",
      "CONVICTION",
    ],
    ["SC: illegal entry only", "SC_2008", { offences: [convicted("0301", M)] }, "Level 3", "CONVICTION"],
    [
      "SC: a conviction wins the basis at the same level",
      "SC_2008",
      { offences: [charged("0999"), convicted("1299")] },
      "Level 1",
      "CONVICTION",
    ],
    ["threat: charges only", "THREAT_2011", { offences: [charged("0999")] }, "None", "NONE"],
    [
      "threat: murder is an aggravated felony",
      "THREAT_2011",
      { offences: [convicted("0999", F)] },
      "Level 1",
      "CONVICTION",
    ],
    [
      "threat: robbery with a year",
      "THREAT_2011",
      { offences: [convicted("1299", { ...F, sentenceDays: 400 })] },
      "Level 1",
      "CONVICTION",
    ],
    [
      "threat: robbery with less",
      "THREAT_2011",
      { offences: [convicted("1299", { ...F, sentenceDays: 100 })] },
      "Level 2",
      "CONVICTION",
    ],
    [
      "threat: two felonies",
      "THREAT_2011",
      { offences: [convicted("2599", F), convicted("2404", F)] },
      "Level 1",
      "CONVICTION",
    ],
    [
      "threat: felony by sentence alone",
      "THREAT_2011",
      { offences: [convicted("2699", { sentenceDays: 500 })] },
      "Level 2",
      "CONVICTION",
    ],
    [
      "threat: three misdemeanours",
      "THREAT_2011",
      { offences: [convicted("5403", M), convicted("2303", M), convicted("5399", M)] },
      "Level 2",
      "CONVICTION",
    ],
    [
      "threat: one misdemeanour",
      "THREAT_2011",
      { offences: [convicted("5403", M)] },
      "Level 3",
      "CONVICTION",
    ],
    ["PEP: status offences do not count", "PEP_2014", { offences: [convicted("0301", F)] }, "None", "NONE"],
    ["PEP: felony", "PEP_2014", { offences: [convicted("2599", F)] }, "P1", "CONVICTION"],
    [
      "PEP: border apprehension",
      "PEP_2014",
      { offences: [], facts: { apprehendedAtBorder: true } },
      "P1",
      "IMMIGRATION_HISTORY",
    ],
    ["PEP: DUI is significant", "PEP_2014", { offences: [convicted("5403", M)] }, "P2", "CONVICTION"],
    [
      "PEP: 90 days makes a misdemeanour significant",
      "PEP_2014",
      { offences: [convicted("2303", { ...M, sentenceDays: 120 })] },
      "P2",
      "CONVICTION",
    ],
    [
      "PEP: three misdemeanours",
      "PEP_2014",
      { offences: [convicted("2303", M), convicted("5399", M), convicted("4199", M)] },
      "P2",
      "CONVICTION",
    ],
    [
      "PEP: minor traffic does not count",
      "PEP_2014",
      { offences: [convicted("2303", M), convicted("5399", M), convicted("5499", M)] },
      "None",
      "NONE",
    ],
    [
      "PEP: final order since 2014",
      "PEP_2014",
      { offences: [], facts: { finalOrderDate: "2014-03-01" } },
      "P3",
      "IMMIGRATION_HISTORY",
    ],
    [
      "PEP: older final order",
      "PEP_2014",
      { offences: [], facts: { finalOrderDate: "2013-12-31" } },
      "None",
      "NONE",
    ],
  ])("%s", (_, ruleSet, input, label, basis) => {
    const assessment = assessPriority(ruleSet, input);
    expect({ label: assessment.label, basis: assessment.basis }).toEqual({ label, basis });
  });

  it("stores rule set, version, deciding offences and a copy of the inputs", () => {
    const input: PriorityInput = { offences: [charged("0999"), convicted("5403", M)] };
    const a = assessPriority("SC_2008", input);
    expect(a).toMatchObject({ ruleSet: "SC_2008", version: "2008.1", level: 1, decidingOffences: ["0999"] });
    expect(a.reason).toMatch(/charged with Homicide/);
    expect(a.inputs).toEqual(input);
    expect(a.inputs.offences).not.toBe(input.offences);
  });

  it("rejects unknown codes, dispositions, sentences and rule sets by name", () => {
    expect(() => assessPriority("SC_2008", { offences: [convicted("AB12")] })).toThrow(/offences\[0\]\.ncic/);
    expect(() =>
      assessPriority("SC_2008", { offences: [{ ncic: "0999", disposition: "MAYBE" as never }] }),
    ).toThrow(DomainInputError);
    expect(() => assessPriority("SC_2008", { offences: [convicted("0999", { sentenceDays: -1 })] })).toThrow(
      /sentenceDays/,
    );
    expect(() => assessPriority("SC_1999" as RuleSetId, { offences: [] })).toThrow(/ruleSet/);
  });

  it("gives every synthetic offence kind a level under every rule set, felonies at least Level 2 under threat levels", () => {
    for (const kind of NCIC_OFFENSES) {
      const input = { offences: [convicted(kind.ncic, { severity: kind.severity })] };
      for (const ruleSet of RULE_SETS) {
        const a = assessPriority(ruleSet, input);
        if (ruleSet === "SC_2008") expect(a.level).not.toBeNull();
      }
      const threat = assessPriority("THREAT_2011", input);
      if (kind.severity === "FELONY") expect(threat.level).toBeLessThanOrEqual(2);
      else expect(threat.level).toBe(3);
    }
  });

  it("re-derives the same assessment from the stored inputs of synthetic histories", () => {
    const population = generatePopulation({ people: 300, seed: "priority-audit" });
    let assessed = 0;
    for (const record of population.criminalRecords) {
      const offences = offencesFromHistory(record.arrests);
      for (const ruleSet of RULE_SETS) {
        const stored = JSON.parse(JSON.stringify(assessPriority(ruleSet, { offences })));
        expect(assessPriority(stored.ruleSet, stored.inputs)).toEqual(stored);
        assessed++;
      }
    }
    expect(assessed).toBeGreaterThan(30);
  });
});
