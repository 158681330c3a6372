import { textField } from "../an2k/field-access.js";
import type { NistTransaction, TextField } from "../an2k/transaction.js";
import type { ResponseContext } from "./response-context.js";
import { formatName, type PersonName } from "./subject-fields.js";
import { assembleTransaction, checkedBuild, idcText, taggedRecord } from "./transaction-assembly.js";

export type SreResult =
  | {
      readonly kind: "ident";
      /** FBI number / UCN of the identified subject. */
      readonly fbiNumber: string;
      readonly stateId?: string;
      /** Electronic rap sheet text (2.075 ERS, ≤ 200,000 characters). */
      readonly rapSheet?: string;
    }
  | {
      readonly kind: "non-ident";
      /** UCN assigned to a new record when the arrest was retained. */
      readonly fbiNumber?: string;
      readonly rapSheet?: string;
    };

export interface SreInput {
  readonly context: ResponseContext;
  /** 2.018 NAM as submitted. */
  readonly name: PersonName;
  /** 2.073 CRI of the submission (booking agency). */
  readonly cri: string;
  readonly result: SreResult;
  readonly attention?: string;
}

/** Submission Results – Electronic: ident or non-ident answer to a CAR. Throws EbtsError on bad input. */
export function buildSre(input: SreInput): NistTransaction {
  const { result } = input;
  const fields: TextField[] = [
    textField(2, idcText(0)),
    textField(18, formatName(input.name)),
    textField(59, result.kind === "ident" ? "I" : "N"),
    textField(73, input.cri),
  ];
  if (input.attention) fields.push(textField(6, input.attention));
  if (result.fbiNumber) fields.push(textField(14, result.fbiNumber));
  if (result.kind === "ident" && result.stateId) fields.push(textField(15, result.stateId));
  if (result.rapSheet) fields.push(textField(75, result.rapSheet));
  const transaction = assembleTransaction(
    { tot: "SRE", header: input.context.header, tcr: input.context.tcr },
    [taggedRecord(2, fields)],
  );
  return checkedBuild(transaction, "SRE");
}
