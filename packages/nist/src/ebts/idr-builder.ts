import { textField } from "../an2k/field-access.js";
import type { NistTransaction, TextField } from "../an2k/transaction.js";
import type { ResponseContext } from "./response-context.js";
import { formatName, type PersonName } from "./subject-fields.js";
import { assembleTransaction, checkedBuild, idcText, taggedRecord } from "./transaction-assembly.js";

export type IdrResult =
  | {
      readonly match: true;
      /** IDENT fingerprint identification number. */
      readonly fin: string;
      /** IDENT encounter identifiers (1–20). */
      readonly encounterIds?: readonly string[];
      /** A-number, digits only (8 or 9). */
      readonly aNumber?: string;
      readonly fbiNumber?: string;
    }
  | { readonly match: false };

export interface IdrInput {
  readonly context: ResponseContext;
  /** 2.018 NAM as submitted. */
  readonly name: PersonName;
  /** 2.073 CRI of the submission (booking agency). */
  readonly cri: string;
  readonly result: IdrResult;
  /** One free-text line (2.060 MSG), e.g. the IDENT data response sharing notice. */
  readonly message?: string;
}

/** IDENT Data Response (SRE-shaped): match with identifiers, or no match. Throws EbtsError on bad input. */
export function buildIdr(input: IdrInput): NistTransaction {
  const { result } = input;
  const fields: TextField[] = [
    textField(2, idcText(0)),
    textField(18, formatName(input.name)),
    textField(59, result.match ? "I" : "N"),
    textField(73, input.cri),
  ];
  if (result.match) {
    if (result.fbiNumber) fields.push(textField(14, result.fbiNumber));
    fields.push(textField(901, result.fin));
    if (result.encounterIds && result.encounterIds.length > 0) {
      fields.push(
        textField(
          902,
          result.encounterIds.map((id) => [id]),
        ),
      );
    }
    if (result.aNumber) fields.push(textField(903, result.aNumber));
  }
  if (input.message) fields.push(textField(60, input.message));
  const transaction = assembleTransaction(
    { tot: "IDR", header: input.context.header, tcr: input.context.tcr },
    [taggedRecord(2, fields)],
  );
  return checkedBuild(transaction, "IDR");
}
