/**
 * The codec, EBTS profiles, validation, builders and WSQ: plain TypeScript over typed arrays that runs
 * unchanged in Node and in a browser. Image file I/O (PNG, JPEG, TIFF, BMP, PGM through Node-only
 * libraries) is the `@tenprint/nist/image` entry.
 *
 * @module @tenprint/nist
 */
export {
  BINARY_RECORD_LAYOUTS,
  type BinaryRecordLayout,
  binaryRecordLength,
  type HeaderItem,
} from "./an2k/binary-record-layouts.js";
export {
  dataField,
  fieldText,
  findField,
  firstItem,
  formatTag,
  lookupText,
  parseTag,
  recordsOfType,
  taggedRecordsOfType,
  textField,
  withField,
  withoutField,
  withRecord,
} from "./an2k/field-access.js";
export { type FieldOffsets, fieldOffsets } from "./an2k/field-offsets.js";
export { NistError, type NistErrorCode, type NistErrorLocation } from "./an2k/nist-error.js";
export { DEFAULT_PARSE_LIMITS, type ParseLimits } from "./an2k/parse-limits.js";
export type {
  BinaryRecord,
  BinaryRecordType,
  DataField,
  Field,
  NistRecord,
  NistTransaction,
  TaggedRecord,
  TextField,
} from "./an2k/transaction.js";
export { type ParseOptions, parseTransaction } from "./an2k/transaction-parser.js";
export { serializeTransaction } from "./an2k/transaction-writer.js";
export { type Booking, type ReadCharge, readBooking } from "./ebts/booking-reader.js";
export {
  type Arrest,
  type BookingSubmission,
  type BookingTot,
  buildCar,
  buildCna,
  buildCpnu,
  type Charge,
  type FingerImage,
} from "./ebts/car-builder.js";
export { EbtsError } from "./ebts/ebts-error.js";
export { type EbtsProblem, formatProblem, hasErrors, problemFromNistError } from "./ebts/ebts-problem.js";
export { buildErrt, errtMessages } from "./ebts/errt-builder.js";
export {
  fieldSpecByMnemonic,
  fieldSpecByTag,
  fieldSpecsOf,
  getByMnemonic,
  getTextByMnemonic,
  getValuesByMnemonic,
  mnemonicOfTag,
  tagOfMnemonic,
} from "./ebts/field-dictionary.js";
export type { CharacterSet, DateFormat, FieldSpec, ValueSpec } from "./ebts/field-spec.js";
export {
  type DeclaredResolution,
  declaredFingerResolution,
  MINIMUM_SCANNING_PPI,
} from "./ebts/finger-resolution.js";
export { buildIaq, type IaqInput, LESC_ORI } from "./ebts/iaq-builder.js";
export { formatIaqNlets } from "./ebts/iaq-nlets.js";
export { type NletsIaq, parseIaqNlets } from "./ebts/iaq-nlets-parser.js";
export { buildIar, type HistoryEntry, type IarInput } from "./ebts/iar-builder.js";
export { buildIdr, type IdrInput, type IdrResult } from "./ebts/idr-builder.js";
export {
  CODE_TABLES,
  type CodeTableName,
  type CompressionCode,
  type EyeColorCode,
  type FingerPosition,
  type HairColorCode,
  type HistoryDispositionCode,
  type IaqPurposeCode,
  IMMIGRATION_STATUS_CODES,
  type ImmigrationStatusCode,
  type ImpressionType,
  isNcicOffenseCode,
  NCIC_OFFENSE_CATEGORIES,
  type NcicOffenseCode,
  type PriorityCode,
  type RaceCode,
  type SexCode,
} from "./ebts/profiles/code-tables.js";
export {
  CAR_PROFILE,
  CNA_PROFILE,
  CPNU_PROFILE,
  describeRecordCounts,
  EBTS_PROFILES,
  type EbtsProfile,
  ERRT_PROFILE,
  IAQ_PROFILE,
  IAR_PROFILE,
  IDR_PROFILE,
  profileForTot,
  type RecordCountRule,
  type RecordProfile,
  SRE_PROFILE,
} from "./ebts/profiles/tot-profiles.js";
export { type ResponseContext, type ResponseOptions, responseContextOf } from "./ebts/response-context.js";
export { buildSre, type SreInput, type SreResult } from "./ebts/sre-builder.js";
export { type Biographics, formatName, type PersonName, parseName } from "./ebts/subject-fields.js";
export type { TransactionHeader } from "./ebts/transaction-assembly.js";
export {
  DEFAULT_MAX_PROBLEMS,
  type ValidationOptions,
  type ValidationReport,
  validateTransaction,
  validateTransactionReport,
} from "./ebts/validate-transaction.js";
export type { GrayImage } from "./image/gray-image.js";
export { decodeWsq } from "./wsq/wsq-decoder.js";
export { encodeWsq, type WsqEncodeOptions } from "./wsq/wsq-encoder.js";
export { WsqError, type WsqSegment } from "./wsq/wsq-error.js";
export { DEFAULT_BITRATE as DEFAULT_WSQ_BITRATE, DEFAULT_WSQ_PPI, WSQ_LIMITS } from "./wsq/wsq-parameters.js";
