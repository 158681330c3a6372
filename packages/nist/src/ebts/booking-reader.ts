import { fieldText, findField } from "../an2k/field-access.js";
import type { NistRecord, NistTransaction, TaggedRecord } from "../an2k/transaction.js";
import type { Arrest, BookingSubmission, BookingTot, Charge, FingerImage } from "./car-builder.js";
import { EbtsError } from "./ebts-error.js";
import { hasErrors } from "./ebts-problem.js";
import { getTextByMnemonic, getValuesByMnemonic } from "./field-dictionary.js";
import { declaredFingerResolution, MINIMUM_SCANNING_PPI } from "./finger-resolution.js";
import {
  type CompressionCode,
  type EyeColorCode,
  type HairColorCode,
  isNcicOffenseCode,
  type NcicOffenseCode,
  type PriorityCode,
  type RaceCode,
  type SexCode,
} from "./profiles/code-tables.js";
import { type Biographics, parseName } from "./subject-fields.js";
import { validateTransaction } from "./validate-transaction.js";

/** A charge as read from 2.047 ASL; files from other systems carry no NCIC code item. */
export type ReadCharge = Omit<Charge, "ncic"> & { readonly ncic?: NcicOffenseCode };

/** A booking read back from a CAR or CNA: the typed form the builders take, plus the TOT. */
export interface Booking extends Omit<BookingSubmission, "arrest"> {
  readonly tot: BookingTot;
  readonly arrest: Omit<Arrest, "charges"> & { readonly charges: readonly ReadCharge[] };
}

/** 2.027 HGT back to inches: "510" → 70, "N70" → 70, "000" → 0. */
function parseHeight(text: string): number {
  if (text.startsWith("N")) return Number(text.slice(1));
  return Number(text.slice(0, 1)) * 12 + Number(text.slice(1));
}

function text(record: TaggedRecord, number: number): string {
  const found = findField(record, number);
  return found?.kind === "text" ? fieldText(found) : "";
}

function fingerOf(record: NistRecord, transaction: NistTransaction): FingerImage | undefined {
  const ppi = declaredFingerResolution(record, transaction)?.horizontal ?? MINIMUM_SCANNING_PPI;
  if (record.kind === "binary" && record.type === 4) {
    const number = (key: string) => {
      const value = record.header[key];
      return typeof value === "number" ? value : (value?.[0] ?? 0);
    };
    return {
      fgp: number("FGP") as FingerImage["fgp"],
      imp: number("IMP") as FingerImage["imp"],
      width: number("HLL"),
      height: number("VLL"),
      ppi,
      compression: number("CGA") === 1 ? "WSQ20" : "NONE",
      data: record.data,
    };
  }
  if (record.kind !== "tagged" || record.type !== 14) return undefined;
  const data = findField(record, 999);
  return {
    fgp: Number(text(record, 13).split("\x1e")[0]) as FingerImage["fgp"],
    imp: Number(text(record, 3)) as FingerImage["imp"],
    width: Number(text(record, 6)),
    height: Number(text(record, 7)),
    ppi,
    compression: text(record, 11) as CompressionCode,
    data: data?.kind === "data" ? data.data : new Uint8Array(),
    captureDate: text(record, 5),
  };
}

/**
 * Reads a CAR, CNA or CPNU into the typed booking the builders take (images are views, not copies).
 * Throws EbtsError with every problem when the transaction does not validate.
 */
export function readBooking(transaction: NistTransaction): Booking {
  const tot = getTextByMnemonic(transaction, "TOT", 1);
  if (tot !== "CAR" && tot !== "CNA" && tot !== "CPNU")
    throw new EbtsError(`expected a CAR, CNA or CPNU, 1.004 TOT is ${JSON.stringify(tot ?? "")}`);
  const problems = validateTransaction(transaction);
  if (hasErrors(problems)) {
    throw new EbtsError(
      `the ${tot} does not validate`,
      problems.filter((problem) => problem.severity === "error"),
    );
  }
  const value = (mnemonic: string) => getTextByMnemonic(transaction, mnemonic, 2);
  const optional = (mnemonic: string) => value(mnemonic) || undefined;
  const required = (mnemonic: string) => value(mnemonic) ?? "";
  const priority = getTextByMnemonic(transaction, "PRY", 1);
  const aliases = getValuesByMnemonic(transaction, "AKA", 2).map(parseName);
  const subject: Biographics = {
    name: parseName(required("NAM")),
    dateOfBirth: required("DOB"),
    sex: required("SEX") as SexCode,
    race: required("RAC") as RaceCode,
    heightInches: parseHeight(required("HGT")),
    weightPounds: Number(required("WGT")),
    eyeColor: required("EYE") as EyeColorCode,
    hairColor: required("HAI") as HairColorCode,
    placeOfBirth: required("POB"),
    citizenship: optional("CTZ"),
    aliases: aliases.length > 0 ? aliases : undefined,
    ssn: optional("SOC"),
    fbiNumber: optional("FBI"),
    stateId: optional("SID"),
  };
  const charges: ReadCharge[] = getValuesByMnemonic(transaction, "ASL", 2).map((segment) => {
    const [dateOfOffense = "", literal = "", ncic = ""] = segment.split("\x1f");
    return {
      literal,
      ...(isNcicOffenseCode(ncic) ? { ncic } : {}),
      ...(dateOfOffense ? { dateOfOffense } : {}),
    };
  });
  const otherAgencyOris = getValuesByMnemonic(transaction, "CRI", 2).slice(1);
  const arrest: Booking["arrest"] = {
    date: required("DOA"),
    charges,
    bookingAgencyOri: required("CRI"),
    ...(otherAgencyOris.length > 0 ? { otherAgencyOris } : {}),
    retain: value("RET") !== "N",
    caseNumber: optional("OCA"),
    attention: optional("ATN"),
  };
  const rap = value("RAP");
  return {
    tot,
    header: {
      ori: getTextByMnemonic(transaction, "ORI", 1) ?? "",
      dai: getTextByMnemonic(transaction, "DAI", 1) ?? "",
      tcn: getTextByMnemonic(transaction, "TCN", 1) ?? "",
      date: getTextByMnemonic(transaction, "DAT", 1) ?? "",
      ...(priority ? { priority: Number(priority) as PriorityCode } : {}),
    },
    subject,
    arrest,
    fingers: transaction.records.flatMap((record) => fingerOf(record, transaction) ?? []),
    requestRapSheet: rap === undefined ? undefined : rap === "Y",
  };
}
