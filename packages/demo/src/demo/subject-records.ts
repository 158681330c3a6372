import type { Corroboration, SubjectRecord } from "@tenprint/hub";
import type { CriminalRecord, ImmigrationRecord, Person } from "@tenprint/synth";

function biographics(person: Person) {
  return {
    synthetic: true,
    name: person.name,
    aliases: person.aliases,
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    placeOfBirth: person.placeOfBirth,
    citizenship: person.citizenship,
  } as const;
}

/** The criminal repository's record of a synthetic person, keyed by the FBI number. */
export function criminalSubjectRecord(person: Person, record: CriminalRecord): SubjectRecord {
  return {
    ...biographics(person),
    identity: record.fbiNumber,
    fbiNumber: record.fbiNumber,
    stateId: record.stateId,
    criminalHistory: record.arrests,
  };
}

/**
 * IDENT's record of a synthetic person, keyed by the FIN. The record shows what IDENT holds, never the
 * truth; the truth reaches the LESC only as corroboration from other sources (a USCIS naturalisation,
 * a US birth record), as it would through the databases the LESC consults.
 */
export function identSubjectRecord(person: Person, record: ImmigrationRecord): SubjectRecord {
  const naturalised =
    record.trueStatus === "NATURALIZED_CITIZEN" || record.trueStatus === "NATURALIZED_RECORD_NOT_UPDATED";
  const lastEncounter = record.encounters.at(-1)?.date;
  const corroboration: Corroboration =
    naturalised && lastEncounter
      ? { naturalizedOn: lastEncounter }
      : record.trueStatus === "US_CITIZEN"
        ? { usBirthRecord: true }
        : {};
  return {
    ...biographics(person),
    identity: record.fin,
    fin: record.fin,
    ...(record.aNumber ? { aNumber: record.aNumber } : {}),
    immigration: {
      recordedStatus: record.recordedStatus,
      ...(record.aNumber ? { aNumber: record.aNumber } : {}),
      encounters: record.encounters.map((encounter) => ({ kind: encounter.kind, date: encounter.date })),
    },
    corroboration,
  };
}
