import { textField } from "../an2k/field-access.js";
import type { NistTransaction, TextField } from "../an2k/transaction.js";
import type {
  HistoryDispositionCode,
  ImmigrationStatusCode,
  NcicOffenseCode,
  SexCode,
} from "./profiles/code-tables.js";
import type { ResponseContext } from "./response-context.js";
import { formatName, type PersonName } from "./subject-fields.js";
import { assembleTransaction, checkedBuild, idcText, taggedRecord } from "./transaction-assembly.js";

/** One entry of the criminal-history summary (2.909 CHS). */
export interface HistoryEntry {
  /** CCYYMMDD of the offence or arrest. */
  readonly date?: string;
  /** Four-digit NCIC offence code. */
  readonly ncic: NcicOffenseCode;
  readonly literal: string;
  readonly disposition: HistoryDispositionCode;
}

export interface IarInput {
  /** Answers an IAQ: TCR = the IAQ's TCN. */
  readonly context: ResponseContext;
  readonly status: ImmigrationStatusCode;
  readonly name: PersonName;
  readonly dateOfBirth: string;
  readonly sex: SexCode;
  readonly placeOfBirth?: string;
  readonly citizenship?: string;
  readonly aliases?: readonly PersonName[];
  readonly aNumber?: string;
  readonly fbiNumber?: string;
  readonly stateId?: string;
  readonly fin?: string;
  readonly criminalHistory?: readonly HistoryEntry[];
  /** Analyst remarks (free text, ≤ 4000). */
  readonly remarks?: string;
  /** The IAQ's ATN, echoed. */
  readonly attention?: string;
  /** 2.007 SCO: ORIs that also receive the IAR, e.g. the ERO field office. */
  readonly copyTo?: readonly string[];
}

/** Immigration Alien Response (TOT "IAR"). Throws EbtsError on bad input. */
export function buildIar(input: IarInput): NistTransaction {
  const fields: TextField[] = [
    textField(2, idcText(0)),
    textField(18, formatName(input.name)),
    textField(22, input.dateOfBirth),
    textField(24, input.sex),
    textField(908, input.status),
  ];
  if (input.attention) fields.push(textField(6, input.attention));
  if (input.copyTo && input.copyTo.length > 0)
    fields.push(
      textField(
        7,
        input.copyTo.map((ori) => [ori]),
      ),
    );
  if (input.fbiNumber) fields.push(textField(14, input.fbiNumber));
  if (input.stateId) fields.push(textField(15, input.stateId));
  if (input.aliases && input.aliases.length > 0) {
    fields.push(
      textField(
        19,
        input.aliases.map((alias) => [formatName(alias)]),
      ),
    );
  }
  if (input.placeOfBirth) fields.push(textField(20, input.placeOfBirth));
  if (input.citizenship) fields.push(textField(21, input.citizenship));
  if (input.fin) fields.push(textField(901, input.fin));
  if (input.aNumber) fields.push(textField(903, input.aNumber));
  if (input.criminalHistory && input.criminalHistory.length > 0) {
    fields.push(
      textField(
        909,
        input.criminalHistory.map((entry) => [
          entry.date ?? "",
          entry.ncic,
          entry.literal,
          entry.disposition,
        ]),
      ),
    );
  }
  if (input.remarks) fields.push(textField(910, input.remarks));
  const transaction = assembleTransaction(
    { tot: "IAR", header: input.context.header, tcr: input.context.tcr },
    [taggedRecord(2, fields)],
  );
  return checkedBuild(transaction, "IAR");
}
