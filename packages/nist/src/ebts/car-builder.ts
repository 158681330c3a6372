import { dataField, textField } from "../an2k/field-access.js";
import type { NistTransaction, TaggedRecord, TextField } from "../an2k/transaction.js";
import type {
  CompressionCode,
  FingerPosition,
  ImpressionType,
  NcicOffenseCode,
} from "./profiles/code-tables.js";
import { type Biographics, biographicFields } from "./subject-fields.js";
import {
  assembleTransaction,
  checkedBuild,
  idcText,
  type TransactionHeader,
  taggedRecord,
} from "./transaction-assembly.js";

/** One charge of the arrest segment (2.047 ASL). */
export interface Charge {
  /** Four-digit NCIC offence code, e.g. "1313" (simple assault). */
  readonly ncic: NcicOffenseCode;
  /** Arrest offence literal, free text (≤ 300 characters). */
  readonly literal: string;
  /** CCYYMMDD. */
  readonly dateOfOffense?: string;
}

export interface Arrest {
  /** 2.045 DOA, CCYYMMDD. */
  readonly date: string;
  /** 1 to 40 charges. */
  readonly charges: readonly Charge[];
  /** The booking agency ORI: the first 2.073 CRI. */
  readonly bookingAgencyOri: string;
  /** Further 2.073 CRI entries (at most two): at prison intake, the agency that made the arrest. */
  readonly otherAgencyOris?: readonly string[];
  /** 2.005 RET: keep the arrest in the criminal master file (default true). */
  readonly retain?: boolean;
  /** 2.009 OCA, the agency's case number. */
  readonly caseNumber?: string;
  /** 2.006 ATN, who the response is for. */
  readonly attention?: string;
}

/** A finger image for a Type-14 record. `data` is stored as given (already compressed as `compression` says). */
export interface FingerImage {
  readonly fgp: Exclude<FingerPosition, 255>;
  readonly imp: ImpressionType;
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly compression: CompressionCode;
  readonly data: Uint8Array;
  /** 14.005 FCD; defaults to the date of arrest. */
  readonly captureDate?: string;
}

export interface BookingSubmission {
  readonly header: TransactionHeader;
  readonly subject: Biographics;
  readonly arrest: Arrest;
  /** 1 to 14 images. */
  readonly fingers: readonly FingerImage[];
  /** 2.070 RAP: ask for the electronic rap sheet (CAR only). */
  readonly requestRapSheet?: boolean;
}

const MILLIMETRES_PER_INCH = 25.4;

function arrestSegment(charges: readonly Charge[]): string[][] {
  return charges.map((charge) => [charge.dateOfOffense ?? "", charge.literal, charge.ncic]);
}

function type14Record(finger: FingerImage, idc: number, arrest: Arrest): TaggedRecord {
  const ppi = String(Math.round(finger.ppi));
  return taggedRecord(14, [
    textField(2, idcText(idc)),
    textField(3, String(finger.imp)),
    textField(4, arrest.bookingAgencyOri),
    textField(5, finger.captureDate ?? arrest.date),
    textField(6, String(finger.width)),
    textField(7, String(finger.height)),
    textField(8, "1"),
    textField(9, ppi),
    textField(10, ppi),
    textField(11, finger.compression),
    textField(12, "8"),
    textField(13, String(finger.fgp)),
    dataField(999, finger.data),
  ]);
}

function pixelsPerMillimetre(ppi: number): string {
  return (ppi / MILLIMETRES_PER_INCH).toFixed(2).padStart(5, "0");
}

/** The criminal tenprint TOTs a booking or intake station sends. */
export type BookingTot = "CAR" | "CNA" | "CPNU";

function buildBooking(tot: BookingTot, submission: BookingSubmission): NistTransaction {
  const { subject, arrest } = submission;
  const fields: TextField[] = [
    textField(2, idcText(0)),
    textField(5, arrest.retain === false ? "N" : "Y"),
    ...biographicFields(subject),
    textField(45, arrest.date),
    textField(47, arrestSegment(arrest.charges)),
    textField(73, [[arrest.bookingAgencyOri], ...(arrest.otherAgencyOris ?? []).map((ori) => [ori])]),
  ];
  if (arrest.attention) fields.push(textField(6, arrest.attention));
  if (arrest.caseNumber) fields.push(textField(9, arrest.caseNumber));
  if (tot === "CAR" && submission.requestRapSheet !== undefined) {
    fields.push(textField(70, submission.requestRapSheet ? "Y" : "N"));
  }
  const images = submission.fingers.map((finger, index) => type14Record(finger, index + 1, arrest));
  const maxPpi = Math.max(0, ...submission.fingers.map((finger) => finger.ppi));
  const transaction = assembleTransaction(
    { tot, header: submission.header, resolution: maxPpi > 0 ? pixelsPerMillimetre(maxPpi) : undefined },
    [taggedRecord(2, fields), ...images],
  );
  return checkedBuild(transaction, tot);
}

/** Criminal tenprint submission, answer required. Throws EbtsError listing every broken rule. */
export function buildCar(submission: BookingSubmission): NistTransaction {
  return buildBooking("CAR", submission);
}

/** Criminal tenprint submission, no answer necessary. Throws EbtsError listing every broken rule. */
export function buildCna(submission: BookingSubmission): NistTransaction {
  return buildBooking("CNA", submission);
}

/**
 * Criminal fingerprint processing non-urgent: a correctional facility's intake of a sentenced person.
 * Throws EbtsError listing every broken rule.
 */
export function buildCpnu(submission: BookingSubmission): NistTransaction {
  return buildBooking("CPNU", submission);
}
