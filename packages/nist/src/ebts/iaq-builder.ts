import { textField } from "../an2k/field-access.js";
import type { NistTransaction, TextField } from "../an2k/transaction.js";
import type { IaqPurposeCode, NcicOffenseCode, SexCode } from "./profiles/code-tables.js";
import { formatName, type PersonName } from "./subject-fields.js";
import {
  assembleTransaction,
  checkedBuild,
  idcText,
  type TransactionHeader,
  taggedRecord,
} from "./transaction-assembly.js";

/** The Nlets ORI of the ICE Law Enforcement Support Center, the usual IAQ destination. */
export const LESC_ORI = "VTICE0900";

/** An Immigration Alien Query: the Nlets IAQ fields with typed codes. */
export interface IaqInput {
  /** Defaults `dai` to the LESC. */
  readonly header: Omit<TransactionHeader, "dai"> & { readonly dai?: string };
  /** PUR/: C or F. */
  readonly purpose: IaqPurposeCode;
  /** ATN/: who the answer is for (≤ 30, no periods). */
  readonly attention: string;
  /** PHN/: requester telephone (≤ 20). */
  readonly phone: string;
  readonly name: PersonName;
  /** DOB/: CCYYMMDD. */
  readonly dateOfBirth: string;
  readonly sex: SexCode;
  /** POB/: two-letter NCIC state or country code. */
  readonly placeOfBirth: string;
  /** CUS/: Y when the subject is in custody. */
  readonly inCustody: boolean;
  /** OFF/: NCIC code of the most serious charge; "0399" when there is none. */
  readonly offense: NcicOffenseCode;
  /** ARN/: A-number, 8 or 9 digits. */
  readonly aNumber?: string;
  readonly fbiNumber?: string;
  readonly stateId?: string;
  /** Booking agency whose arrest triggered the query (2.073 CRI). */
  readonly cri?: string;
}

/** Builds an IAQ as a Type-1 + Type-2 transaction (TOT "IAQ"). Throws EbtsError on bad input. */
export function buildIaq(input: IaqInput): NistTransaction {
  const fields: TextField[] = [
    textField(2, idcText(0)),
    textField(6, input.attention),
    textField(18, formatName(input.name)),
    textField(20, input.placeOfBirth),
    textField(22, input.dateOfBirth),
    textField(24, input.sex),
    textField(904, input.phone),
    textField(905, input.inCustody ? "Y" : "N"),
    textField(906, input.offense),
    textField(907, input.purpose),
  ];
  if (input.fbiNumber) fields.push(textField(14, input.fbiNumber));
  if (input.stateId) fields.push(textField(15, input.stateId));
  if (input.cri) fields.push(textField(73, input.cri));
  if (input.aNumber) fields.push(textField(903, input.aNumber));
  const header: TransactionHeader = { ...input.header, dai: input.header.dai ?? LESC_ORI };
  const transaction = assembleTransaction({ tot: "IAQ", header }, [taggedRecord(2, fields)]);
  return checkedBuild(transaction, "IAQ");
}
