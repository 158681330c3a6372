import type { PersonName, SexCode } from "@tenprint/nist";
import type { ArrestEvent } from "../domain/criminal-history.js";
import type { Corroboration, ImmigrationRecordView } from "../domain/lesc-determination.js";

/**
 * What a repository holds about one enrolled subject. The criminal repository fills `criminalHistory`,
 * IDENT fills `immigration`; `corroboration` stands for the other databases the LESC consults (USCIS
 * naturalisation, vital records). Synthetic records say so, and travel whole into every disclosure.
 */
export interface SubjectRecord {
  readonly synthetic: boolean;
  readonly identity: string;
  readonly fbiNumber?: string;
  readonly stateId?: string;
  readonly fin?: string;
  readonly aNumber?: string;
  readonly name: PersonName;
  readonly aliases?: readonly PersonName[];
  /** CCYYMMDD. */
  readonly dateOfBirth: string;
  readonly sex: SexCode;
  readonly placeOfBirth?: string;
  readonly citizenship?: string;
  readonly criminalHistory?: readonly ArrestEvent[];
  readonly immigration?: ImmigrationRecordView;
  readonly corroboration?: Corroboration;
}

/** The stored JSON as a SubjectRecord; storage keeps it untyped so the format can grow. */
export function asSubjectRecord(json: Record<string, unknown> | undefined): SubjectRecord | undefined {
  if (!json || typeof json.identity !== "string" || typeof json.name !== "object") return undefined;
  return json as unknown as SubjectRecord;
}
