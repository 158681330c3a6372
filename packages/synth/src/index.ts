/**
 * Synthetic data, all labelled synthetic: fingerprints (masters and impressions), people with criminal and
 * immigration records, real US states and counties with synthetic agencies, booking streams as EBTS files
 * (packages/synth/README.md).
 *
 * @module @tenprint/synth
 */
export {
  bookingFingerImages,
  type EncodedImage,
  type ImageEncoder,
  type ImpressionRenderer,
  type ImpressionRequest,
  uncompressedEncoder,
  wsqEncoder,
} from "./bookings/booking-images.js";
export { BOOKING_PARAMETERS, INTAKE_PARAMETERS } from "./bookings/booking-parameters.js";
export {
  activatedOn,
  type Booking,
  type BookingStreamOptions,
  type BookingTruth,
  bookingStream,
  generateBookings,
  MAX_BOOKINGS,
  MAX_BOOKINGS_PER_DAY,
  MIN_BOOKINGS_PER_DAY,
} from "./bookings/booking-stream.js";
export { bookingCar, SYNTHETIC_ATTENTION } from "./bookings/booking-transaction.js";
export {
  generateIntakes,
  type IntakeArrest,
  type IntakeBooking,
  type IntakeOptions,
  intakeCpnu,
} from "./bookings/correctional-intake.js";
export { engineRenderer } from "./bookings/engine-renderer.js";
export { resampleGray, rescaledRenderer } from "./bookings/rescaled-renderer.js";
export { sketchRenderer } from "./bookings/sketch-renderer.js";
export {
  type AnchoredTemplate,
  type ChimeraOptions,
  type ChimeraPool,
  type ChimeraSource,
  chimeraPool,
  chimericTemplate,
} from "./fingerprint/chimeric-template.js";
export {
  CLASS_FREQUENCIES,
  FINGERPRINT_CLASSES,
  type FingerprintClass,
  isFingerprintClass,
} from "./fingerprint/fingerprint-class.js";
export {
  type FingerprintImpression,
  generateImpression,
  type ImpressionOptions,
} from "./fingerprint/fingerprint-impression.js";
export {
  type DatasetRequest,
  type FingerRequest,
  parseDatasetRequest,
  parseFingerRequest,
  SYNTH_FINGER_LIMITS,
} from "./fingerprint/fingerprint-request.js";
export { tenFingerClasses } from "./fingerprint/hand-classes.js";
export type { ImpressionKind } from "./fingerprint/impression-geometry.js";
export {
  generateMasterFingerprint,
  type MasterFingerprint,
  type MasterOptions,
} from "./fingerprint/master-fingerprint.js";
export { SynthFingerError } from "./fingerprint/synth-finger-error.js";
export { datasetFingerSeed, syntheticFingerImage } from "./fingerprint/synthetic-finger-image.js";
export { type SyntheticGalleryOptions, syntheticGallery } from "./fingerprint/synthetic-gallery.js";
export {
  type SyntheticTemplateOptions,
  syntheticTemplate,
  syntheticTemplates,
} from "./fingerprint/synthetic-template.js";
export {
  batchFingers,
  batchTemplate,
  type TemplateBatch,
} from "./fingerprint/template-batch.js";
export {
  BASELINE_TEMPLATE_MODEL,
  COMPETING_TEMPLATE_MODEL,
  DISTRACTOR_TEMPLATE_MODEL,
  type TemplateModel,
  type TemplateModelName,
} from "./fingerprint/template-model.js";
export { type Agency, type AgencyKind, isOri, localAgencyOri } from "./jurisdictions/agency.js";
export {
  type CorrectionalFacility,
  type CorrectionsDepartment,
  type CorrectionsOptions,
  type CorrectionsSet,
  generateCorrections,
} from "./jurisdictions/correctional-facilities.js";
export type { County } from "./jurisdictions/county-table.js";
export { ERO_FIELD_OFFICES, type EroFieldOffice } from "./jurisdictions/data/ero-field-offices.js";
export { PROGRAMME_REGIONS, type ProgrammeRegion } from "./jurisdictions/data/programme-regions.js";
export { US_STATES, type UsState } from "./jurisdictions/data/us-states.js";
export {
  ACTIVATION_STATUSES,
  type Activation,
  type ActivationStatus,
  FBI_CJIS_ORI,
  generateJurisdictions,
  IDENT_ORI,
  type Jurisdiction,
  type JurisdictionOptions,
  type JurisdictionSet,
  type ReceiptPreference,
  type StateRecord,
  sibOriOf,
} from "./jurisdictions/synthetic-jurisdictions.js";
export type {
  ArrestEvent,
  ChargeOutcome,
  CriminalRecord,
  Disposition,
  Sentence,
} from "./population/criminal-history.js";
export { NCIC_OFFENSES, type OffenseKind, type Severity } from "./population/data/ncic-offenses.js";
export type { OriginKey } from "./population/data/origin-profiles.js";
export type { Encounter, EncounterKind, ImmigrationRecord } from "./population/immigration-record.js";
export {
  DEFAULT_FOREIGN_BORN_STATUS_SHARES,
  IMMIGRATION_STATUSES,
  type ImmigrationStatus,
  lescStatusCode,
  recordedStatus,
} from "./population/immigration-status.js";
export type { FingerRecord, Person } from "./population/person.js";
export { SynthOptionError } from "./population/synth-option-error.js";
export {
  checkPopulationOptions,
  generatePopulation,
  MAX_PEOPLE,
  type Population,
  type PopulationOptions,
} from "./population/synthetic-population.js";
